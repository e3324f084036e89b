#pragma once

#include "core/job.h"
#include "core/origin.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace RestoreDesk::Net {
class LoopbackExchange;
}

namespace RestoreDesk::Net {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// One HTTP request. The bearer token is kept apart from the headers: it is attached only when
// the URL's origin is `bearerOrigin` (the profile's API base), whoever built the URL.
struct Request
{
    QByteArray method = "GET";
    QUrl url;
    Headers headers;
    QByteArray body;
    QByteArray bearer;
    Origin bearerOrigin;
    int timeoutMs = 0; // 0: the transport's
    // Never sent twice by the network stack (which otherwise resends a request whose connection
    // closed before the answer): for a request that must not be repeated.
    bool sendOnce = false;

    static Request get(const QUrl &url);
    static Request postForm(const QUrl &url, const QByteArray &formBody);
    void setHeader(const QByteArray &name, const QByteArray &value);
};

// One HTTP answer, whatever its status (3xx are never followed; callers decide).
struct Response
{
    int status = 0;
    QUrl url;
    QByteArray body;
    Headers headers;

    QByteArray header(const QByteArray &name) const;
    QString correlationId() const; // x-ms-correlation-request-id
    QString requestId() const; // x-ms-request-id
    // The body as a JSON object; `what` names it in the error (e.g. "The JWKS at …").
    Result<QJsonObject> json() const;
    bool isSuccess() const { return status >= 200 && status < 300; }
};

// What every request of one profile shares: the network manager (injected, never global), TLS
// with the profile's CA bundle (unset: the system's, read only when an https request is made, so
// a process that only talks to loopback HTTP never starts its TLS library), the time limit and
// the body limit. Loopback targets never go
// through a proxy; other targets use the system's proxy settings. Value type.
struct Transport
{
    QNetworkAccessManager *nam = nullptr;
    std::optional<QSslConfiguration> tls;
    int timeoutMs = 30000;
    qint64 maxBodyBytes = 16 * 1024 * 1024;
    // Plain HTTP through the network manager, as HTTPS goes, instead of LoopbackHttp: for tests
    // that hold that path to the job's rules over loopback.
    bool plainHttpViaManager = false;

    // The system's CAs plus those in `pemFile` (when not empty).
    static Result<QSslConfiguration> tlsWithBundle(const QString &pemFile);
};

// The one network job of the console (every request is one): refuses anything but HTTPS or HTTP to
// a loopback host, never follows redirects, attaches the bearer token only to its origin, bounds
// time and body size, and reports exactly once (see Job). Transport failures become Errors here
// (network_error, timeout, tls_error, body_too_large, insecure_url, foreign_origin,
// unsendable_request); HTTP answers of any status are values — httpError() turns an error answer
// into an Error, in one place for OAuth and ARM bodies. HTTPS goes through the transport's
// network manager; plain HTTP (loopback only) through LoopbackHttp, the manager's pool of kept
// connections. Lives on its owner's thread.
class NetworkJob final : public Job<Response>
{
    Q_OBJECT

public:
    static NetworkJob *start(const Transport &transport, Request request, QObject *owner, Done done);
    ~NetworkJob() override;

    void cancel() override;
    // The request as sent; once the job has reported, without its body and bearer token.
    const Request &request() const { return m_request; }

private:
    NetworkJob(QObject *owner, Done done, Request request);
    void begin(const Transport &transport);
    void beginLoopback(const Transport &transport, bool paced);
    void fail(Error e);
    void conclude(Result<Response> result); // wipes the secrets, then reports
    void onFinished();
    void abortWith(Error e);
    QNetworkReply *detachReply();

    Request m_request;
    QNetworkReply *m_reply = nullptr;
    LoopbackExchange *m_exchange = nullptr; // plain HTTP to loopback (LoopbackHttp)
    QTimer m_deadline;
    qint64 m_maxBody = 0;
    std::optional<Error> m_abortReason;
};

// An application/x-www-form-urlencoded body: every name and value percent-encoded (RFC 3986
// unreserved characters kept), so no `+`/space ambiguity can arise at the peer.
QByteArray formBody(const QList<QPair<QString, QString>> &fields);

// An HTTP error answer as an Error: OAuth bodies ({"error": "...", "error_description"}) and ARM
// envelopes ({"error": {"code", "message"}}) keep the peer's code and message; anything else is
// "http_<status>". Carries the status, correlation and request ids.
Error httpError(const Response &response);

// Codes raised by the network job.
namespace Codes {
inline constexpr QLatin1String InsecureUrl("insecure_url");
inline constexpr QLatin1String ForeignOrigin("foreign_origin");
inline constexpr QLatin1String TlsError("tls_error");
inline constexpr QLatin1String BodyTooLarge("body_too_large");
inline constexpr QLatin1String CaBundleUnreadable("ca_bundle_unreadable");
inline constexpr QLatin1String CaBundleEmpty("ca_bundle_empty");
// A method, URL or header field that cannot go on the wire as it is (CR, LF, NUL, not a token):
// refused before anything is sent (plain HTTP to loopback; Kind::Invalid).
inline constexpr QLatin1String UnsendableRequest("unsendable_request");
} // namespace Codes

} // namespace RestoreDesk::Net
