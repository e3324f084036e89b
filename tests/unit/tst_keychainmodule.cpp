// Where a keychain store looks for its module (QtKeychain's side, loaded at its first call), and
// what it says when the module found cannot serve: missing, not a library, another build's.
#include "auth/keychainstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <dlfcn.h>

using namespace RestoreDesk::Auth;

class TestKeychainModule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void moduleIsFoundAsAnInstallLaysItOut();
    void moduleProblemsAreSaid();
};

void TestKeychainModule::moduleIsFoundAsAnInstallLaysItOut()
{
    // Beside the executables' folder, as bin/ and lib/restoredesk/ (the build tree likewise).
    const QStringList paths = KeychainStore::modulePathsFor(QStringLiteral("/opt/rd/bin"));
    QCOMPARE(paths.size(), 1);
    QVERIFY2(paths.first().endsWith(QStringLiteral("/restoredesk/restoredesk-keychain-module.so")),
             qPrintable(paths.first()));
    QVERIFY(QDir::isAbsolutePath(paths.first()));
    QVERIFY(!paths.first().contains(QStringLiteral("..")));
    // Never from a relative folder (an unknown program location): the working directory is not
    // a place to load code from.
    QVERIFY(KeychainStore::modulePathsFor(QStringLiteral("bin")).isEmpty());
    QVERIFY(KeychainStore::modulePathsFor(QString()).isEmpty());
    // The build tree has it where this test's folder says (tests/*/ as app/*/), and it serves.
    const QStringList mine = KeychainStore::modulePathsFor(QCoreApplication::applicationDirPath());
    QVERIFY2(QFile::exists(mine.value(0)), qPrintable(mine.value(0)));
    QCOMPARE(KeychainStore::moduleProblem(mine), QString());
}

void TestKeychainModule::moduleProblemsAreSaid()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("restoredesk-keychain-module.so"));
    QVERIFY2(
        KeychainStore::moduleProblem({ missing }).contains(QStringLiteral("missing (looked for ") + missing),
        qPrintable(KeychainStore::moduleProblem({ missing })));

    // A file that is no library at all.
    QFile junk(missing);
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not an ELF file");
    junk.close();
    const QString notLoadable = KeychainStore::moduleProblem({ missing });
    QVERIFY2(notLoadable.contains(QStringLiteral("could not be loaded: ")), qPrintable(notLoadable));

    // A library of another build (here Qt Core itself): no entry point of this contract.
    Dl_info info {};
    QVERIFY(dladdr(reinterpret_cast<void *>(&qVersion), &info) != 0 && info.dli_fname);
    const QString other = QString::fromLocal8Bit(info.dli_fname);
    QVERIFY2(KeychainStore::moduleProblem({ other })
                 == other + QStringLiteral(" is not this build's keychain module"),
             qPrintable(KeychainStore::moduleProblem({ other })));
}

QTEST_GUILESS_MAIN(TestKeychainModule)
#include "tst_keychainmodule.moc"
