// The built-in sandbox as the console starts it: only when asked, from its module (loaded only
// then), ready with its issuer, API and the people of its tenant data (what the sign-in page
// lists); a module that is missing or not a module is a clear failure, never a crash.

#include "sandboxfactory.h"
#include "sandboxlauncher.h"
#include "sandboxmoduleerrors.h"
#include "text/errortext.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPluginLoader>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace RestoreDesk;

class TestSandboxLauncher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsOnDemandWithTheTenantsPeople();
    void heldUntilTheWindowIsPainted();
    void aMissingModuleFailsWithItsSentence();
    void aFileThatIsNotAModuleFailsWithItsSentence();
    void aRelativePathIsNeverLoaded();
    void looksBesideTheExecutableThenInTheInstallsLibraryFolder();
    void aModuleThatMakesNoSandboxFailsWithItsSentence();
    void aSandboxThatFailsToStartIsTriedAgainWhenChosenAgain();
    void aModuleOfAnotherContractIsRefused();
    void theInstalledModuleLoads();

private:
    static QStringList builtModule() { return { QStringLiteral(RD_TEST_SANDBOX_MODULE) }; }
};

void TestSandboxLauncher::startsOnDemandWithTheTenantsPeople()
{
    SandboxLauncher launcher(builtModule());
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
    SandboxLauncher launcher(builtModule());
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

// No module where it is looked for: the operator reads why (and where it was looked for), the
// launcher is not left "starting", and choosing the sandbox again tries again.
void TestSandboxLauncher::aMissingModuleFailsWithItsSentence()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QStringList paths { dir.filePath(QStringLiteral("a/restoredesk-sandbox-module.so")),
                              dir.filePath(QStringLiteral("b/restoredesk-sandbox-module.so")) };
    SandboxLauncher launcher(paths);
    QSignalSpy ready(&launcher, &BuiltInSandbox::ready);
    QSignalSpy failed(&launcher, &BuiltInSandbox::failed);
    launcher.start();
    QVERIFY(failed.wait(5000));
    QCOMPARE(ready.count(), 0);
    QVERIFY(!launcher.isReady());
    QVERIFY(!launcher.isStarting());
    QVERIFY(launcher.issuer().isEmpty());
    QVERIFY(launcher.people().isEmpty());
    QVERIFY(Text::hasSentence(SandboxModule::Codes::Missing));
    const QString message = failed.first().first().toString();
    QCOMPARE(message,
             Text::describe(Error::make(Error::Kind::Io, SandboxModule::Codes::Missing, QString(),
                                        { paths.join(QStringLiteral(", ")) })));
    QVERIFY2(message.contains(QStringLiteral("not installed")) && message.contains(paths.at(1)),
             qPrintable(message));
    launcher.start();
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.count(), 2);
}

// A file in the module's place that is not a loadable module (a damaged install): the loader's
// refusal, with the module's path, not a crash.
void TestSandboxLauncher::aFileThatIsNotAModuleFailsWithItsSentence()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("restoredesk-sandbox-module.so"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not an ELF file\n");
    file.close();
    SandboxLauncher launcher({ path });
    QSignalSpy failed(&launcher, &BuiltInSandbox::failed);
    launcher.start();
    QVERIFY(failed.wait(5000));
    QVERIFY(!launcher.isReady());
    QVERIFY(!launcher.isStarting());
    QVERIFY(Text::hasSentence(SandboxModule::Codes::LoadFailed));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.startsWith(Text::describe(
                 Error::make(Error::Kind::Io, SandboxModule::Codes::LoadFailed, QString(), { path }))),
             qPrintable(message));
}

// Were the executable's location unknown (Qt then answers "." for its folder), the module's
// paths would be relative: a file of that name in the working directory is never loaded.
void TestSandboxLauncher::aRelativePathIsNeverLoaded()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile planted(dir.filePath(QStringLiteral("restoredesk-sandbox-module.so")));
    QVERIFY(planted.open(QIODevice::WriteOnly));
    planted.write("planted\n");
    planted.close();
    const QString before = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    SandboxLauncher launcher(SandboxLauncher::modulePathsFor(QStringLiteral(".")));
    QSignalSpy failed(&launcher, &BuiltInSandbox::failed);
    launcher.start();
    const bool reported = failed.wait(5000);
    QVERIFY(QDir::setCurrent(before));
    QVERIFY(reported);
    // Not even tried: "not installed", not the loader's refusal of the planted file.
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("not installed")), qPrintable(message));
}

// Where the console looks: the build tree keeps the module beside the executable, an install in
// its library folder (the path `cmake --install` uses, checked by the install test).
void TestSandboxLauncher::looksBesideTheExecutableThenInTheInstallsLibraryFolder()
{
    const QStringList paths = SandboxLauncher::modulePathsFor(QStringLiteral("/opt/rd/bin"));
    QCOMPARE(paths.size(), 2);
    QCOMPARE(paths.at(0), QStringLiteral("/opt/rd/bin/restoredesk-sandbox-module.so"));
    QCOMPARE(paths.at(1),
             QStringLiteral("/opt/rd/" RD_TEST_MODULE_INSTALL_DIR "/restoredesk-sandbox-module.so"));
    QVERIFY(SandboxLauncher::defaultModulePaths().at(0).endsWith(
        QStringLiteral("/restoredesk-sandbox-module.so")));
}

// A module of this contract whose factory makes nothing: its own sentence, not "not a module".
void TestSandboxLauncher::aModuleThatMakesNoSandboxFailsWithItsSentence()
{
    const QString path = QStringLiteral(RD_TEST_FAKE_NO_INSTANCE);
    SandboxLauncher launcher({ path });
    QSignalSpy failed(&launcher, &BuiltInSandbox::failed);
    launcher.start();
    QVERIFY(failed.wait(5000));
    QVERIFY(!launcher.isStarting());
    QVERIFY(Text::hasSentence(SandboxModule::Codes::NoInstance));
    QCOMPARE(failed.first().first().toString(),
             Text::describe(
                 Error::make(Error::Kind::Internal, SandboxModule::Codes::NoInstance, QString(), { path })));
}

// A sandbox that loads but cannot start (its port, its data): the operator reads why, and
// choosing the sandbox again starts a new one rather than finding the failed one "there".
void TestSandboxLauncher::aSandboxThatFailsToStartIsTriedAgainWhenChosenAgain()
{
    SandboxLauncher launcher({ QStringLiteral(RD_TEST_FAKE_FAILS_TO_START) });
    QSignalSpy ready(&launcher, &BuiltInSandbox::ready);
    QSignalSpy failed(&launcher, &BuiltInSandbox::failed);
    launcher.start();
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().first().toString(), QStringLiteral("cannot listen"));
    QVERIFY(!launcher.isStarting());
    QVERIFY(!launcher.isReady());
    launcher.start();
    QVERIFY(launcher.isStarting());
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.count(), 2);
    QCOMPARE(ready.count(), 0);
    QVERIFY(!launcher.isStarting());
}

// The contract's id ends with a digest of the headers both sides compile, so a module built
// from other contract headers (here: the id from before digests) is refused by name, never called.
void TestSandboxLauncher::aModuleOfAnotherContractIsRefused()
{
    const QString iid = QStringLiteral(RestoreDeskSandboxFactory_iid);
    QVERIFY2(iid.startsWith(QStringLiteral("org.restoredesk.SandboxFactory/1-")), qPrintable(iid));
    QCOMPARE(iid.size(), QStringLiteral("org.restoredesk.SandboxFactory/1-").size() + 16);
    QCOMPARE(QPluginLoader(QStringLiteral(RD_TEST_SANDBOX_MODULE))
                 .metaData()
                 .value(QStringLiteral("IID"))
                 .toString(),
             iid);

    const QString path = QStringLiteral(RD_TEST_FAKE_OTHER_CONTRACT);
    SandboxLauncher launcher({ path });
    QSignalSpy failed(&launcher, &BuiltInSandbox::failed);
    launcher.start();
    QVERIFY(failed.wait(5000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.startsWith(Text::describe(
                 Error::make(Error::Kind::Invalid, SandboxModule::Codes::NotAModule, QString(), { path }))),
             qPrintable(message));
    QVERIFY(!launcher.isStarting());
}

// Run by tst_sandboxlauncher_installed after `cmake --install` (the fixture install_layout): the
// installed console's paths find the installed module, and it starts a sandbox.
void TestSandboxLauncher::theInstalledModuleLoads()
{
    const QString bindir = qEnvironmentVariable("RD_TEST_INSTALLED_BINDIR");
    if (bindir.isEmpty())
        QSKIP("run as tst_sandboxlauncher_installed, after the install_layout fixture");
    QVERIFY2(QFileInfo(bindir + QStringLiteral("/restoredesk")).isExecutable(), qPrintable(bindir));
    const QStringList paths = SandboxLauncher::modulePathsFor(bindir);
    QVERIFY2(!QFileInfo(paths.at(0)).exists(), qPrintable(paths.at(0))); // not beside it: in lib
    QVERIFY2(QFileInfo(paths.at(1)).isFile(), qPrintable(paths.at(1)));
    SandboxLauncher launcher(paths);
    QSignalSpy ready(&launcher, &BuiltInSandbox::ready);
    QSignalSpy failed(&launcher, &BuiltInSandbox::failed);
    launcher.start();
    QVERIFY(ready.wait(30000));
    QCOMPARE(failed.count(), 0);
    QVERIFY(launcher.issuer().startsWith(QStringLiteral("http://127.0.0.1:")));
    QCOMPARE(launcher.people().size(), 5);
}

QTEST_MAIN(TestSandboxLauncher)
#include "tst_sandboxlauncher.moc"
