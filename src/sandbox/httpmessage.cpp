#include "sandbox/httpmessage.h"

namespace RestoreDesk::Sandbox {

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

FormData HttpRequest::query(FormData::Names names) const
{
    // FullyEncoded gives the query as received: '+' and %2B stay distinct until FormData reads them.
    return FormData::parse(url.query(QUrl::FullyEncoded).toUtf8(), names);
}

FormData HttpRequest::form() const
{
    return FormData::parse(body);
}

QString HttpRequest::queryValue(const QString &key) const
{
    return query(FormData::Names::CaseInsensitive).value(key);
}

QString HttpRequest::baseUrl() const
{
    return QStringLiteral("http://%1:%2").arg(url.host()).arg(url.port());
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append({ name, value });
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    HttpResponse r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    r.setHeader("Content-Type", "application/json; charset=utf-8");
    return r;
}

HttpResponse HttpResponse::armError(int status, const QString &code, const QString &message,
                                    const QString &target)
{
    QJsonObject error { { QStringLiteral("code"), code }, { QStringLiteral("message"), message } };
    if (!target.isEmpty())
        error.insert(QStringLiteral("target"), target);
    return json(status, QJsonObject { { QStringLiteral("error"), error } });
}

HttpResponse HttpResponse::oauthError(int status, const QString &error, const QString &description)
{
    HttpResponse r = json(status,
                          QJsonObject { { QStringLiteral("error"), error },
                                        { QStringLiteral("error_description"), description } });
    r.setHeader("Cache-Control", "no-store");
    return r;
}

HttpResponse HttpResponse::html(int status, const QByteArray &page)
{
    HttpResponse r;
    r.status = status;
    r.body = page;
    r.setHeader("Content-Type", "text/html; charset=utf-8");
    r.setHeader("Cache-Control", "no-store");
    r.setHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:* "
                "http://localhost:* http://[::1]:*");
    return r;
}

HttpResponse HttpResponse::redirect(const QUrl &location)
{
    HttpResponse r;
    r.status = 302;
    r.setHeader("Location", location.toString(QUrl::FullyEncoded).toUtf8());
    r.setHeader("Cache-Control", "no-store");
    return r;
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse r;
    r.status = status;
    return r;
}

} // namespace RestoreDesk::Sandbox
