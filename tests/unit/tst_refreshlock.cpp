// Where the cross-process refresh lock lives: a folder private to this user, never a shared
// temporary folder another local user could take over.
#include "auth/autherrors.h"
#include "auth/refreshlock.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace RestoreDesk;
using namespace RestoreDesk::Auth;

class TestRefreshLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void sharedFolderIsRefused();
    void withoutRuntimeFolderUsesAPrivateDataFolder();
};

void TestRefreshLock::cleanup()
{
    qunsetenv("RESTOREDESK_RUNTIME_DIR");
}

void TestRefreshLock::sharedFolderIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                      | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther
                                      | QFile::ExeOther));
    qputenv("RESTOREDESK_RUNTIME_DIR", dir.path().toUtf8());
    QVERIFY(!RefreshLock::directory().ok());
    RefreshLock lock(QStringLiteral("issuer|client|subject"));
    std::optional<Result<void>> got;
    lock.acquire(1000, [&](Result<void> r) { got = r; });
    QVERIFY(got.has_value());
    QVERIFY2(!got->ok(), "a lock file was made in a folder other users can write to");
    QCOMPARE(got->error().code, QString(Auth::Codes::RefreshLockUnsafe));
    QVERIFY(got->error().detail.contains(QStringLiteral("0700")));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());

    // The same folder made private is accepted.
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    RefreshLock ok(QStringLiteral("issuer|client|subject"));
    got.reset();
    ok.acquire(1000, [&](Result<void> r) { got = r; });
    QVERIFY(got.has_value() && got->ok());
    QVERIFY(ok.fileName().startsWith(dir.path()));
}

// Defect: without a runtime folder the lock went to the shared temporary folder under a
// predictable name.
void TestRefreshLock::withoutRuntimeFolderUsesAPrivateDataFolder()
{
    QTemporaryDir home;
    const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
    qunsetenv("XDG_RUNTIME_DIR");
    qputenv("XDG_DATA_HOME", home.path().toUtf8());
    const auto dir = RefreshLock::directory();
    if (!runtime.isEmpty())
        qputenv("XDG_RUNTIME_DIR", runtime);
    QVERIFY2(dir.ok(), qPrintable(dir.ok() ? QString() : dir.error().toString()));
    QVERIFY2(dir->startsWith(home.path()), qPrintable(dir.value()));
    QVERIFY(!dir->startsWith(QDir::tempPath() + QStringLiteral("/runtime-")));
    QCOMPARE(QFile::permissions(dir.value())
                 & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
                    | QFile::WriteOther | QFile::ExeOther),
             QFile::Permissions());
}

QTEST_GUILESS_MAIN(TestRefreshLock)
#include "tst_refreshlock.moc"
