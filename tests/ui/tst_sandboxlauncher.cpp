// The built-in sandbox as the console starts it: only when asked, ready with its issuer, API and
// the people of its tenant data (what the sign-in page lists).

#include "sandboxlauncher.h"

#include <QSignalSpy>
#include <QTest>
#include <QWidget>

using namespace RestoreDesk;

class TestSandboxLauncher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsOnDemandWithTheTenantsPeople();
    void heldUntilTheWindowIsPainted();
};

void TestSandboxLauncher::startsOnDemandWithTheTenantsPeople()
{
    SandboxLauncher launcher;
    QVERIFY(!launcher.isReady());
    QVERIFY(!launcher.isStarting());
    QVERIFY(launcher.people().isEmpty()); // nothing runs before it is asked for
    QSignalSpy ready(&launcher, &BuiltInSandbox::ready);
    launcher.start();
    QVERIFY(launcher.isStarting());
    QVERIFY(ready.wait(30000));
    QVERIFY(launcher.isReady());
    QVERIFY(launcher.issuer().startsWith(QStringLiteral("http://127.0.0.1:")));
    QVERIFY(launcher.apiBase().startsWith(QStringLiteral("http://127.0.0.1:")));
    const QList<SandboxPerson> people = launcher.people();
    QStringList names;
    for (const SandboxPerson &p : people)
        names << p.username;
    QCOMPARE(names,
             (QStringList { QStringLiteral("rita"), QStringLiteral("oscar"), QStringLiteral("carla"),
                            QStringLiteral("nora"), QStringLiteral("greg") }));
    for (const SandboxPerson &p : people) {
        if (p.username == QLatin1String("nora"))
            QVERIFY(p.roles.isEmpty());
        if (p.username == QLatin1String("oscar"))
            QVERIFY2(p.roles.join(QLatin1Char(' ')).contains(QStringLiteral("Backup Operator")),
                     qPrintable(p.roles.join(QLatin1Char(' '))));
    }
    launcher.start(); // a second start does nothing
    QTest::qWait(50);
    QCOMPARE(ready.count(), 1);
}

// The console paints its first page before the sandbox's thread starts competing for the CPU.
void TestSandboxLauncher::heldUntilTheWindowIsPainted()
{
    QWidget window;
    window.resize(200, 100);
    SandboxLauncher launcher;
    launcher.holdUntilPainted(&window);
    QSignalSpy ready(&launcher, &BuiltInSandbox::ready);
    launcher.start();
    QVERIFY(launcher.isStarting()); // says so at once…
    QTest::qWait(300);
    QCOMPARE(ready.count(), 0); // …but nothing runs while the window is not painted
    QVERIFY(launcher.issuer().isEmpty());
    window.show();
    QVERIFY(ready.wait(30000));
    QVERIFY(launcher.isReady());
    QVERIFY(!launcher.isStarting());
}

QTEST_MAIN(TestSandboxLauncher)
#include "tst_sandboxlauncher.moc"
