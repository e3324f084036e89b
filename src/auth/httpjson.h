#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;

namespace RestoreDesk::Auth {

// One JSON answer from an identity provider: the HTTP status and the parsed object (OAuth error
// bodies included, so callers can read `error` / `error_description`).
struct JsonReply
{
    int status = 0;
    QJsonObject body;
};

// Small request jobs for the identity layer. Each reports exactly once, through `done`, on the
// thread of `context`; a transfer timeout bounds it; redirects are not followed. Only HTTPS, or
// HTTP to a loopback host, is sent at all. TLS uses `tls` (the profile's CA bundle).
struct HttpJson
{
    QNetworkAccessManager *nam = nullptr;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    int timeoutMs = 15000;

    void get(const QUrl &url, QObject *context, std::function<void(Result<JsonReply>)> done,
             const QByteArray &bearer = {}) const;
    void postForm(const QUrl &url, const QUrlQuery &form, QObject *context,
                  std::function<void(Result<JsonReply>)> done) const;

    // A TLS configuration trusting the system's CAs plus those in `pemFile` (when not empty).
    static Result<QSslConfiguration> tlsWithBundle(const QString &pemFile);
};

// Reads an OAuth error body ({"error","error_description"}) into an Error of kind Auth.
Error oauthError(const JsonReply &reply, const QString &endpoint);

} // namespace RestoreDesk::Auth
