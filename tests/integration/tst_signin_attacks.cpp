// The sign-in attack matrix: each hostile or broken answer is its own case with the error the
// operator gets. A small IdP of our own (tests/support/hostileidp) produces what oidc-provider
// will not; a plain HTTP client plays the browser.
#include "auth/autherrors.h"
#include "auth/discovery.h"
#include "auth/interactivesignin.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "hostileidp.h"
#include "testprocesses.h"
#include "text/errortext.h"
#include "text/signinpagetext.h"

#include <QNetworkAccessManager>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <optional>

using namespace RestoreDesk;
using namespace RestoreDesk::Auth;
using namespace RestoreDesk::Test;

class TestSignInAttacks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void callbackAndTokenAttacks_data();
    void callbackAndTokenAttacks();
    void discoveryIssuerMustMatch();
    void plainHttpIssuerIsRefused();
    void listenerIsLoopbackOnlyAndClosedAfterUse();
    void strayRequestsAreRefusedAndSignInWaits_data();
    void strayRequestsAreRefusedAndSignInWaits();
    void wrongCallbackPathIsIgnoredThenTimeout();
    void cancelReportsOnce();
    void unknownKidIsRefetchedOnceThenAccepted();
    void entraStyleRedirectUsesLocalhostButListensOnLoopbackIp();
    void vagueExpiryNeverRefreshesInALoop_data();
    void vagueExpiryNeverRefreshesInALoop();
    void signOutWithoutRevocationEndpointSaysSo();
    void rejectionOfAnExpiredTokenKeepsTheRefreshFloor();

private:
    struct Outcome
    {
        std::optional<Result<TokenSet>> result;
        RedirectFollower::Result page;
        QStringList listenerAddresses;
        quint16 port = 0;
        int reports = 0;
        bool listeningAfter = true;
    };
    Outcome signIn(HostileIdp &idp, int timeoutMs = 15000,
                   const QString &redirectHost = QStringLiteral("127.0.0.1"));
};

TestSignInAttacks::Outcome TestSignInAttacks::signIn(HostileIdp &idp, int timeoutMs,
                                                     const QString &redirectHost)
{
    Outcome out;
    QNetworkAccessManager nam;
    Net::Transport http;
    http.nam = &nam;
    Discovery discovery(http, systemClock());
    TokenClient tokens(http, &discovery, systemClock());
    std::optional<Result<ProviderMetadata>> md;
    discovery.fetch(idp.issuer(), [&](Result<ProviderMetadata> r) { md = r; });
    if (!QTest::qWaitFor([&] { return md.has_value(); }, 10000) || !md->ok()) {
        if (md)
            out.result = Result<TokenSet>(md->error());
        return out;
    }
    Profile profile = Profile::genericOidc(idp.issuer(), QStringLiteral("restoredesk"));
    profile.redirectHost = redirectHost;
    InteractiveSignIn signIn(&nam, &tokens, profile, md->value());
    signIn.setTimeout(timeoutMs);
    signIn.setPageText(&Text::signInPage);
    QUrl browserUrl;
    connect(&signIn, &InteractiveSignIn::openBrowser, this, [&](const QUrl &url) { browserUrl = url; });
    signIn.start([&](Result<TokenSet> r) {
        out.result = r;
        ++out.reports;
    });
    out.port = signIn.port();
    out.listenerAddresses = listeningAddresses(signIn.port());
    if (!QTest::qWaitFor([&] { return !browserUrl.isEmpty() || out.result.has_value(); }, 5000))
        return out;
    if (!browserUrl.isEmpty())
        out.page = RedirectFollower::follow(browserUrl, 3000);
    (void)QTest::qWaitFor([&] { return out.result.has_value(); }, timeoutMs + 5000);
    QTest::qWait(50); // let the listener close
    out.listeningAfter = !listeningAddresses(out.port).isEmpty();
    return out;
}

void TestSignInAttacks::callbackAndTokenAttacks_data()
{
    QTest::addColumn<int>("callback");
    QTest::addColumn<int>("token");
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<QString>("kid");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("pageSaysFailed");
    using C = HostileIdp::Callback;
    using T = HostileIdp::Token;
    // A callback without this sign-in's state, or with neither code nor error, does not end the
    // sign-in (defect: any stray request did): it gets a 400 page and the sign-in waits (here
    // until its short timeout).
    QTest::newRow("state mismatch") << int(C::WrongState) << int(T::Normal) << QJsonObject() << QString()
                                    << "sign_in_timeout" << false;
    QTest::newRow("missing state") << int(C::NoState) << int(T::Normal) << QJsonObject() << QString()
                                   << "sign_in_timeout" << false;
    QTest::newRow("iss mismatch (mix-up)")
        << int(C::WrongIss) << int(T::Normal) << QJsonObject() << QString() << "iss_mismatch" << true;
    QTest::newRow("iss missing though advertised")
        << int(C::NoIss) << int(T::Normal) << QJsonObject() << QString() << "iss_mismatch" << true;
    QTest::newRow("access_denied") << int(C::AccessDenied) << int(T::Normal) << QJsonObject() << QString()
                                   << "access_denied" << true;
    QTest::newRow("no code") << int(C::NoCode) << int(T::Normal) << QJsonObject() << QString()
                             << "sign_in_timeout" << false;
    QTest::newRow("token endpoint error body")
        << int(C::Normal) << int(T::ErrorBody) << QJsonObject() << QString() << "invalid_grant" << false;
    QTest::newRow("token endpoint 500")
        << int(C::Normal) << int(T::ServerError) << QJsonObject() << QString() << "http_500" << false;
    QTest::newRow("alg none") << int(C::Normal) << int(T::Unsigned) << QJsonObject() << QString()
                              << "alg_none" << false;
    QTest::newRow("nonce mismatch") << int(C::Normal) << int(T::Normal)
                                    << QJsonObject { { "nonce", "replayed" } } << QString()
                                    << "nonce_mismatch" << false;
    QTest::newRow("nonce missing") << int(C::Normal) << int(T::Normal)
                                   << QJsonObject { { "nonce", QJsonValue() } } << QString()
                                   << "nonce_missing" << false;
    QTest::newRow("wrong aud") << int(C::Normal) << int(T::Normal)
                               << QJsonObject { { "aud", "someone-else" } } << QString()
                               << "audience_mismatch" << false;
    QTest::newRow("wrong azp") << int(C::Normal) << int(T::Normal)
                               << QJsonObject { { "azp", "someone-else" } } << QString() << "azp_mismatch"
                               << false;
    QTest::newRow("wrong iss in token")
        << int(C::Normal) << int(T::Normal) << QJsonObject { { "iss", "https://evil.example" } } << QString()
        << "issuer_mismatch" << false;
    QTest::newRow("expired") << int(C::Normal) << int(T::Normal) << QJsonObject { { "exp", 1000000000 } }
                             << QString() << "expired" << false;
    QTest::newRow("not yet valid") << int(C::Normal) << int(T::Normal)
                                   << QJsonObject { { "nbf", 4000000000.0 } } << QString() << "not_yet_valid"
                                   << false;
    QTest::newRow("issued in the future")
        << int(C::Normal) << int(T::Normal) << QJsonObject { { "iat", 4000000000.0 } } << QString()
        << "issued_in_future" << false;
    QTest::newRow("unknown kid after re-fetch")
        << int(C::Normal) << int(T::Normal) << QJsonObject() << QStringLiteral("never-published")
        << "unknown_kid" << false;
}

void TestSignInAttacks::callbackAndTokenAttacks()
{
    QFETCH(int, callback);
    QFETCH(int, token);
    QFETCH(QJsonObject, claims);
    QFETCH(QString, kid);
    QFETCH(QString, code);
    QFETCH(bool, pageSaysFailed);
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    idp.behaviour.callback = HostileIdp::Callback(callback);
    idp.behaviour.token = HostileIdp::Token(token);
    idp.behaviour.idTokenClaims = claims;
    idp.behaviour.idTokenKid = kid;
    const bool stray = code == QLatin1String("sign_in_timeout");
    const Outcome o = signIn(idp, stray ? 2500 : 15000);
    QVERIFY2(o.result.has_value(), "the sign-in never reported");
    QVERIFY2(!o.result->ok(), "a hostile answer was accepted");
    QCOMPARE(o.result->error().code, code);
    QVERIFY2(Text::hasSentence(code), qPrintable(code)); // the operator is told why, in words
    QCOMPARE(o.reports, 1);
    QVERIFY2(!o.listeningAfter, "the listener is still open after the sign-in ended");
    if (stray) {
        QCOMPARE(o.page.status, 400);
        QVERIFY2(o.page.body.contains("keeps waiting"), o.page.body.constData());
        QCOMPARE(idp.tokenRequests(), 0);
    }
    if (pageSaysFailed) {
        QVERIFY2(o.page.body.contains("Sign-in failed"), o.page.body.constData());
        QCOMPARE(idp.tokenRequests(), 0); // nothing was exchanged
    }
    if (code == QLatin1String("unknown_kid"))
        QCOMPARE(idp.jwksFetches(), 2); // one re-fetch, no more
}

void TestSignInAttacks::discoveryIssuerMustMatch()
{
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    idp.behaviour.discoveryIssuer = idp.issuer() + QLatin1Char('/');
    const Outcome o = signIn(idp);
    QVERIFY(o.result.has_value());
    QCOMPARE(o.result->error().code, QStringLiteral("issuer_mismatch"));
}

void TestSignInAttacks::plainHttpIssuerIsRefused()
{
    Profile p = Profile::genericOidc(QStringLiteral("http://idp.example.com"), QStringLiteral("restoredesk"));
    QCOMPARE(p.validate().error().code, QStringLiteral("insecure_issuer"));
    QNetworkAccessManager nam;
    Net::Transport http;
    http.nam = &nam;
    Discovery discovery(http, systemClock());
    std::optional<Result<ProviderMetadata>> md;
    discovery.fetch(QStringLiteral("http://idp.example.com"), [&](Result<ProviderMetadata> r) { md = r; });
    QVERIFY(md.has_value()); // refused at once, nothing sent
    QCOMPARE(md->error().code, QStringLiteral("insecure_issuer"));
    QVERIFY(
        Profile::genericOidc(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("c")).validate().ok());
    QVERIFY(
        Profile::genericOidc(QStringLiteral("https://idp.example.com"), QStringLiteral("c")).validate().ok());
}

void TestSignInAttacks::listenerIsLoopbackOnlyAndClosedAfterUse()
{
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    const Outcome o = signIn(idp);
    QVERIFY(o.result.has_value());
    QVERIFY2(o.result->ok(), qPrintable(o.result->ok() ? QString() : o.result->error().toString()));
    QCOMPARE(o.result->value().identity.subject, QStringLiteral("mallory"));
    QCOMPARE(o.listenerAddresses, QStringList { QStringLiteral("127.0.0.1") });
    QVERIFY(o.page.body.contains("Signed in"));
    QVERIFY(!o.listeningAfter);
    // A second callback after success finds nobody listening.
    const RedirectFollower::Result again = RedirectFollower::follow(o.page.lastUrl, 2000);
    QCOMPARE(again.status, 0);
    QCOMPARE(o.reports, 1);
}

namespace {

// One raw HTTP request to the listener; returns the status (0: nothing answered).
int rawRequest(quint16 port, const QByteArray &request)
{
    // The listener lives on this thread: wait with the event loop running, never blocking.
    QTcpSocket socket;
    QByteArray answer;
    bool closed = false;
    QObject::connect(&socket, &QTcpSocket::connected, &socket, [&] { socket.write(request); });
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { answer += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [&] { closed = true; });
    socket.connectToHost(QHostAddress::LocalHost, port);
    (void)QTest::qWaitFor([&] { return closed; }, 3000);
    const QList<QByteArray> first = answer.split('\n').value(0).split(' ');
    return first.value(1).toInt();
}

} // namespace

void TestSignInAttacks::strayRequestsAreRefusedAndSignInWaits_data()
{
    QTest::addColumn<QByteArray>("request"); // {state} is this sign-in's state
    QTest::newRow("wrong state") << QByteArray("GET /callback?code=abc&state=guessed HTTP/1.1\r\n\r\n");
    QTest::newRow("no state") << QByteArray("GET /callback?code=abc HTTP/1.1\r\n\r\n");
    QTest::newRow("right state, neither code nor error")
        << QByteArray("GET /callback?state={state} HTTP/1.1\r\n\r\n");
    QTest::newRow("another path") << QByteArray("GET /callbackX?code=abc&state={state} HTTP/1.1\r\n\r\n");
    QTest::newRow("trailing slash") << QByteArray("GET /callback/?code=abc&state={state} HTTP/1.1\r\n\r\n");
    QTest::newRow("favicon") << QByteArray("GET /favicon.ico HTTP/1.1\r\n\r\n");
    QTest::newRow("repeated state") << QByteArray(
        "GET /callback?code=abc&state={state}&state={state} HTTP/1.1\r\n\r\n");
    QTest::newRow("POST") << QByteArray(
        "POST /callback?code=abc&state={state} HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("not HTTP") << QByteArray("hello\r\n\r\n");
}

// Defect: any stray request to the loopback listener ended the sign-in. Now each gets a 400 page,
// the sign-in keeps waiting, and the real answer (carrying the right state) still completes it.
void TestSignInAttacks::strayRequestsAreRefusedAndSignInWaits()
{
    QFETCH(QByteArray, request);
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    QNetworkAccessManager nam;
    Net::Transport http;
    http.nam = &nam;
    Discovery discovery(http, systemClock());
    TokenClient tokens(http, &discovery, systemClock());
    std::optional<Result<ProviderMetadata>> md;
    discovery.fetch(idp.issuer(), [&](Result<ProviderMetadata> r) { md = r; });
    QTRY_VERIFY(md.has_value() && md->ok());
    InteractiveSignIn signIn(&nam, &tokens, Profile::genericOidc(idp.issuer(), QStringLiteral("restoredesk")),
                             md->value());
    signIn.setPageText(&Text::signInPage);
    QUrl browserUrl;
    QStringList strays;
    connect(&signIn, &InteractiveSignIn::openBrowser, this, [&](const QUrl &url) { browserUrl = url; });
    connect(&signIn, &InteractiveSignIn::strayRequest, this, [&](const QString &why) { strays << why; });
    std::optional<Result<TokenSet>> result;
    signIn.start([&](Result<TokenSet> r) { result = r; });
    QTRY_VERIFY(!browserUrl.isEmpty());
    const QString state = QUrlQuery(browserUrl).queryItemValue(QStringLiteral("state"));
    QVERIFY(state.size() >= 22); // at least 128 bits, base64url
    request.replace("{state}", state.toLatin1());
    QCOMPARE(rawRequest(signIn.port(), request), 400);
    QTest::qWait(100);
    QVERIFY2(!result.has_value(), "a stray request ended the sign-in");
    QVERIFY(signIn.isListening());
    QCOMPARE(strays.size(), 1);
    QCOMPARE(idp.tokenRequests(), 0);
    // The browser's real answer still completes it.
    const RedirectFollower::Result page = RedirectFollower::follow(browserUrl, 5000);
    QCOMPARE(page.status, 200);
    QTRY_VERIFY(result.has_value());
    QVERIFY2(result->ok(), qPrintable(result->ok() ? QString() : result->error().toString()));
    QVERIFY(!signIn.isListening());
}

void TestSignInAttacks::wrongCallbackPathIsIgnoredThenTimeout()
{
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    idp.behaviour.callback = HostileIdp::Callback::WrongPath;
    const Outcome o = signIn(idp, 2500);
    QVERIFY(o.result.has_value());
    QCOMPARE(o.result->error().code, QStringLiteral("sign_in_timeout"));
    QCOMPARE(o.result->error().kind, Error::Kind::Timeout);
    QVERIFY(Text::headline(o.result->error()).contains(QStringLiteral("copy the sign-in link")));
    QCOMPARE(o.page.status, 400);
    QCOMPARE(idp.tokenRequests(), 0);
}

void TestSignInAttacks::cancelReportsOnce()
{
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    QNetworkAccessManager nam;
    Net::Transport http;
    http.nam = &nam;
    Discovery discovery(http, systemClock());
    TokenClient tokens(http, &discovery, systemClock());
    std::optional<Result<ProviderMetadata>> md;
    discovery.fetch(idp.issuer(), [&](Result<ProviderMetadata> r) { md = r; });
    QTRY_VERIFY(md.has_value());
    InteractiveSignIn signIn(&nam, &tokens, Profile::genericOidc(idp.issuer(), QStringLiteral("restoredesk")),
                             md->value());
    int reports = 0;
    QString code;
    signIn.start([&](Result<TokenSet> r) {
        ++reports;
        code = r.error().code;
    });
    QVERIFY(signIn.isListening());
    QVERIFY(!signIn.signInUrl().isEmpty()); // "Copy sign-in link" has something to copy
    signIn.cancel();
    signIn.cancel();
    QTest::qWait(50);
    QCOMPARE(reports, 1);
    QCOMPARE(code, QStringLiteral("cancelled"));
    QVERIFY(!signIn.isListening());
}

void TestSignInAttacks::unknownKidIsRefetchedOnceThenAccepted()
{
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    idp.behaviour.rotateAfterFirstJwksFetch = true; // the token is signed with a key published later
    const Outcome o = signIn(idp);
    QVERIFY(o.result.has_value());
    QVERIFY2(o.result->ok(), qPrintable(o.result->ok() ? QString() : o.result->error().toString()));
    QCOMPARE(idp.jwksFetches(), 2);
}

void TestSignInAttacks::entraStyleRedirectUsesLocalhostButListensOnLoopbackIp()
{
    // Entra accepts http://localhost (any port) but not [::1]; the listener stays on 127.0.0.1.
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    const Outcome o = signIn(idp, 15000, QStringLiteral("localhost"));
    QVERIFY(o.result.has_value());
    QVERIFY2(o.result->ok(), qPrintable(o.result->ok() ? QString() : o.result->error().toString()));
    QVERIFY2(idp.lastRedirectUri().startsWith(QStringLiteral("http://localhost:%1/callback").arg(o.port)),
             qPrintable(idp.lastRedirectUri()));
    QCOMPARE(o.listenerAddresses, QStringList { QStringLiteral("127.0.0.1") });
}

namespace {

// A memory-only session signed in at `idp` by a plain HTTP client playing the browser.
bool sessionSignIn(Session &session, HostileIdp &idp)
{
    session.setProfile(Profile::genericOidc(idp.issuer(), QStringLiteral("restoredesk")));
    QObject::connect(&session, &Session::openBrowser, &session,
                     [](const QUrl &url) { RedirectFollower::follow(url, 3000); });
    std::optional<Result<void>> r;
    session.signIn([&](Result<void> x) { r = x; });
    return QTest::qWaitFor([&] { return r.has_value(); }, 15000) && r->ok();
}

} // namespace

void TestSignInAttacks::vagueExpiryNeverRefreshesInALoop_data()
{
    QTest::addColumn<QJsonValue>("expiresIn");
    QTest::addColumn<int>("jwtLifetime");
    QTest::newRow("expires_in 0, JWT access token of 10 s") << QJsonValue(0) << 10;
    QTest::newRow("expires_in missing, JWT access token of 10 s") << QJsonValue(QJsonValue::Undefined) << 10;
    QTest::newRow("expires_in 0, opaque") << QJsonValue(0) << 0;
    QTest::newRow("expires_in -1, opaque") << QJsonValue(-1) << 0;
}

// Defect: expires_in <= 0 or missing led to a refresh every second.
void TestSignInAttacks::vagueExpiryNeverRefreshesInALoop()
{
    QFETCH(QJsonValue, expiresIn);
    QFETCH(int, jwtLifetime);
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    idp.behaviour.expiresIn = expiresIn;
    idp.behaviour.jwtAccessTokenLifetime = jwtLifetime;
    QTemporaryDir dir;
    QNetworkAccessManager nam;
    ProfileStore store(dir.filePath(QStringLiteral("s.conf")));
    Session session(&nam, nullptr, &store);
    ManualClock clock;
    session.setClock(clock.clock());
    const QDateTime before = clock.now();
    QVERIFY(sessionSignIn(session, idp));
    const qint64 lifetime = before.secsTo(session.accessTokenExpiresAt());
    if (jwtLifetime > 0)
        QVERIFY2(qAbs(lifetime - jwtLifetime) <= 2,
                 qPrintable(QString::number(lifetime))); // the token's own exp
    else
        QVERIFY2(qAbs(lifetime - TokenClient::kDefaultLifetimeSeconds) <= 2,
                 qPrintable(QString::number(lifetime)));
    const QDateTime next = session.nextRefreshAt();
    QVERIFY(next.isValid());
    QVERIFY2(before.secsTo(next) >= Session::kMinSecondsBetweenRefreshes - 2,
             qPrintable(next.toString(Qt::ISODate)));
    // The timer is set from the session's clock: nothing is due before a minute has passed.
    clock.advance(Session::kMinSecondsBetweenRefreshes - 5);
    QTest::qWait(50);
    QCOMPARE(session.refreshCount(), 0);
}

// Defect: sign-out said "revoked" when the issuer offers no revocation at all.
void TestSignInAttacks::signOutWithoutRevocationEndpointSaysSo()
{
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    idp.behaviour.advertiseRevocation = false;
    QTemporaryDir dir;
    QNetworkAccessManager nam;
    ProfileStore store(dir.filePath(QStringLiteral("s.conf")));
    Session session(&nam, nullptr, &store);
    QVERIFY(sessionSignIn(session, idp));
    std::optional<SignOutReport> report;
    session.signOut([&](SignOutReport r) { report = r; });
    QTRY_VERIFY(report.has_value());
    QVERIFY2(report->revocation == SignOutReport::Revocation::NotOffered,
             qPrintable(report->revocationError.toString()));
    QCOMPARE(report->keychain, SignOutReport::Keychain::NothingStored);
    QVERIFY(report->accessTokenValidUntil.isValid()); // and until when the access token still works
    QVERIFY(report->complete());
    QVERIFY(!session.isSignedIn());

    // An advertised endpoint that fails is reported as failed, with why; never as revoked.
    idp.behaviour.advertiseRevocation = true;
    Session again(&nam, nullptr, &store);
    QVERIFY(sessionSignIn(again, idp));
    report.reset();
    again.signOut([&](SignOutReport r) { report = r; });
    QTRY_VERIFY(report.has_value());
    QCOMPARE(report->revocation, SignOutReport::Revocation::Failed);
    QCOMPARE(report->revocationError.httpStatus, 404);
    QVERIFY(!report->complete());
}

// Defect: after a 401, a token that looked expired was refreshed at once however recently it had
// been refreshed: an issuer handing out already-expired tokens made every refused request refresh.
void TestSignInAttacks::rejectionOfAnExpiredTokenKeepsTheRefreshFloor()
{
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    idp.behaviour.expiresIn = QJsonValue(QJsonValue::Undefined);
    idp.behaviour.jwtAccessTokenLifetime = -30; // expired before it arrives
    QTemporaryDir dir;
    QNetworkAccessManager nam;
    ProfileStore store(dir.filePath(QStringLiteral("s.conf")));
    Session session(&nam, nullptr, &store);
    ManualClock clock;
    session.setClock(clock.clock());
    QVERIFY(sessionSignIn(session, idp));
    const int requests = idp.tokenRequests();
    QVERIFY(session.accessTokenExpiresAt() < clock.now());
    clock.advance(5); // refreshed (signed in) 5 s ago
    std::optional<Result<void>> r;
    session.refreshAfterRejection(session.accessToken(), [&](Result<void> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QVERIFY(!r->ok());
    QCOMPARE(r->error().code, QString(Auth::Codes::RefreshTooSoon));
    QCOMPARE(idp.tokenRequests(), requests);

    clock.advance(Session::kMinSecondsBetweenRefreshes); // a minute later it may refresh
    r.reset();
    session.refreshAfterRejection(session.accessToken(), [&](Result<void> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().toString()));
    QCOMPARE(idp.tokenRequests(), requests + 1);
}

QTEST_GUILESS_MAIN(TestSignInAttacks)
#include "tst_signin_attacks.moc"
