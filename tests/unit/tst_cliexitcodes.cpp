// A command that meets several failures (a listing of many vaults) exits with the most telling of
// their codes, in either order: 6 over 3 over 2 over any other failure over 0. A failed sign-in
// exits 3 only when the issuer or its tokens were refused, not when something failed here.

#include "auth/autherrors.h"
#include "clicontext.h"
#include "jose/jwssignature.h"

#include <QTest>

using namespace RestoreDesk::Cli;

class TestCliExitCodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void moreTelling_data();
    void moreTelling();
    void signInFailures_data();
    void signInFailures();
};

void TestCliExitCodes::moreTelling_data()
{
    QTest::addColumn<int>("a");
    QTest::addColumn<int>("b");
    QTest::addColumn<int>("expected");
    QTest::newRow("nothing failed") << int(Ok) << int(Ok) << int(Ok);
    QTest::newRow("a failure over ok") << int(Ok) << int(Failure) << int(Failure);
    QTest::newRow("authentication over a failure") << int(AuthFailed) << int(Failure) << int(AuthFailed);
    QTest::newRow("permission over authentication")
        << int(AuthFailed) << int(PermissionDenied) << int(PermissionDenied);
    QTest::newRow("permission over a failure")
        << int(PermissionDenied) << int(Failure) << int(PermissionDenied);
    QTest::newRow("usage over a failure") << int(Failure) << int(Usage) << int(Usage);
    QTest::newRow("authentication over usage") << int(Usage) << int(AuthFailed) << int(AuthFailed);
    QTest::newRow("two equal") << int(Failure) << int(Failure) << int(Failure);
    QTest::newRow("of two others, the higher") << int(ChainBroken) << int(JobFailed) << int(JobFailed);
}

void TestCliExitCodes::moreTelling()
{
    QFETCH(int, a);
    QFETCH(int, b);
    QFETCH(int, expected);
    QCOMPARE(moreTellingExit(a, b), expected);
    QCOMPARE(moreTellingExit(b, a), expected); // the order does not matter
}

void TestCliExitCodes::signInFailures_data()
{
    using RestoreDesk::Error;
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("expected");
    QTest::newRow("ID token rejected")
        << int(Error::Kind::Security) << QStringLiteral("bad_signature") << int(AuthFailed);
    QTest::newRow("sign-in refused") << int(Error::Kind::Auth) << QStringLiteral("access_denied")
                                     << int(AuthFailed);
    QTest::newRow("no libcrypto to verify with")
        << int(Error::Kind::Internal) << QString(RestoreDesk::Jose::Codes::CryptoUnavailable) << int(Failure);
    QTest::newRow("no randomness") << int(Error::Kind::Internal) << QStringLiteral("no_randomness")
                                   << int(Failure);
    QTest::newRow("keychain module missing")
        << int(Error::Kind::Keychain) << QString(RestoreDesk::Auth::Codes::KeychainModuleUnavailable)
        << int(Failure);
    QTest::newRow("issuer unreachable")
        << int(Error::Kind::Network) << QStringLiteral("connection_refused") << int(Failure);
    QTest::newRow("no such profile") << int(Error::Kind::Invalid)
                                     << QString(RestoreDesk::Auth::Codes::NoSuchProfile) << int(Usage);
}

void TestCliExitCodes::signInFailures()
{
    QFETCH(int, kind);
    QFETCH(QString, code);
    QFETCH(int, expected);
    QCOMPARE(authExitCode(RestoreDesk::Error::make(RestoreDesk::Error::Kind(kind), code)), expected);
}

QTEST_GUILESS_MAIN(TestCliExitCodes)
#include "tst_cliexitcodes.moc"
