// Discovery rules and caching, and the access token's lifetime when the issuer is vague.
// Defects: an HTTPS issuer could name a plain-HTTP loopback token endpoint or JWKS (downgrade);
// metadata and keys lived until restart; expires_in <= 0 or missing refreshed every second.

#include "auth/discovery.h"
#include "auth/tokenclient.h"
#include "cannedhttpserver.h"
#include "testsigner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Auth;
using RestoreDesk::Test::CannedHttpServer;
using RestoreDesk::Test::TestSigner;

class TestDiscovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void metadataRules_data();
    void metadataRules();
    void maxAge_data();
    void maxAge();
    void cacheExpiresWithMaxAge();
    void keysExpireApartFromMetadata();
    void jwksRedirectIsNotFollowed();
    void finishedRequestsAreFreed();
    void accessTokenExpiry_data();
    void accessTokenExpiry();
};

namespace {

QJsonObject document(const QString &issuer, const QString &endpointBase)
{
    return { { QStringLiteral("issuer"), issuer },
             { QStringLiteral("authorization_endpoint"), endpointBase + QStringLiteral("/authorize") },
             { QStringLiteral("token_endpoint"), endpointBase + QStringLiteral("/token") },
             { QStringLiteral("jwks_uri"), endpointBase + QStringLiteral("/jwks") } };
}

} // namespace

void TestDiscovery::metadataRules_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QJsonObject>("doc");
    QTest::addColumn<QString>("code");
    const QString https = QStringLiteral("https://idp.example/realm");
    const QString loop = QStringLiteral("http://127.0.0.1:8080/oidc");
    QTest::newRow("https issuer, https endpoints") << https << document(https, https) << QString();
    QTest::newRow("loopback issuer, loopback endpoints") << loop << document(loop, loop) << QString();
    QJsonObject downgrade = document(https, https);
    downgrade.insert(QStringLiteral("token_endpoint"), QStringLiteral("http://127.0.0.1:9999/token"));
    QTest::newRow("https issuer, loopback http token endpoint") << https << downgrade << "insecure_endpoint";
    QJsonObject jwks = document(https, https);
    jwks.insert(QStringLiteral("jwks_uri"), QStringLiteral("http://localhost/jwks"));
    QTest::newRow("https issuer, loopback http jwks") << https << jwks << "insecure_endpoint";
    QJsonObject revocation = document(https, https);
    revocation.insert(QStringLiteral("revocation_endpoint"), QStringLiteral("http://127.0.0.1/revoke"));
    QTest::newRow("https issuer, http revocation") << https << revocation << "insecure_endpoint";
    QJsonObject remote = document(loop, loop);
    remote.insert(QStringLiteral("token_endpoint"), QStringLiteral("http://idp.example/token"));
    QTest::newRow("loopback issuer, remote http endpoint") << loop << remote << "insecure_endpoint";
    QTest::newRow("issuer differs by a slash")
        << https << document(https + QLatin1Char('/'), https) << "issuer_mismatch";
    QJsonObject noJwks = document(https, https);
    noJwks.remove(QStringLiteral("jwks_uri"));
    QTest::newRow("no jwks_uri") << https << noJwks << "missing_endpoint";
    QJsonObject lookalike = document(https, https);
    lookalike.insert(QStringLiteral("token_endpoint"), QStringLiteral("http://127.evil.example/token"));
    QTest::newRow("loopback lookalike") << https << lookalike << "insecure_endpoint";
}

void TestDiscovery::metadataRules()
{
    QFETCH(QString, issuer);
    QFETCH(QJsonObject, doc);
    QFETCH(QString, code);
    const auto md = Discovery::parseMetadata(issuer, doc);
    QCOMPARE(md.ok(), code.isEmpty());
    if (!code.isEmpty()) {
        QCOMPARE(md.error().code, code);
        QVERIFY(md.error().kind == Error::Kind::Security || md.error().kind == Error::Kind::Protocol);
    }
}

void TestDiscovery::maxAge_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("seconds");
    QTest::newRow("none") << QByteArray() << qint64(24 * 3600);
    QTest::newRow("public, max-age=600") << QByteArray("public, max-age=600") << qint64(600);
    QTest::newRow("quoted") << QByteArray("max-age=\"90\"") << qint64(90);
    QTest::newRow("no-store") << QByteArray("no-store") << qint64(0);
    QTest::newRow("no-cache wins") << QByteArray("max-age=600, no-cache") << qint64(0);
    QTest::newRow("s-maxage is not ours") << QByteArray("s-maxage=5") << qint64(24 * 3600);
}

void TestDiscovery::maxAge()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, seconds);
    Net::Response r;
    if (!header.isEmpty())
        r.headers << qMakePair(QByteArray("Cache-Control"), header);
    QCOMPARE(Discovery::maxAge(r), seconds);
}

namespace {

struct Idp
{
    CannedHttpServer server;
    TestSigner key { QStringLiteral("RS256"), QStringLiteral("k1") };
    QByteArray discoveryCache = "max-age=300";
    QByteArray jwksCache = "max-age=300";
    int discoveries = 0;
    int jwks = 0;
    bool redirectJwks = false;

    QString issuer() const { return server.url(QStringLiteral("/oidc")).toString(); }
    void serve()
    {
        server.setHandler([this](const CannedHttpServer::Seen &seen) {
            if (seen.target.endsWith("/.well-known/openid-configuration")) {
                ++discoveries;
                return CannedHttpServer::response(200, QJsonDocument(document(issuer(), issuer())).toJson(),
                                                  { { "Cache-Control", discoveryCache } });
            }
            if (seen.target.endsWith("/jwks")) {
                ++jwks;
                if (redirectJwks)
                    return CannedHttpServer::response(302, "",
                                                      { { "Location", "http://127.0.0.1:1/evil-jwks" } });
                return CannedHttpServer::response(
                    200,
                    QJsonDocument(QJsonObject { { QStringLiteral("keys"), QJsonArray { key.publicJwk() } } })
                        .toJson(),
                    { { "Cache-Control", jwksCache } });
            }
            return CannedHttpServer::response(404, "{}");
        });
    }
};

Result<ProviderMetadata> fetch(Discovery &d, const QString &issuer)
{
    std::optional<Result<ProviderMetadata>> r;
    d.fetch(issuer, [&](Result<ProviderMetadata> x) { r = x; });
    if (!QTest::qWaitFor([&] { return r.has_value(); }, 5000))
        return Error::make(Error::Kind::Timeout, QStringLiteral("test_timeout"));
    return *r;
}

} // namespace

void TestDiscovery::cacheExpiresWithMaxAge()
{
    Idp idp;
    QVERIFY(idp.server.start());
    idp.serve();
    QNetworkAccessManager nam;
    Net::Transport t;
    t.nam = &nam;
    ManualClock clock;
    Discovery d(t, clock.clock());
    QVERIFY(fetch(d, idp.issuer()).ok());
    QVERIFY(fetch(d, idp.issuer()).ok());
    QCOMPARE(idp.discoveries, 1); // cached
    QCOMPARE(d.requestCount(), 2); // the document and the keys, once
    clock.advance(299);
    QVERIFY(fetch(d, idp.issuer()).ok());
    QCOMPARE(idp.discoveries, 1);
    clock.advance(2); // past max-age: fetched again, not kept until restart
    QVERIFY(fetch(d, idp.issuer()).ok());
    QCOMPARE(idp.discoveries, 2);
    QCOMPARE(idp.jwks, 2);
}

void TestDiscovery::keysExpireApartFromMetadata()
{
    Idp idp;
    QVERIFY(idp.server.start());
    idp.jwksCache = "max-age=10";
    idp.discoveryCache = QByteArray(); // 24 h by default
    idp.serve();
    QNetworkAccessManager nam;
    Net::Transport t;
    t.nam = &nam;
    ManualClock clock;
    Discovery d(t, clock.clock());
    QVERIFY(fetch(d, idp.issuer()).ok());
    clock.advance(11);
    QVERIFY(fetch(d, idp.issuer()).ok());
    QCOMPARE(idp.discoveries, 1);
    QCOMPARE(idp.jwks, 2);
    clock.advance(24 * 3600);
    QVERIFY(fetch(d, idp.issuer()).ok());
    QCOMPARE(idp.discoveries, 2);
}

void TestDiscovery::jwksRedirectIsNotFollowed()
{
    Idp idp;
    QVERIFY(idp.server.start());
    idp.redirectJwks = true;
    idp.serve();
    QNetworkAccessManager nam;
    Net::Transport t;
    t.nam = &nam;
    Discovery d(t, systemClock());
    const auto md = fetch(d, idp.issuer());
    QVERIFY(!md.ok());
    QCOMPARE(md.error().code, QStringLiteral("jwks_failed"));
    QCOMPARE(md.error().httpStatus, 302);
}

// Defect: every finished request stayed a child of Discovery / TokenClient (a refresh request
// with its refresh_token form body) until the profile changed.
void TestDiscovery::finishedRequestsAreFreed()
{
    Idp idp;
    QVERIFY(idp.server.start());
    idp.serve();
    QNetworkAccessManager nam;
    Net::Transport t;
    t.nam = &nam;
    Discovery d(t, systemClock());
    const auto md = fetch(d, idp.issuer());
    QVERIFY(md.ok());
    QTRY_COMPARE(d.findChildren<JobBase *>().size(), 0);

    TokenClient tokens(t, &d, systemClock());
    std::optional<Result<TokenSet>> refreshed;
    tokens.refresh(md.value(), QStringLiteral("client"), "RT-secret", VerifiedIdToken(),
                   { QStringLiteral("RS256") }, [&](Result<TokenSet> r) { refreshed = r; });
    QTRY_VERIFY(refreshed.has_value()); // the canned IdP answers 404
    QVERIFY(!refreshed->ok());
    QTRY_COMPARE(tokens.findChildren<JobBase *>().size(), 0);
}

void TestDiscovery::accessTokenExpiry_data()
{
    QTest::addColumn<QJsonObject>("response");
    QTest::addColumn<bool>("jwt");
    QTest::addColumn<qint64>("seconds");
    const QJsonObject none;
    QTest::newRow("expires_in 3600") << QJsonObject { { QStringLiteral("expires_in"), 3600 } } << false
                                     << qint64(3600);
    QTest::newRow("expires_in as string")
        << QJsonObject { { QStringLiteral("expires_in"), QStringLiteral("1800") } } << false << qint64(1800);
    QTest::newRow("expires_in 0, JWT exp")
        << QJsonObject { { QStringLiteral("expires_in"), 0 } } << true << qint64(900);
    QTest::newRow("expires_in negative, JWT exp")
        << QJsonObject { { QStringLiteral("expires_in"), -5 } } << true << qint64(900);
    QTest::newRow("missing, JWT exp") << none << true << qint64(900);
    QTest::newRow("missing, opaque: safe default")
        << none << false << qint64(TokenClient::kDefaultLifetimeSeconds);
    QTest::newRow("expires_in 0, opaque: safe default")
        << QJsonObject { { QStringLiteral("expires_in"), 0 } } << false
        << qint64(TokenClient::kDefaultLifetimeSeconds);
}

void TestDiscovery::accessTokenExpiry()
{
    QFETCH(QJsonObject, response);
    QFETCH(bool, jwt);
    QFETCH(qint64, seconds);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1800000000).toUTC();
    const TestSigner key(QStringLiteral("RS256"));
    const QByteArray token = jwt
        ? key.sign({}, { { QStringLiteral("exp"), double(now.toSecsSinceEpoch() + 900) } })
        : QByteArray("opaque-access-token");
    QCOMPARE(now.secsTo(TokenClient::accessTokenExpiry(response, token, now)), seconds);
}

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
