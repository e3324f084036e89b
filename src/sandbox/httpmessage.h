#pragma once

#include "sandbox/formdata.h"

#include <QByteArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

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
    // The query string's parameters and the form body's fields: application/x-www-form-
    // urlencoded, read by FormData alone ('+' is a space, decoded once, repeats listed).
    FormData query(FormData::Names names = FormData::Names::CaseSensitive) const;
    FormData form() const;
    // One API query parameter: name without regard to case (ARM); null when absent or repeated.
    QString queryValue(const QString &key) const;
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
