#include "arm/armclient.h"

#include "auth/session.h"
#include "core/jsonutil.h"
#include "core/version.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

Q_LOGGING_CATEGORY(lcArm, "restoredesk.arm", QtInfoMsg)

namespace RestoreDesk::Arm {

QByteArray ArmResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

struct ArmClient::Attempt
{
    QByteArray method;
    QUrl url;
    QByteArray body;
    QString correlationId;
    QString clientRequestId; // the same across retries: the service can recognise a repeat
    int retries = 0;
    bool refreshed = false;
    std::function<void(Result<ArmResponse>)> done;
};

ArmClient::ArmClient(QNetworkAccessManager *nam, Auth::Session *session, QUrl baseUrl, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_session(session)
    , m_base(std::move(baseUrl))
{ }

QUrl ArmClient::resolve(const QString &pathOrUrl, const QString &apiVersion) const
{
    if (pathOrUrl.startsWith(QLatin1String("http://")) || pathOrUrl.startsWith(QLatin1String("https://")))
        return QUrl(pathOrUrl); // header URLs and nextLinks are used exactly as given
    QUrl url = m_base;
    url.setPath(m_base.path() + pathOrUrl);
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("api-version"), apiVersion);
    url.setQuery(q);
    return url;
}

Error ArmClient::armError(const ArmResponse &r)
{
    const QJsonObject e = r.body.value(QStringLiteral("error")).toObject();
    QString code = e.value(QStringLiteral("code")).toString();
    QString message = e.value(QStringLiteral("message")).toString();
    if (code.isEmpty())
        code = QStringLiteral("http_%1").arg(r.status);
    if (message.isEmpty())
        message = QStringLiteral("The service answered HTTP %1.").arg(r.status);
    const Error::Kind kind = r.status == 401 || r.status == 403 ? Error::Kind::Auth : Error::Kind::Http;
    return Error::make(kind, code, message).withHttp(r.status, r.correlationId);
}

void ArmClient::get(const QString &pathOrUrl, const QString &apiVersion,
                    std::function<void(Result<ArmResponse>)> done)
{
    send("GET", pathOrUrl, apiVersion, {}, std::move(done));
}

void ArmClient::send(const QByteArray &method, const QString &pathOrUrl, const QString &apiVersion,
                     const QJsonObject &body, std::function<void(Result<ArmResponse>)> done)
{
    auto a = std::make_shared<Attempt>();
    a->method = method;
    a->url = resolve(pathOrUrl, apiVersion);
    if (!body.isEmpty())
        a->body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    a->correlationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a->clientRequestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a->done = std::move(done);
    attempt(a);
}

void ArmClient::attempt(std::shared_ptr<Attempt> a)
{
    if (!m_session->isSignedIn()) {
        a->done(Error::make(Error::Kind::Auth, QStringLiteral("not_signed_in"),
                            QStringLiteral("Sign in first.")));
        return;
    }
    QNetworkRequest request(a->url);
    request.setTransferTimeout(m_options.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Authorization", "Bearer " + m_session->accessToken());
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("x-ms-client-request-id", a->clientRequestId.toLatin1());
    request.setRawHeader("x-ms-correlation-request-id", a->correlationId.toLatin1());
    request.setRawHeader("User-Agent", QByteArray("RestoreDesk/") + kVersion);
    if (!a->body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_nam->sendCustomRequest(request, a->method, a->body);
    QPointer<ArmClient> self(this);
    connect(reply, &QNetworkReply::finished, this, [self, reply, a] {
        reply->deleteLater();
        if (!self)
            return;
        ArmResponse r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.headers = reply->rawHeaderPairs();
        r.correlationId = QString::fromLatin1(r.header("x-ms-correlation-request-id"));
        if (r.correlationId.isEmpty())
            r.correlationId = a->correlationId;
        if (r.status == 0) {
            const bool timeout = reply->error() == QNetworkReply::OperationCanceledError
                || reply->error() == QNetworkReply::TimeoutError;
            a->done(Error::make(timeout ? Error::Kind::Timeout : Error::Kind::Network,
                                timeout ? QStringLiteral("timeout") : QStringLiteral("network_error"),
                                QStringLiteral("%1 %2: %3")
                                    .arg(QString::fromLatin1(a->method), a->url.path(), reply->errorString()))
                        .withHttp(0, a->correlationId));
            return;
        }
        const QByteArray bytes = reply->readAll();
        if (!bytes.trimmed().isEmpty()) {
            auto parsed = Json::parseObject(bytes, QStringLiteral("The answer to %1").arg(a->url.path()));
            if (parsed)
                r.body = parsed.value();
            else if (r.status < 300)
                return a->done(Error(parsed.error()).withHttp(r.status, r.correlationId));
        }
        // 401: the token may have just expired or been rotated; refresh once, then retry.
        if (r.status == 401 && !a->refreshed) {
            a->refreshed = true;
            ++self->m_refreshes;
            qCDebug(lcArm) << "401 from" << a->url.path() << "; refreshing the token once";
            self->m_session->refresh([self, a, r](Result<void> refreshed) {
                if (!self)
                    return;
                if (!refreshed)
                    return a->done(
                        Error::make(
                            Error::Kind::Auth, refreshed.error().code,
                            QStringLiteral("The service refused the token and it could not be refreshed: %1")
                                .arg(refreshed.error().detail))
                            .withHttp(401, r.correlationId));
                self->attempt(a);
            });
            return;
        }
        if ((r.status == 429 || r.status == 503) && a->retries < self->m_options.maxRetries) {
            ++a->retries;
            bool ok = false;
            int wait = r.header("Retry-After").toInt(&ok);
            if (!ok)
                wait = 1 << qMin(a->retries, 4); // no header: back off by our own rule
            wait = qBound(0, wait, self->m_options.maxRetryAfterSeconds);
            qCDebug(lcArm) << r.status << "from" << a->url.path() << "; retry" << a->retries << "in" << wait
                           << "s";
            QTimer::singleShot(wait * 1000, self, [self, a] {
                if (self)
                    self->attempt(a);
            });
            return;
        }
        if (r.status >= 400)
            return a->done(armError(r));
        a->done(r);
    });
}

void ArmClient::getAll(const QString &path, const QString &apiVersion,
                       std::function<void(const QJsonArray &page)> onPage,
                       std::function<void(Result<QJsonArray>)> done)
{
    auto all = std::make_shared<QJsonArray>();
    auto next = std::make_shared<std::function<void(const QString &)>>();
    QPointer<ArmClient> self(this);
    *next = [self, all, next, apiVersion, onPage, done](const QString &url) {
        if (!self)
            return;
        self->get(url, apiVersion, [self, all, next, onPage, done](Result<ArmResponse> r) {
            if (!r) {
                *next = nullptr; // break the cycle
                return done(r.error());
            }
            const QJsonArray page = r->body.value(QStringLiteral("value")).toArray();
            for (const QJsonValue &v : page)
                all->append(v);
            if (onPage)
                onPage(page);
            const QString link = r->body.value(QStringLiteral("nextLink")).toString();
            if (link.isEmpty()) {
                auto finished = *all;
                *next = nullptr;
                return done(finished);
            }
            (*next)(link);
        });
    };
    (*next)(path);
}

} // namespace RestoreDesk::Arm
