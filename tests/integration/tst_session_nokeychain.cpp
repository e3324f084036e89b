// Without a Secret Service (no D-Bus session): sign-in still works, the session is memory-only
// and says so, nothing crashes, and no token is written anywhere as a fallback.
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "sandboxharness.h"

#include <QDirIterator>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <optional>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

class TestSessionNoKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void memoryOnlyWithNotice();
};

void TestSessionNoKeychain::memoryOnlyWithNotice()
{
    QTemporaryDir home;
    qputenv("HOME", home.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toUtf8());
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/restoredesk-test-bus");

    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    QNetworkAccessManager nam;
    Auth::KeychainStore keychain(QString::fromLatin1(Auth::Session::kKeychainService));
    keychain.setTimeout(5000);
    Auth::ProfileStore store(home.filePath(QStringLiteral("config/restoredesk.conf")));
    Auth::Session session(&nam, &keychain, &store);
    session.setProfile(
        Auth::Profile::sandbox(sandbox.issuer(), sandbox.api(), Sandbox::SandboxServer::apiAudience()));
    int browserStatus = -1;
    connect(&session, &Auth::Session::openBrowser, this,
            [&](const QUrl &url) { browserStatus = sandbox.actAsBrowser(url, QStringLiteral("rita")); });
    std::optional<Result<void>> signedIn;
    session.signIn([&](Result<void> r) { signedIn = r; });
    QTRY_VERIFY_WITH_TIMEOUT(signedIn.has_value(), 30000);
    QVERIFY2(signedIn->ok(), qPrintable(signedIn->ok() ? QString() : signedIn->error().toString()));
    QCOMPARE(browserStatus, 200);
    QVERIFY(session.isSignedIn());
    QCOMPARE(session.persistence(), Auth::Session::Persistence::MemoryOnly);
    QCOMPARE(session.persistenceReason().kind, Error::Kind::Keychain); // no D-Bus at all: the reason is kept
    QCOMPARE(sandbox
                 .get(QStringLiteral("/subscriptions?api-version=2022-12-01"),
                      QString::fromLatin1(session.accessToken()))
                 .status,
             200);

    // Memory-only still refreshes.
    std::optional<Result<void>> refreshed;
    session.refresh([&](Result<void> r) { refreshed = r; });
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.has_value(), 15000);
    QVERIFY(refreshed->ok());

    // RP-initiated logout: the end-session URL names this client and session; the issuer ends it.
    const QUrl endSession = session.endSessionUrl();
    QVERIFY(endSession.toString().startsWith(sandbox.issuer() + QStringLiteral("/logout?")));
    QVERIFY(QUrlQuery(endSession).hasQueryItem(QStringLiteral("id_token_hint")));
    const auto page = sandbox.get(endSession.toString(QUrl::FullyEncoded), {});
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("signed out"));
    QCOMPARE(sandbox
                 .get(QStringLiteral("/subscriptions?api-version=2022-12-01"),
                      QString::fromLatin1(session.accessToken()))
                 .status,
             401);

    // No plaintext fallback anywhere under the home directory.
    const QByteArray token = session.accessToken();
    QDirIterator it(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        QVERIFY2(!content.contains(token) && !content.contains("refresh_token"), qPrintable(f.fileName()));
    }
}

QTEST_GUILESS_MAIN(TestSessionNoKeychain)
#include "tst_session_nokeychain.moc"
