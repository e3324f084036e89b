// OpenSSL's libcrypto, loaded at its first use (LibCrypto): every function the program calls is
// found, and calls through them compute what OpenSSL computes (SHA-256 known answers, the audit
// chain's hasher, random bytes).
#include "audit/chain.h"
#include "core/libcrypto.h"

#include <QCryptographicHash>
#include <QTest>

using namespace RestoreDesk;

class TestLibCrypto : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFunctionIsFound();
    void sha256KnownAnswers();
    void auditHasherAgreesWithQt();
    void randomBytes();
};

void TestLibCrypto::everyFunctionIsFound()
{
    QString why = QStringLiteral("not asked");
    const LibCrypto::Functions *f = LibCrypto::functions(&why);
    QVERIFY2(f, qPrintable(why));
    QVERIFY(why.isEmpty());
#define RD_CHECK_FOUND(name) QVERIFY2(f->name != nullptr, #name);
    RD_LIBCRYPTO_FUNCTIONS(RD_CHECK_FOUND)
#undef RD_CHECK_FOUND
    QCOMPARE(LibCrypto::functions(), f); // once per process
    QVERIFY(Audit::Sha256::available().ok());
}

void TestLibCrypto::sha256KnownAnswers()
{
    const LibCrypto::Functions *f = LibCrypto::functions();
    QVERIFY(f);
    // FIPS 180-2, appendix B.1 and B.2.
    const QList<QPair<QByteArray, QByteArray>> answers {
        { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
        { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
    };
    for (const auto &[message, digest] : answers) {
        EVP_MD *md = f->EVP_MD_fetch(nullptr, "SHA256", nullptr);
        EVP_MD_CTX *ctx = f->EVP_MD_CTX_new();
        QVERIFY(md && ctx);
        unsigned char out[32];
        unsigned int length = 0;
        QCOMPARE(f->EVP_DigestInit_ex2(ctx, md, nullptr), 1);
        QCOMPARE(f->EVP_DigestUpdate(ctx, message.constData(), size_t(message.size())), 1);
        QCOMPARE(f->EVP_DigestFinal_ex(ctx, out, &length), 1);
        f->EVP_MD_CTX_free(ctx);
        f->EVP_MD_free(md);
        QCOMPARE(length, 32u);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(out), 32).toHex(), digest);
    }
}

void TestLibCrypto::auditHasherAgreesWithQt()
{
    Audit::Sha256 sha;
    QByteArray input;
    for (int size : { 0, 1, 55, 56, 64, 1000, 100000 }) {
        input.fill('r', size);
        QCOMPARE(sha.hex(input), QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex());
    }
}

void TestLibCrypto::randomBytes()
{
    const LibCrypto::Functions *f = LibCrypto::functions();
    QVERIFY(f);
    unsigned char a[32] = {};
    unsigned char b[32] = {};
    QCOMPARE(f->RAND_bytes(a, int(sizeof a)), 1);
    QCOMPARE(f->RAND_bytes(b, int(sizeof b)), 1);
    QVERIFY(QByteArray(reinterpret_cast<const char *>(a), 32)
            != QByteArray(reinterpret_cast<const char *>(b), 32));
}

QTEST_GUILESS_MAIN(TestLibCrypto)
#include "tst_libcrypto.moc"
