// Query strings and form bodies are application/x-www-form-urlencoded at every route of the
// sandbox, OpenID Provider and API alike: '+' is a space, percent-decoding happens exactly once,
// a repeated parameter is refused (RFC 6749 §3.1, §3.2), an unknown one is ignored.
#include "jose/pkce.h"
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>
#include <QUrlQuery>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

const QString kItems = kProdWeu + QStringLiteral("/backupProtectedItems?api-version=2026-02-01");
const QByteArray kRedirect = "http%3A%2F%2F127.0.0.1%3A49152%2Fcallback";

} // namespace

class TestSandboxForms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void plusIsSpaceAndDecodingHappensOnce();
    void unknownParametersAreIgnored();
    void repeatedParametersAreRefused_data();
    void repeatedParametersAreRefused();
    void apiQueryIsFormEncoded();

private:
    // A raw authorization query with a fresh PKCE pair; `extra` is appended as written.
    QByteArray authorizeQuery(const QByteArray &extra = {});
    QString requestIdOf(const SandboxHarness::Reply &page) const;
    SandboxHarness::Reply postRaw(const QString &path, const QByteArray &body);
    int countAll(const QString &firstPage, int *pages);

    SandboxHarness m_sandbox;
    Jose::Pkce m_pkce;
    QString m_token;
};

void TestSandboxForms::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.pageSize = 3; // so the API test follows nextLinks with the query it was given
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
    m_token = m_sandbox.signIn(QStringLiteral("carla")).accessToken;
    QVERIFY(!m_token.isEmpty());
}

QByteArray TestSandboxForms::authorizeQuery(const QByteArray &extra)
{
    m_pkce = Jose::Pkce::generate();
    QByteArray q = "client_id=restoredesk&response_type=code&redirect_uri=" + kRedirect
        + "&nonce=n-1&code_challenge=" + m_pkce.challenge + "&code_challenge_method=S256";
    if (!extra.contains("scope="))
        q += "&scope=openid";
    if (!extra.isEmpty())
        q += '&' + extra;
    return q;
}

QString TestSandboxForms::requestIdOf(const SandboxHarness::Reply &page) const
{
    static const QRegularExpression requestId(QStringLiteral("name=\"request\" value=\"([^\"]+)\""));
    return requestId.match(QString::fromUtf8(page.body)).captured(1);
}

SandboxHarness::Reply TestSandboxForms::postRaw(const QString &path, const QByteArray &body)
{
    return m_sandbox.send("POST", m_sandbox.issuer() + path, {}, body,
                          { { "Content-Type", "application/x-www-form-urlencoded" } });
}

int TestSandboxForms::countAll(const QString &firstPage, int *pages)
{
    int count = 0;
    *pages = 0;
    QString next = firstPage;
    while (!next.isEmpty() && *pages < 50) {
        const auto r = m_sandbox.get(next, m_token);
        if (r.status != 200)
            return -r.status;
        count += int(r.json.value(QStringLiteral("value")).toArray().size());
        next = r.json.value(QStringLiteral("nextLink")).toString();
        ++*pages;
    }
    return count;
}

void TestSandboxForms::plusIsSpaceAndDecodingHappensOnce()
{
    // How URLSearchParams, Python's urlencode and most OAuth libraries write a scope.
    const auto page = m_sandbox.get(
        m_sandbox.issuer() + QStringLiteral("/authorize?")
            + QString::fromLatin1(authorizeQuery("scope=openid+profile+offline_access&state=x+y%2Bz%2520")),
        {});
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("Requested: openid profile offline_access"));

    const auto decision
        = postRaw(QStringLiteral("/authorize/decision"),
                  "request=" + QUrl::toPercentEncoding(requestIdOf(page)) + "&username=oscar");
    QCOMPARE(decision.status, 302);
    const QUrlQuery callback(QUrl(QString::fromUtf8(decision.header("Location"))));
    // '+' became a space, %2B a plus, and %2520 was decoded once, to the text "%20".
    QCOMPARE(callback.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded),
             QStringLiteral("x y+z%20"));
    const QString code = callback.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    QVERIFY(!code.isEmpty());

    // The token request as a form-encoding client writes it.
    const auto token
        = postRaw(QStringLiteral("/token"),
                  "grant_type=authorization_code&code=" + QUrl::toPercentEncoding(code) + "&redirect_uri="
                      + kRedirect + "&client_id=restoredesk&code_verifier=" + m_pkce.verifier);
    QCOMPARE(token.status, 200);
    QCOMPARE(token.json.value(QStringLiteral("scope")).toString(),
             QStringLiteral("openid profile offline_access"));
    QVERIFY(!token.json.value(QStringLiteral("refresh_token")).toString().isEmpty());
}

void TestSandboxForms::unknownParametersAreIgnored()
{
    const auto page = m_sandbox.get(
        m_sandbox.issuer() + QStringLiteral("/authorize?")
            + QString::fromLatin1(authorizeQuery("resource=api%3A%2F%2Fx&ui_locales=en&Scope=nonsense")),
        {});
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("Requested: openid<"));
    const auto decision
        = postRaw(QStringLiteral("/authorize/decision"),
                  "request=" + QUrl::toPercentEncoding(requestIdOf(page)) + "&username=oscar&colour=blue");
    QCOMPARE(decision.status, 302);
    const QString code = QUrlQuery(QUrl(QString::fromUtf8(decision.header("Location"))))
                             .queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    const auto token = postRaw(QStringLiteral("/token"),
                               "grant_type=authorization_code&code=" + QUrl::toPercentEncoding(code)
                                   + "&redirect_uri=" + kRedirect + "&client_id=restoredesk&code_verifier="
                                   + m_pkce.verifier + "&audience=whatever");
    QCOMPARE(token.status, 200);
}

void TestSandboxForms::repeatedParametersAreRefused_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QByteArray>("parameters");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error"); // OAuth error, in the redirect or the JSON body

    // Authorization requests: a redirect with invalid_request while the client and redirect are
    // unambiguous, an error page (never a redirect) otherwise.
    QTest::newRow("authorize: scope twice")
        << QStringLiteral("authorize") << QByteArray("scope=openid&scope=openid") << 302
        << QStringLiteral("invalid_request");
    QTest::newRow("authorize: state twice") << QStringLiteral("authorize") << QByteArray("state=a&state=b")
                                            << 302 << QStringLiteral("invalid_request");
    QTest::newRow("authorize: challenge twice")
        << QStringLiteral("authorize") << QByteArray("code_challenge=" + QByteArray(43, 'A')) << 302
        << QStringLiteral("invalid_request");
    QTest::newRow("authorize: redirect twice")
        << QStringLiteral("authorize") << QByteArray("redirect_uri=" + kRedirect) << 400 << QString();
    QTest::newRow("authorize: client twice")
        << QStringLiteral("authorize") << QByteArray("client_id=restoredesk") << 400 << QString();
    QTest::newRow("token: code twice")
        << QStringLiteral("token")
        << QByteArray("grant_type=authorization_code&code=a&code=b&redirect_uri=" + kRedirect
                      + "&client_id=restoredesk&code_verifier=" + QByteArray(43, 'v'))
        << 400 << QStringLiteral("invalid_request");
    QTest::newRow("token: client twice") << QStringLiteral("token")
                                         << QByteArray("grant_type=refresh_token&refresh_token=r&client_id="
                                                       "restoredesk&client_id=restoredesk")
                                         << 400 << QStringLiteral("invalid_request");
    QTest::newRow("token: grant twice") << QStringLiteral("token")
                                        << QByteArray("grant_type=refresh_token&grant_type=refresh_token&"
                                                      "refresh_token=r&client_id=restoredesk")
                                        << 400 << QStringLiteral("invalid_request");
    QTest::newRow("revoke: token twice")
        << QStringLiteral("revoke") << QByteArray("token=a&token=b&client_id=restoredesk") << 400
        << QStringLiteral("invalid_request");
    QTest::newRow("userinfo: query twice")
        << QStringLiteral("userinfo") << QByteArray("schema=openid&schema=x") << 400
        << QStringLiteral("invalid_request");
    QTest::newRow("end-session: redirect twice")
        << QStringLiteral("logout")
        << QByteArray("post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2F&post_logout_redirect_uri="
                      "http%3A%2F%2F127.0.0.1%3A2%2F")
        << 400 << QString();
    QTest::newRow("decision: user twice")
        << QStringLiteral("decision") << QByteArray("username=oscar&username=carla") << 400 << QString();
}

void TestSandboxForms::repeatedParametersAreRefused()
{
    QFETCH(QString, route);
    QFETCH(QByteArray, parameters);
    QFETCH(int, status);
    QFETCH(QString, error);
    SandboxHarness::Reply r;
    if (route == QLatin1String("authorize")) {
        r = m_sandbox.get(m_sandbox.issuer() + QStringLiteral("/authorize?")
                              + QString::fromLatin1(authorizeQuery(parameters)),
                          {});
    } else if (route == QLatin1String("decision")) {
        const auto page = m_sandbox.get(
            m_sandbox.issuer() + QStringLiteral("/authorize?") + QString::fromLatin1(authorizeQuery()), {});
        QCOMPARE(page.status, 200);
        r = postRaw(QStringLiteral("/authorize/decision"),
                    "request=" + QUrl::toPercentEncoding(requestIdOf(page)) + '&' + parameters);
    } else if (route == QLatin1String("userinfo")) {
        r = m_sandbox.get(m_sandbox.issuer() + QStringLiteral("/userinfo?") + QString::fromLatin1(parameters),
                          m_token);
    } else if (route == QLatin1String("logout")) {
        r = m_sandbox.get(m_sandbox.issuer() + QStringLiteral("/logout?") + QString::fromLatin1(parameters),
                          {});
    } else {
        r = postRaw(QLatin1Char('/') + route, parameters);
    }
    QCOMPARE(r.status, status);
    if (status == 302) {
        const QUrl location(QString::fromUtf8(r.header("Location")));
        QVERIFY2(location.toString().startsWith(QStringLiteral("http://127.0.0.1:49152/callback?")),
                 r.header("Location").constData());
        const QUrlQuery q(location);
        QCOMPARE(q.queryItemValue(QStringLiteral("error")), error);
        QVERIFY(q.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded)
                    .contains(QStringLiteral("more than once")));
        QVERIFY(!q.hasQueryItem(QStringLiteral("code")));
    } else if (!error.isEmpty()) {
        QCOMPARE(r.json.value(QStringLiteral("error")).toString(), error);
        QVERIFY(r.json.value(QStringLiteral("error_description"))
                    .toString()
                    .contains(QStringLiteral("more than once")));
    } else {
        QVERIFY(r.header("Location").isEmpty()); // an error page, never a redirect
        QVERIFY(r.body.contains("more than once"));
    }
}

void TestSandboxForms::apiQueryIsFormEncoded()
{
    int pages = 0;
    const int all = countAll(kItems, &pages);
    const int vmsEncoded
        = countAll(kItems + QStringLiteral("&$filter=backupManagementType%20eq%20%27AzureIaasVM%27"), &pages);
    QVERIFY2(all > vmsEncoded && vmsEncoded > 0,
             qPrintable(QStringLiteral("%1 %2").arg(all).arg(vmsEncoded)));
    // The same filter written with '+' for spaces: same answer, on every page of it.
    const int vmsPlus
        = countAll(kItems + QStringLiteral("&$filter=backupManagementType+eq+'AzureIaasVM'"), &pages);
    QCOMPARE(vmsPlus, vmsEncoded);
    QVERIFY(pages > 1);
    // Decoded once: %2520 is the text "%20", which is no valid filter.
    QCOMPARE(
        countAll(kItems + QStringLiteral("&$filter=backupManagementType%2520eq%2520'AzureIaasVM'"), &pages),
        -400);
    // A repeated parameter is ambiguous: refused in the ARM error shape.
    const auto twice = m_sandbox.get(kItems + QStringLiteral("&api-version=2026-02-01"), m_token);
    QCOMPARE(twice.status, 400);
    QCOMPARE(twice.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("BadRequest"));
    QVERIFY(twice.json.value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("api-version")));
    // ARM compares parameter names without regard to case, so a repeat in another case counts too.
    QCOMPARE(m_sandbox.get(kItems + QStringLiteral("&API-Version=2026-02-01"), m_token).status, 400);
    // Unknown parameters are ignored.
    QCOMPARE(m_sandbox.get(kItems + QStringLiteral("&colour=blue"), m_token).status, 200);
}

QTEST_GUILESS_MAIN(TestSandboxForms)
#include "tst_sandbox_forms.moc"
