#include "auth/httpjson.h"

#include "auth/profile.h"
#include "core/jsonutil.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>

namespace RestoreDesk::Auth {

namespace {

constexpr qint64 kMaxBody = 1024 * 1024;

void run(QNetworkReply *reply, const QUrl &url, QObject *context, std::function<void(Result<JsonReply>)> done)
{
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, url, done] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            const bool timeout = reply->error() == QNetworkReply::OperationCanceledError
                || reply->error() == QNetworkReply::TimeoutError;
            done(Error::make(
                timeout ? Error::Kind::Timeout : Error::Kind::Network,
                timeout ? QStringLiteral("timeout") : QStringLiteral("network_error"),
                QStringLiteral("%1: %2").arg(url.toString(QUrl::RemoveQuery), reply->errorString())));
            return;
        }
        const QByteArray bytes = reply->read(kMaxBody);
        JsonReply out;
        out.status = status;
        if (!bytes.trimmed().isEmpty()) {
            auto body = Json::parseObject(bytes, url.toString(QUrl::RemoveQuery));
            if (body)
                out.body = body.value();
            else if (status >= 200 && status < 300)
                return done(body.error());
        }
        done(out);
    });
}

QNetworkRequest makeRequest(const QUrl &url, const QSslConfiguration &tls, int timeoutMs)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    if (url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(tls);
    return request;
}

Error insecure(const QUrl &url)
{
    return Error::make(
        Error::Kind::Security, QStringLiteral("insecure_url"),
        QStringLiteral("Refusing to contact %1: only HTTPS, or HTTP to this machine, is allowed.")
            .arg(url.toString(QUrl::RemoveQuery)));
}

} // namespace

void HttpJson::get(const QUrl &url, QObject *context, std::function<void(Result<JsonReply>)> done,
                   const QByteArray &bearer) const
{
    if (!isSecureOrLoopback(url))
        return done(insecure(url));
    QNetworkRequest request = makeRequest(url, tls, timeoutMs);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    run(nam->get(request), url, context, std::move(done));
}

void HttpJson::postForm(const QUrl &url, const QUrlQuery &form, QObject *context,
                        std::function<void(Result<JsonReply>)> done) const
{
    if (!isSecureOrLoopback(url))
        return done(insecure(url));
    QNetworkRequest request = makeRequest(url, tls, timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    run(nam->post(request, form.toString(QUrl::FullyEncoded).toUtf8()), url, context, std::move(done));
}

Result<QSslConfiguration> HttpJson::tlsWithBundle(const QString &pemFile)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (pemFile.isEmpty())
        return tls;
    QFile file(pemFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(
            Error::Kind::Io, QStringLiteral("ca_bundle_unreadable"),
            QStringLiteral("Cannot read the CA bundle %1: %2").arg(pemFile, file.errorString()));
    const QList<QSslCertificate> certs = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certs.isEmpty())
        return Error::make(Error::Kind::Invalid, QStringLiteral("ca_bundle_empty"),
                           QStringLiteral("%1 holds no PEM certificate.").arg(pemFile));
    tls.addCaCertificates(certs);
    return tls;
}

Error oauthError(const JsonReply &reply, const QString &endpoint)
{
    const QString code = reply.body.value(QStringLiteral("error")).toString();
    const QString description = reply.body.value(QStringLiteral("error_description")).toString();
    if (code.isEmpty())
        return Error::make(Error::Kind::Http, QStringLiteral("http_%1").arg(reply.status),
                           QStringLiteral("The %1 answered HTTP %2.").arg(endpoint).arg(reply.status))
            .withHttp(reply.status);
    return Error::make(Error::Kind::Auth, code,
                       description.isEmpty()
                           ? QStringLiteral("The %1 refused: %2.").arg(endpoint, code)
                           : QStringLiteral("The %1 refused (%2): %3").arg(endpoint, code, description))
        .withHttp(reply.status);
}

} // namespace RestoreDesk::Auth
