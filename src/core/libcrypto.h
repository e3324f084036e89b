#pragma once

#include <QString>
#include <QtGlobal>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

static_assert(OPENSSL_VERSION_MAJOR == 3, "LibCrypto loads OpenSSL 3's libcrypto.so.3");

namespace RestoreDesk::LibCrypto {

// OpenSSL's libcrypto, loaded when first used instead of when the process starts. The CLI's
// estate listing needs it only for the audit record it ends with (SHA-256), which it prepares
// while its first answers are awaited; loading it at start cost about 3.3 ms of every command
// on the benchmark machine (an empty program linked to it against one that is not). The
// functions this program calls, resolved by name from the library the headers describe: each
// pointer has the type of the function it stands for, so a call is checked as a direct one is.
#define RD_LIBCRYPTO_FUNCTIONS(X) \
    X(BN_bin2bn) \
    X(BN_free) \
    X(ECDSA_SIG_free) \
    X(ECDSA_SIG_new) \
    X(ECDSA_SIG_set0) \
    X(EVP_DigestFinal_ex) \
    X(EVP_DigestInit_ex2) \
    X(EVP_DigestUpdate) \
    X(EVP_DigestVerify) \
    X(EVP_DigestVerifyInit) \
    X(EVP_MD_CTX_copy_ex) \
    X(EVP_MD_CTX_free) \
    X(EVP_MD_CTX_new) \
    X(EVP_MD_fetch) \
    X(EVP_MD_free) \
    X(EVP_PKEY_CTX_free) \
    X(EVP_PKEY_CTX_new_from_name) \
    X(EVP_PKEY_CTX_set_rsa_padding) \
    X(EVP_PKEY_CTX_set_rsa_pss_saltlen) \
    X(EVP_PKEY_free) \
    X(EVP_PKEY_fromdata) \
    X(EVP_PKEY_fromdata_init) \
    X(EVP_PKEY_new_raw_public_key) \
    X(EVP_sha256) \
    X(EVP_sha384) \
    X(EVP_sha512) \
    X(OSSL_PARAM_BLD_free) \
    X(OSSL_PARAM_BLD_new) \
    X(OSSL_PARAM_BLD_push_BN) \
    X(OSSL_PARAM_BLD_push_octet_string) \
    X(OSSL_PARAM_BLD_push_utf8_string) \
    X(OSSL_PARAM_BLD_to_param) \
    X(OSSL_PARAM_free) \
    X(RAND_bytes) \
    X(i2d_ECDSA_SIG)

struct Functions
{
#define RD_LIBCRYPTO_POINTER(name) decltype(&::name) name = nullptr;
    RD_LIBCRYPTO_FUNCTIONS(RD_LIBCRYPTO_POINTER)
#undef RD_LIBCRYPTO_POINTER
};

// The functions, loaded at the first call (once per process, from any thread; never unloaded),
// or nullptr when the library or one of them cannot be loaded, with why in `why` (the same on
// every call). Where a program links libcrypto itself (the sandbox, tests), the same library is
// found already loaded.
const Functions *functions(QString *why = nullptr);

// The functions, for code that already had them from functions(): a digest state, a key or a
// signature exists only once they loaded, so whatever holds one calls through this.
inline const Functions &loaded()
{
    const Functions *f = functions();
    Q_ASSERT(f);
    return *f;
}

// "OpenSSL's libcrypto is not usable here: …" for an Error's detail, when functions() gave nullptr.
QString unavailable();

} // namespace RestoreDesk::LibCrypto

namespace RestoreDesk {

// Frees `object` with libcrypto's `free` (e.g. &LibCrypto::Functions::BN_free), for a deleter:
// nothing when it is null or libcrypto is not loaded (then nothing of it can have been made here).
template<typename Object>
void freeWith(void (*(LibCrypto::Functions::*release))(Object *), Object *object)
{
    if (const LibCrypto::Functions *f = object ? LibCrypto::functions() : nullptr)
        (f->*release)(object);
}

} // namespace RestoreDesk
