#include "sandboxharness.h"

#include "jose/pkce.h"
#include "jose/randomtoken.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

namespace RestoreDesk::Test {

QByteArray SandboxHarness::Reply::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

SandboxHarness::SandboxHarness(Clock clock)
    : m_server(std::make_unique<Sandbox::SandboxServer>(std::move(clock)))
{
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

SandboxHarness::~SandboxHarness() = default;

bool SandboxHarness::start(const Sandbox::SandboxOptions &options, QString *error)
{
    QSignalSpy ready(m_server.get(), &Sandbox::SandboxServer::ready);
    QSignalSpy failed(m_server.get(), &Sandbox::SandboxServer::failed);
    m_server->start(options);
    if (!QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, 30000)) {
        *error = QStringLiteral("the sandbox did not start within 30 s");
        return false;
    }
    if (!failed.isEmpty()) {
        *error = failed.first().first().toString();
        return false;
    }
    return true;
}

SandboxHarness::Reply SandboxHarness::send(const QByteArray &method, const QString &pathOrUrl,
                                           const QString &accessToken, const QByteArray &body,
                                           const QList<QPair<QByteArray, QByteArray>> &headers)
{
    const QUrl url(pathOrUrl.startsWith(QLatin1String("http")) ? pathOrUrl : api() + pathOrUrl);
    QNetworkRequest request(url);
    request.setTransferTimeout(30000);
    if (!accessToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + accessToken.toLatin1());
    if (!body.isEmpty() && !request.hasRawHeader("Content-Type"))
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
    Reply out;
    if (!reply->isFinished()) {
        // An event loop, not a polling wait: each call costs what the server takes.
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!reply->isFinished()) {
        reply->abort();
        out.networkError = -1;
    }
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.json = QJsonDocument::fromJson(out.body).object();
    out.headers = reply->rawHeaderPairs();
    if (out.status == 0)
        out.networkError = int(reply->error());
    reply->deleteLater();
    return out;
}

SandboxHarness::Reply SandboxHarness::get(const QString &pathOrUrl, const QString &accessToken,
                                          const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return send("GET", pathOrUrl, accessToken, {}, headers);
}

SandboxHarness::Reply SandboxHarness::postForm(const QString &url, const QList<QPair<QString, QString>> &form)
{
    QUrlQuery q;
    for (const auto &f : form)
        q.addQueryItem(f.first, QString::fromLatin1(QUrl::toPercentEncoding(f.second)));
    return send("POST", url, {}, q.toString(QUrl::FullyEncoded).toLatin1(),
                { { "Content-Type", "application/x-www-form-urlencoded" } });
}

SandboxHarness::Authorization SandboxHarness::authorize(const QString &username,
                                                        const QList<QPair<QString, QString>> &extra)
{
    Authorization a;
    const Jose::Pkce pkce = Jose::Pkce::generate();
    a.verifier = pkce.verifier;
    a.redirectUri = QStringLiteral("http://127.0.0.1:49152/callback");
    QList<QPair<QString, QString>> params {
        { QStringLiteral("client_id"), QStringLiteral("restoredesk") },
        { QStringLiteral("response_type"), QStringLiteral("code") },
        { QStringLiteral("redirect_uri"), a.redirectUri },
        { QStringLiteral("scope"), QStringLiteral("openid profile offline_access") },
        { QStringLiteral("state"), QString::fromLatin1(Jose::randomUrlSafe(16)) },
        { QStringLiteral("nonce"), QString::fromLatin1(Jose::randomUrlSafe(16)) },
        { QStringLiteral("code_challenge"), QString::fromLatin1(pkce.challenge) },
        { QStringLiteral("code_challenge_method"), QStringLiteral("S256") }
    };
    for (const auto &e : extra) {
        for (int i = 0; i < params.size(); ++i) {
            if (params[i].first == e.first)
                params.removeAt(i--);
        }
        if (!e.second.isNull())
            params << e;
        if (e.first == QLatin1String("redirect_uri"))
            a.redirectUri = e.second;
    }
    QUrlQuery q;
    for (const auto &p : params)
        q.addQueryItem(p.first, QString::fromLatin1(QUrl::toPercentEncoding(p.second)));
    QUrl url(issuer() + QStringLiteral("/authorize"));
    url.setQuery(q);
    Reply page = get(url.toString(QUrl::FullyEncoded), {});
    a.status = page.status;
    auto takeRedirect = [&a](const Reply &r) {
        a.redirect = QUrl(QString::fromUtf8(r.header("Location")));
        const QUrlQuery rq(a.redirect);
        a.code = rq.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
        a.error = rq.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded);
    };
    if (page.status == 302) {
        takeRedirect(page);
        return a;
    }
    if (page.status != 200 || username.isEmpty())
        return a;
    static const QRegularExpression requestId(QStringLiteral("name=\"request\" value=\"([^\"]+)\""));
    const QString id = requestId.match(QString::fromUtf8(page.body)).captured(1);
    QList<QPair<QString, QString>> form { { QStringLiteral("request"), id } };
    if (username == QLatin1String("!deny"))
        form << qMakePair(QStringLiteral("deny"), QStringLiteral("1"));
    else
        form << qMakePair(QStringLiteral("username"), username);
    const Reply decision = postForm(issuer() + QStringLiteral("/authorize/decision"), form);
    a.status = decision.status;
    if (decision.status == 302)
        takeRedirect(decision);
    return a;
}

int SandboxHarness::actAsBrowser(const QUrl &authorizeUrl, const QString &username)
{
    const Reply page = get(authorizeUrl.toString(QUrl::FullyEncoded), {});
    static const QRegularExpression requestId(QStringLiteral("name=\"request\" value=\"([^\"]+)\""));
    const QString id = requestId.match(QString::fromUtf8(page.body)).captured(1);
    if (page.status != 200 || id.isEmpty())
        return 0;
    const Reply decision
        = postForm(issuer() + QStringLiteral("/authorize/decision"),
                   { { QStringLiteral("request"), id }, { QStringLiteral("username"), username } });
    if (decision.status != 302)
        return 0;
    return get(QString::fromUtf8(decision.header("Location")), {}).status;
}

SandboxHarness::Tokens SandboxHarness::tokensFrom(const Reply &r)
{
    Tokens t;
    t.accessToken = r.json.value(QStringLiteral("access_token")).toString();
    t.refreshToken = r.json.value(QStringLiteral("refresh_token")).toString();
    t.idToken = r.json.value(QStringLiteral("id_token")).toString();
    t.error = r.json.value(QStringLiteral("error")).toString();
    t.errorDescription = r.json.value(QStringLiteral("error_description")).toString();
    return t;
}

SandboxHarness::Tokens SandboxHarness::exchange(const QString &code, const QString &redirectUri,
                                                const QByteArray &verifier)
{
    const Reply r = postForm(issuer() + QStringLiteral("/token"),
                             { { QStringLiteral("grant_type"), QStringLiteral("authorization_code") },
                               { QStringLiteral("code"), code },
                               { QStringLiteral("redirect_uri"), redirectUri },
                               { QStringLiteral("client_id"), QStringLiteral("restoredesk") },
                               { QStringLiteral("code_verifier"), QString::fromLatin1(verifier) } });
    return tokensFrom(r);
}

SandboxHarness::Tokens SandboxHarness::refresh(const QString &refreshToken)
{
    const Reply r = postForm(issuer() + QStringLiteral("/token"),
                             { { QStringLiteral("grant_type"), QStringLiteral("refresh_token") },
                               { QStringLiteral("refresh_token"), refreshToken },
                               { QStringLiteral("client_id"), QStringLiteral("restoredesk") } });
    return tokensFrom(r);
}

SandboxHarness::Tokens SandboxHarness::signIn(const QString &username)
{
    const Authorization a = authorize(username);
    if (a.code.isEmpty()) {
        Tokens t;
        t.error = a.error.isEmpty() ? QStringLiteral("no_code") : a.error;
        return t;
    }
    return exchange(a.code, a.redirectUri, a.verifier);
}

} // namespace RestoreDesk::Test
