// Tokens live in the console's memory: its processes turn core dumps and same-user ptrace off.

#include "core/processhardening.h"

#include <QTest>

#include <sys/prctl.h>
#include <sys/resource.h>

using namespace RestoreDesk;

class TestProcessHardening : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void turnsCoreDumpsOff();
};

void TestProcessHardening::turnsCoreDumpsOff()
{
    struct rlimit limit = {};
    QVERIFY(getrlimit(RLIMIT_CORE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_CORE, &limit);
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    if (limit.rlim_max != 0)
        QVERIFY(!coreDumpsDisabled()); // the check can tell the difference
    QVERIFY(disableCoreDumps());
    QVERIFY(coreDumpsDisabled());
    QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    QVERIFY(getrlimit(RLIMIT_CORE, &limit) == 0);
    QCOMPARE(limit.rlim_cur, rlim_t(0));
    QCOMPARE(limit.rlim_max, rlim_t(0));
}

QTEST_GUILESS_MAIN(TestProcessHardening)
#include "tst_processhardening.moc"
