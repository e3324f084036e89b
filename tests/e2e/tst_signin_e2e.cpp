// End to end, through Chromium, against the sandbox and against oidc-provider: sign in, get a
// verified identity, call the API, refresh, resume from the keychain, sign out (refresh token
// revoked at the issuer, keychain entry gone), and no token in any file or log line.
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "core/logging.h"
#include "jose/jwt.h"
#include "sandboxharness.h"
#include "testprocesses.h"
#include "text/signinpagetext.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

QStringList g_log;
QtMessageHandler g_previous = nullptr;
void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_log << message;
    if (g_previous)
        g_previous(type, context, message);
}

template<typename T>
std::optional<Result<T>> run(std::function<void(std::function<void(Result<T>)>)> job, int timeoutMs = 90000)
{
    std::optional<Result<T>> result;
    job([&](Result<T> r) { result = std::move(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, timeoutMs))
        return std::nullopt;
    return result;
}

} // namespace

class TestSignInE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sandboxFullSession();
    void oidcProviderFullSession();
    void nothingSecretOnDiskOrInLogs();

private:
    void fullSession(const Auth::Profile &profile, const QString &user,
                     const std::function<int(const QString &)> &callApi,
                     const std::function<QString(const QByteArray &)> &refreshAtIssuer);

    QTemporaryDir m_home;
    SandboxHarness m_sandbox;
    TestIdp m_idp;
    QStringList m_secrets; // every token seen, to search files and logs for
};

void TestSignInE2E::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_CACHE_HOME", m_home.filePath(QStringLiteral("cache")).toUtf8());
    QStandardPaths::setTestModeEnabled(false);
    QCoreApplication::setOrganizationDomain(QStringLiteral("restoredesk.invalid"));
    QCoreApplication::setApplicationName(QStringLiteral("restoredesk"));
    // Everything at debug level, Qt's network-auth lines included, through the same redacting
    // handler the executables install; the capture sits behind it, where a log file would be.
    QLoggingCategory::setFilterRules(
        QStringLiteral("*.debug=true\nqt.*.debug=false\nqt.networkauth*.debug=true"));
    g_previous = qInstallMessageHandler(capture);
    installRedactingMessageHandler();
    QString error;
    QVERIFY2(m_sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    QVERIFY2(m_idp.start(&error), qPrintable(error));
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run through with-keyring.sh");
}

void TestSignInE2E::fullSession(const Auth::Profile &profile, const QString &user,
                                const std::function<int(const QString &)> &callApi,
                                const std::function<QString(const QByteArray &)> &refreshAtIssuer)
{
    QNetworkAccessManager nam;
    Auth::KeychainStore keychain(QString::fromLatin1(Auth::Session::kKeychainService));
    Auth::ProfileStore store;
    QVERIFY(store.save(profile).ok());
    Auth::Session session(&nam, &keychain, &store);
    session.setPageText(&Text::signInPage);
    session.setProfile(profile);
    BrowserDriver browser;
    connect(&session, &Auth::Session::openBrowser, this, [&](const QUrl &url) {
        BrowserDriver::Options o;
        o.user = user;
        browser.open(url, o);
    });
    auto signedIn = run<void>([&](auto done) { session.signIn(done); });
    QVERIFY2(signedIn.has_value(), "sign-in did not finish");
    QVERIFY2(signedIn->ok(),
             qPrintable(signedIn->ok()
                            ? QString()
                            : signedIn->error().toString() + QStringLiteral(" / ") + browser.diagnostics()));
    QTRY_VERIFY_WITH_TIMEOUT(browser.hasFinished(), 30000);
    QVERIFY2(browser.result().value(QStringLiteral("text")).toString().contains(QStringLiteral("Signed in")),
             qPrintable(browser.diagnostics()));
    QVERIFY(session.identityVerified());
    QCOMPARE(session.persistence(), Auth::Session::Persistence::Keychain);
    const QString subject = session.identity().subject;
    QVERIFY(!subject.isEmpty());
    m_secrets << QString::fromLatin1(session.accessToken());

    // The API takes the access token.
    QCOMPARE(callApi(QString::fromLatin1(session.accessToken())), 200);

    // Refresh: a new access token, the same identity, rotation persisted.
    const QByteArray firstAccess = session.accessToken();
    auto refreshed = run<void>([&](auto done) { session.refresh(done); });
    QVERIFY(refreshed.has_value() && refreshed->ok());
    QVERIFY(session.accessToken() != firstAccess);
    QCOMPARE(session.identity().subject, subject);
    QCOMPARE(callApi(QString::fromLatin1(session.accessToken())), 200);
    m_secrets << QString::fromLatin1(session.accessToken());

    // A second session resumes silently from the keychain.
    Auth::Session resumed(&nam, &keychain, &store);
    resumed.setProfile(profile);
    auto resumedResult = run<void>([&](auto done) { resumed.resume(done); });
    QVERIFY2(
        resumedResult.has_value() && resumedResult->ok(),
        qPrintable(resumedResult && !resumedResult->ok() ? resumedResult->error().toString() : QString()));
    QCOMPARE(resumed.identity().subject, subject);
    QCOMPARE(callApi(QString::fromLatin1(resumed.accessToken())), 200);

    // The refresh token lives in the Secret Service.
    const QString key = Auth::Session::keychainKey(profile.issuer, profile.clientId, subject);
    auto entry = run<QByteArray>([&](auto done) { keychain.read(key, done); });
    QVERIFY(entry.has_value() && entry->ok());
    const QByteArray refreshToken = QJsonDocument::fromJson(entry->value())
                                        .object()
                                        .value(QStringLiteral("refresh_token"))
                                        .toString()
                                        .toLatin1();
    QVERIFY(!refreshToken.isEmpty());
    m_secrets << QString::fromLatin1(refreshToken);

    // Sign out: revoked at the issuer, gone from the keychain.
    std::optional<Auth::SignOutReport> out;
    resumed.signOut([&](Auth::SignOutReport r) { out = r; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000);
    QCOMPARE(out->revocation, Auth::SignOutReport::Revocation::Revoked);
    QCOMPARE(out->keychain, Auth::SignOutReport::Keychain::Removed);
    QVERIFY(out->complete());
    QCOMPARE(refreshAtIssuer(refreshToken), QStringLiteral("invalid_grant"));
    auto gone = run<QByteArray>([&](auto done) { keychain.read(key, done); });
    QVERIFY(gone.has_value() && !gone->ok());
    QCOMPARE(gone->error().code, QStringLiteral("keychain_not_found"));
    QVERIFY(!resumed.isSignedIn());
}

void TestSignInE2E::sandboxFullSession()
{
    Auth::Profile profile
        = Auth::Profile::sandbox(m_sandbox.issuer(), m_sandbox.api(), Sandbox::SandboxServer::apiAudience());
    fullSession(
        profile, QStringLiteral("carla"),
        [&](const QString &token) {
            return m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), token).status;
        },
        [&](const QByteArray &refresh) { return m_sandbox.refresh(QString::fromLatin1(refresh)).error; });
}

void TestSignInE2E::oidcProviderFullSession()
{
    // The sandbox trusts nobody else here; the API check for oidc-provider is its userinfo.
    Auth::Profile profile = Auth::Profile::genericOidc(m_idp.issuer(), QStringLiteral("restoredesk"));
    profile.name = QStringLiteral("oidc-provider");
    profile.prompt = QStringLiteral("consent"); // offline_access needs it there
    fullSession(
        profile, QStringLiteral("oscar"),
        [&](const QString &token) {
            // An RFC 9068 access token for the configured resource: introspect its shape.
            const auto jwt = Jose::Jwt::parse(token.toLatin1());
            return jwt && jwt->type() == QLatin1String("at+jwt")
                    && jwt->claims.value(QStringLiteral("aud")).toString() == m_idp.audience()
                ? 200
                : 0;
        },
        [&](const QByteArray &refresh) {
            return m_sandbox
                .postForm(m_idp.issuer() + QStringLiteral("/token"),
                          { { QStringLiteral("grant_type"), QStringLiteral("refresh_token") },
                            { QStringLiteral("refresh_token"), QString::fromLatin1(refresh) },
                            { QStringLiteral("client_id"), QStringLiteral("restoredesk") } })
                .json.value(QStringLiteral("error"))
                .toString();
        });
}

void TestSignInE2E::nothingSecretOnDiskOrInLogs()
{
    QVERIFY(m_secrets.size() >= 6);
    // Files under the app's config/cache dirs (the settings file included).
    QDirIterator it(m_home.path(), QDir::Files, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        QFile f(it.next());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        ++files;
        const QByteArray content = f.readAll();
        for (const QString &secret : std::as_const(m_secrets))
            QVERIFY2(!content.contains(secret.toLatin1()),
                     qPrintable(QStringLiteral("a token is in %1").arg(f.fileName())));
    }
    QVERIFY(files >= 1); // the settings file exists
    // Every log line, at debug level, Qt's own network-auth lines included.
    QVERIFY(g_log.size() > 3);
    for (const QString &line : std::as_const(g_log)) {
        for (const QString &secret : std::as_const(m_secrets))
            QVERIFY2(!line.contains(secret),
                     qPrintable(QStringLiteral("a token reached the log: ") + line.left(80)));
    }
}

QTEST_GUILESS_MAIN(TestSignInE2E)
#include "tst_signin_e2e.moc"
