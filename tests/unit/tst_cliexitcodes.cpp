// A command that meets several failures (a listing of many vaults) exits with the most telling of
// their codes, in either order: 6 over 3 over 2 over any other failure over 0.

#include "clicontext.h"

#include <QTest>

using namespace RestoreDesk::Cli;

class TestCliExitCodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void moreTelling_data();
    void moreTelling();
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

QTEST_GUILESS_MAIN(TestCliExitCodes)
#include "tst_cliexitcodes.moc"
