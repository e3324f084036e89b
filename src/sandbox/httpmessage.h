#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

namespace RestoreDesk::Sandbox {

// One HTTP request as the sandbox's handlers see it, independent of the Qt HTTP Server version.
struct HttpRequest
{
    QByteArray method; // GET, POST, ...
    QUrl url; // path and query as received (host is the listener's)
    QString path; // decoded path
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peer;

    QByteArray header(const QByteArray &name) const; // case-insensitive, first match
    QString queryValue(const QString &key) const; // case-insensitive key, decoded
    bool hasQuery(const QString &key) const;
    QUrlQuery formBody() const; // application/x-www-form-urlencoded body
    QString baseUrl() const; // http://127.0.0.1:N
};

// One HTTP response. Helpers build the common shapes: JSON, ARM error envelope, HTML, redirect.
struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool dropConnection = false; // fault injection: close the socket without answering

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse armError(int status, const QString &code, const QString &message,
                                 const QString &target = {});
    static HttpResponse oauthError(int status, const QString &error, const QString &description);
    static HttpResponse html(int status, const QByteArray &page);
    static HttpResponse redirect(const QUrl &location);
    static HttpResponse empty(int status);
};

} // namespace RestoreDesk::Sandbox
