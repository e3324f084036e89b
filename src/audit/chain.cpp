#include "audit/chain.h"

#include "audit/auditerrors.h"
#include "core/libcrypto.h"

#include <QJsonDocument>

#include <cstring>
#include <initializer_list>

namespace RestoreDesk::Audit {

namespace {

constexpr int kBlock = 64; // SHA-256 block size, for HMAC padding

bool libcryptoLoaded()
{
    return LibCrypto::functions() != nullptr;
}

EVP_MD *fetchSha256()
{
    return libcryptoLoaded() ? LibCrypto::loaded().EVP_MD_fetch(nullptr, "SHA256", nullptr) : nullptr;
}

EVP_MD_CTX *newContext()
{
    return libcryptoLoaded() ? LibCrypto::loaded().EVP_MD_CTX_new() : nullptr;
}

void freeDigest(EVP_MD *md, std::initializer_list<EVP_MD_CTX *> contexts)
{
    if (!libcryptoLoaded())
        return;
    for (EVP_MD_CTX *c : contexts)
        LibCrypto::loaded().EVP_MD_CTX_free(c);
    LibCrypto::loaded().EVP_MD_free(md);
}

} // namespace

struct Sha256::State
{
    EVP_MD *md = fetchSha256();
    EVP_MD_CTX *ctx = newContext();
    ~State() { freeDigest(md, { ctx }); }
    bool whole() const { return md && ctx; }
};

Result<void> Sha256::available()
{
    // Loaded, and computing SHA-256 right (a configuration may offer none, a provider may be
    // broken): checked once per process, with FIPS 180-2's first known answer.
    static const QString problem = [] {
        if (!libcryptoLoaded())
            return LibCrypto::unavailable();
        static const unsigned char abc[32]
            = { 0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };
        unsigned char out[32];
        Sha256().digest("abc", 3, out);
        return std::memcmp(out, abc, sizeof abc) == 0
            ? QString()
            : QStringLiteral("OpenSSL's libcrypto gives no SHA-256, or a wrong one (see its configuration, "
                             "OPENSSL_CONF)");
    }();
    if (!problem.isEmpty())
        return Error::make(Error::Kind::Internal, Codes::CryptoUnavailable, problem);
    return {};
}

Sha256::Sha256()
    : m_state(std::make_unique<State>())
{ }

Sha256::~Sha256() = default;

void Sha256::digest(const char *data, qsizetype size, unsigned char out[32])
{
    unsigned int length = 0;
    if (!m_state->whole()) {
        std::memset(out, 0, 32);
        return;
    }
    if (LibCrypto::loaded().EVP_DigestInit_ex2(m_state->ctx, m_state->md, nullptr) != 1
        || LibCrypto::loaded().EVP_DigestUpdate(m_state->ctx, data, size_t(size)) != 1
        || LibCrypto::loaded().EVP_DigestFinal_ex(m_state->ctx, out, &length) != 1)
        std::memset(out, 0, 32); // never what was in `out` before; available() fails such a library
}

QByteArray Sha256::hex(const char *data, qsizetype size)
{
    unsigned char d[32];
    digest(data, size, d);
    QByteArray out(64, Qt::Uninitialized);
    LineFormat::toHex(d, out.data());
    return out;
}

struct MacKey::State
{
    EVP_MD *md = fetchSha256();
    EVP_MD_CTX *inner = newContext();
    EVP_MD_CTX *outer = newContext();
    EVP_MD_CTX *scratch = newContext();
    bool keyed = false; // inner and outer hold the padded key's states
    ~State() { freeDigest(md, { inner, outer, scratch }); }
    bool whole() const { return md && inner && outer && scratch; }
};

MacKey::MacKey(const QByteArray &key)
    : m_state(std::make_unique<State>())
{
    // HMAC (RFC 2104) with the padded key states hashed once: each MAC then costs two copies of a
    // context instead of four block compressions and two allocations.
    unsigned char k[kBlock] = {};
    if (key.size() > kBlock) {
        Sha256 sha;
        sha.digest(key.constData(), key.size(), k);
    } else {
        std::memcpy(k, key.constData(), size_t(key.size()));
    }
    unsigned char ipad[kBlock];
    unsigned char opad[kBlock];
    for (int i = 0; i < kBlock; ++i) {
        ipad[i] = k[i] ^ 0x36;
        opad[i] = k[i] ^ 0x5c;
    }
    // Without libcrypto (or when it fails here) every MAC is zeros, which no key gives: records
    // would not verify, but the log and the verifier refuse to work before (Sha256::available()).
    if (!m_state->whole())
        return;
    const LibCrypto::Functions &f = LibCrypto::loaded();
    m_state->keyed = f.EVP_DigestInit_ex2(m_state->inner, m_state->md, nullptr) == 1
        && f.EVP_DigestUpdate(m_state->inner, ipad, kBlock) == 1
        && f.EVP_DigestInit_ex2(m_state->outer, m_state->md, nullptr) == 1
        && f.EVP_DigestUpdate(m_state->outer, opad, kBlock) == 1;
    m_id = macHex(QByteArrayLiteral("rd-audit-key-id-v1")).left(LineFormat::kKeyIdSize);
}

MacKey::~MacKey() = default;

void MacKey::mac(const QByteArray &prefix, const char *data, qsizetype size, unsigned char out[32])
{
    unsigned char inner[32];
    unsigned int length = 0;
    if (!m_state->keyed) {
        std::memset(out, 0, 32);
        return;
    }
    const LibCrypto::Functions &f = LibCrypto::loaded();
    const bool done = f.EVP_MD_CTX_copy_ex(m_state->scratch, m_state->inner) == 1
        && f.EVP_DigestUpdate(m_state->scratch, prefix.constData(), size_t(prefix.size())) == 1
        && f.EVP_DigestUpdate(m_state->scratch, data, size_t(size)) == 1
        && f.EVP_DigestFinal_ex(m_state->scratch, inner, &length) == 1
        && f.EVP_MD_CTX_copy_ex(m_state->scratch, m_state->outer) == 1
        && f.EVP_DigestUpdate(m_state->scratch, inner, sizeof inner) == 1
        && f.EVP_DigestFinal_ex(m_state->scratch, out, &length) == 1;
    if (!done)
        std::memset(out, 0, 32); // never a half-computed MAC
}

void MacKey::recordMac(const unsigned char hash[32], unsigned char out[32])
{
    static const QByteArray label("rd-audit-record-v1\0", 19);
    mac(label, reinterpret_cast<const char *>(hash), 32, out);
}

QByteArray MacKey::recordMacHex(const QByteArray &hashHex)
{
    const QByteArray raw = QByteArray::fromHex(hashHex);
    unsigned char m[32];
    recordMac(reinterpret_cast<const unsigned char *>(raw.constData()), m);
    QByteArray out(64, Qt::Uninitialized);
    LineFormat::toHex(m, out.data());
    return out;
}

QByteArray MacKey::anchorMacHex(qint64 seq, const QByteArray &hashHex)
{
    static const QByteArray label("rd-audit-head-v1\0", 17);
    const QByteArray message = label + QByteArray::number(seq) + '\0' + hashHex;
    return macHex(message);
}

QByteArray MacKey::macHex(const QByteArray &message)
{
    unsigned char m[32];
    mac(QByteArray(), message.constData(), message.size(), m);
    QByteArray out(64, Qt::Uninitialized);
    LineFormat::toHex(m, out.data());
    return out;
}

namespace LineFormat {

namespace {

constexpr char kSeq[] = "{\"seq\":";
constexpr char kPrev[] = ",\"prev\":\"";
constexpr char kType[] = "\",\"type\":\"";
constexpr char kKey[] = ",\"key\":\"";
constexpr char kHash[] = ",\"hash\":\"";
constexpr char kMac[] = "\",\"mac\":\"";
constexpr int len(const char *s, int n = 0)
{
    return s[n] ? len(s, n + 1) : n;
}

bool isHex(const char *p, int n)
{
    for (int i = 0; i < n; ++i) {
        const char c = p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

bool isTypeChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

} // namespace

QByteArray genesis()
{
    return QByteArray(kHashHexSize, '0');
}

void toHex(const unsigned char bytes[32], char out[64])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
}

bool isValidType(const QString &type)
{
    if (type.isEmpty() || type.size() > 40)
        return false;
    for (const QChar c : type) {
        if (c.unicode() > 127 || !isTypeChar(char(c.unicode())))
            return false;
    }
    return true;
}

bool parse(const char *line, qsizetype size, View *out)
{
    // Tail, read from the end: `"}` after the hash (no key) or after the mac (with a key).
    constexpr int hashField = len(kHash) + kHashHexSize; // ,"hash":"<64>
    constexpr int macField = len(kMac) + kHashHexSize; // ","mac":"<64>
    constexpr int keyField = len(kKey) + kKeyIdSize; // ,"key":"<16>
    if (size < len(kSeq) + 1 + len(kPrev) + kHashHexSize + len(kType) + 2 + hashField + 2)
        return false;
    if (line[size - 1] != '}' || line[size - 2] != '"')
        return false;
    qsizetype end = size - 2; // one past the last hex digit of the last field
    const char *mac = nullptr;
    if (std::memcmp(line + end - macField, kMac, size_t(len(kMac))) == 0) {
        mac = line + end - kHashHexSize;
        end -= macField; // now at the closing quote of the hash
    }
    const char *hash = line + end - kHashHexSize;
    if (std::memcmp(line + end - hashField, kHash, size_t(len(kHash))) != 0)
        return false;
    qsizetype hashed = end - hashField;
    const char *keyId = nullptr;
    if (mac) {
        // `,"key":"<16>"` right before the hash field.
        if (hashed < keyField + 1 || line[hashed - 1] != '"'
            || std::memcmp(line + hashed - 1 - keyField, kKey, size_t(len(kKey))) != 0)
            return false;
        keyId = line + hashed - 1 - kKeyIdSize;
        if (!isHex(keyId, kKeyIdSize) || !isHex(mac, kHashHexSize))
            return false;
    }
    if (!isHex(hash, kHashHexSize))
        return false;

    // Head: {"seq":N,"prev":"<64>","type":"<type>"
    if (std::memcmp(line, kSeq, size_t(len(kSeq))) != 0)
        return false;
    qsizetype i = len(kSeq);
    qint64 seq = 0;
    const qsizetype digitsStart = i;
    while (i < hashed && line[i] >= '0' && line[i] <= '9' && i - digitsStart < 18)
        seq = seq * 10 + (line[i++] - '0');
    if (i == digitsStart || seq <= 0)
        return false;
    if (i + len(kPrev) + kHashHexSize + len(kType) > hashed
        || std::memcmp(line + i, kPrev, size_t(len(kPrev))) != 0)
        return false;
    i += len(kPrev);
    const char *prev = line + i;
    if (!isHex(prev, kHashHexSize))
        return false;
    i += kHashHexSize;
    if (std::memcmp(line + i, kType, size_t(len(kType))) != 0)
        return false;
    i += len(kType);
    const char *type = line + i;
    while (i < hashed && isTypeChar(line[i]))
        ++i;
    if (i == type - line || i >= hashed || line[i] != '"')
        return false;
    out->seq = seq;
    out->prev = prev;
    out->type = type;
    out->typeSize = int(i - (type - line));
    out->keyId = keyId;
    out->hash = hash;
    out->mac = mac;
    out->hashedSize = hashed;
    return true;
}

QByteArray encode(qint64 seq, const QByteArray &prevHex, const QString &type, const QJsonObject &body,
                  MacKey *key, Sha256 &sha, QByteArray *hashHex)
{
    QByteArray line;
    line.reserve(512);
    line += kSeq;
    line += QByteArray::number(seq);
    line += kPrev;
    line += prevHex;
    line += kType;
    line += type.toLatin1();
    line += '"';
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    if (json.size() > 2) {
        line += ',';
        line.append(json.constData() + 1, json.size() - 2);
    }
    if (key) {
        line += kKey;
        line += key->id();
        line += '"';
    }
    const QByteArray hash = sha.hex(line);
    line += kHash;
    line += hash;
    line += '"';
    if (key) {
        line += kMac + 1; // the closing quote of the hash is already there
        line += key->recordMacHex(hash);
        line += '"';
    }
    line += '}';
    if (hashHex)
        *hashHex = hash;
    return line;
}

} // namespace LineFormat

} // namespace RestoreDesk::Audit
