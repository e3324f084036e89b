#include "core/networkjob.h"

#include "core/jsonutil.h"
#include "core/loopbackhttp.h"
#include "core/oncebody.h"
#include "core/turnpacer.h"

#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSslCertificate>

Q_LOGGING_CATEGORY(lcNet, "restoredesk.net", QtInfoMsg)

namespace RestoreDesk::Net {

namespace {

// System proxy settings for the world, none for this machine (a proxy must never see the
// sandbox's or a loopback IdP's traffic).
class LoopbackDirectProxyFactory final : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        if (isLoopbackHost(query.peerHostName()))
            return { QNetworkProxy(QNetworkProxy::NoProxy) };
        return systemProxyForQuery(query);
    }
};

void ensureProxyFactory(QNetworkAccessManager *nam)
{
    static const char kMarker[] = "restoredesk_proxy_factory";
    if (nam->property(kMarker).toBool())
        return;
    nam->setProxyFactory(new LoopbackDirectProxyFactory); // the manager owns it
    nam->setProperty(kMarker, true);
}

QString where(const QUrl &url)
{
    return url.toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
}

} // namespace

Request Request::get(const QUrl &url)
{
    Request r;
    r.url = url;
    return r;
}

Request Request::postForm(const QUrl &url, const QByteArray &formBody)
{
    Request r;
    r.method = "POST";
    r.url = url;
    r.body = formBody;
    r.setHeader("Content-Type", "application/x-www-form-urlencoded");
    return r;
}

void Request::setHeader(const QByteArray &name, const QByteArray &value)
{
    headers.removeIf([&](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
    headers.append({ name, value });
}

QByteArray Response::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QString Response::correlationId() const
{
    return QString::fromLatin1(header("x-ms-correlation-request-id"));
}

QString Response::requestId() const
{
    return QString::fromLatin1(header("x-ms-request-id"));
}

Result<QJsonObject> Response::json() const
{
    auto parsed = Json::parseObject(body, where(url));
    if (!parsed)
        return Error(parsed.error()).withHttp(status, correlationId());
    return parsed;
}

Result<QSslConfiguration> Transport::tlsWithBundle(const QString &pemFile)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (pemFile.isEmpty())
        return tls;
    QFile file(pemFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(Error::Kind::Io, Codes::CaBundleUnreadable, file.errorString(), { pemFile });
    const QList<QSslCertificate> certs = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certs.isEmpty())
        return Error::make(Error::Kind::Invalid, Codes::CaBundleEmpty, {}, { pemFile });
    tls.addCaCertificates(certs);
    return tls;
}

NetworkJob::NetworkJob(QObject *owner, Done done, Request request)
    : Job<Response>(owner, std::move(done))
    , m_request(std::move(request))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        abortWith(Error::make(Error::Kind::Timeout, RestoreDesk::Codes::Timeout, {},
                              { Origin::of(m_request.url).toString() }));
    });
}

NetworkJob::~NetworkJob()
{
    if (QNetworkReply *reply = detachReply())
        reply->abort(); // disconnected: reports nothing
    delete std::exchange(m_exchange, nullptr);
}

QNetworkReply *NetworkJob::detachReply()
{
    // The reply leaves the job's children before anything can report: the report's callback may
    // delete the job's owner (and so the job), which must not take a reply down with it while
    // the reply is still on the stack (inside abort(), or emitting finished()).
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return nullptr;
    reply->disconnect(this);
    reply->setParent(nullptr);
    reply->deleteLater();
    return reply;
}

NetworkJob *NetworkJob::start(const Transport &transport, Request request, QObject *owner, Done done)
{
    auto *job = new NetworkJob(owner, std::move(done), std::move(request));
    job->begin(transport);
    return job;
}

void NetworkJob::conclude(Result<Response> result)
{
    // The request is not needed any more: no refresh token (form body) or bearer token stays in
    // memory for as long as the finished job lives.
    m_request.body.fill('\0');
    m_request.body.clear();
    m_request.bearer.fill('\0');
    m_request.bearer.clear();
    report(std::move(result));
}

void NetworkJob::fail(Error e)
{
    // Reported from the event loop, never from inside start(): callers get one code path.
    QMetaObject::invokeMethod(
        this, [this, e] { conclude(e); }, Qt::QueuedConnection);
}

void NetworkJob::begin(const Transport &transport)
{
    const QUrl &url = m_request.url;
    if (!isSecureOrLoopback(url))
        return fail(Error::make(Error::Kind::Security, Codes::InsecureUrl, {}, { where(url) }));
    if (!m_request.bearer.isEmpty() && Origin::of(url) != m_request.bearerOrigin)
        return fail(Error::make(Error::Kind::Security, Codes::ForeignOrigin, {},
                                { Origin::of(url).toString(), m_request.bearerOrigin.toString() }));
    if (!transport.nam)
        return fail(Error::make(Error::Kind::Internal, QStringLiteral("no_network_manager")));
    m_maxBody = transport.maxBodyBytes;
    // A read's answer is handled a slice of the event loop's turn at a time with the other
    // answers that arrive with it (TurnPacer): hundreds of listing pages handed over together no
    // longer hold the thread for the whole batch. The deadline stops now: the answer is in. A
    // read cancelled before its turn has reported already and handles nothing, which loses
    // nothing: it can be asked again. Anything else (a restore's submit, a token redemption or
    // rotation) is handled the moment it arrives, so no cancel can come between its answer and
    // the report that carries it.
    const bool paced = (m_request.method == "GET" || m_request.method == "HEAD") && !m_request.sendOnce;
    m_deadline.start(m_request.timeoutMs > 0 ? m_request.timeoutMs : transport.timeoutMs);
    if (url.scheme() == QLatin1String("http") && !transport.plainHttpViaManager)
        return beginLoopback(transport, paced);
    ensureProxyFactory(transport.nam);

    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(transport.tls ? *transport.tls
                                                  : QSslConfiguration::defaultConfiguration());
    request.setRawHeader("Accept", "application/json");
    for (const auto &h : m_request.headers)
        request.setRawHeader(h.first, h.second);
    if (!m_request.bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_request.bearer);

    if (m_request.sendOnce && !m_request.body.isEmpty()) {
        // Unbuffered, from a body that cannot be rewound: a closed connection ends the request
        // (ContentReSendError) instead of sending it again.
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        request.setHeader(QNetworkRequest::ContentLengthHeader, m_request.body.size());
        auto *body = new OnceBody(m_request.body, this);
        m_reply = transport.nam->sendCustomRequest(request, m_request.method, body);
    } else {
        m_reply = transport.nam->sendCustomRequest(request, m_request.method, m_request.body);
    }
    m_reply->setParent(this); // dies with the job
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (length > m_maxBody)
            abortWith(Error::make(Error::Kind::Protocol, Codes::BodyTooLarge, {},
                                  { where(m_request.url), QString::number(m_maxBody) }));
    });
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_reply && m_reply->bytesAvailable() > m_maxBody)
            abortWith(Error::make(Error::Kind::Protocol, Codes::BodyTooLarge, {},
                                  { where(m_request.url), QString::number(m_maxBody) }));
    });
    connect(m_reply, &QNetworkReply::finished, this, [this, paced] {
        m_deadline.stop();
        if (!paced)
            return onFinished();
        TurnPacer::post(this, [this] {
            if (!isFinished())
                onFinished();
        });
    });
}

void NetworkJob::beginLoopback(const Transport &transport, bool paced)
{
    m_exchange = LoopbackHttp::of(transport.nam)
                     ->send(m_request, m_maxBody, this, [this, paced](Result<Response> result) {
                         m_deadline.stop();
                         // The exchange has reported and is done with. It leaves the job's children first
                         // (it is still on the stack: the report may delete the job's owner, and so the job)
                         // and goes with the event loop.
                         if (LoopbackExchange *exchange = std::exchange(m_exchange, nullptr)) {
                             exchange->setParent(nullptr);
                             exchange->deleteLater();
                         }
                         if (isFinished() || m_abortReason)
                             return;
                         if (result)
                             result.value().url = m_request.url;
                         const bool failed = !result;
                         qCDebug(lcNet)
                             << m_request.method << where(m_request.url) << "->"
                             << (failed ? result.error().toString() : QString::number(result.value().status));
                         if (!paced || failed)
                             return conclude(std::move(result));
                         TurnPacer::post(this, [this, result = std::move(result)]() mutable {
                             if (!isFinished())
                                 conclude(std::move(result));
                         });
                     });
}

void NetworkJob::abortWith(Error e)
{
    if (isFinished() || m_abortReason)
        return;
    m_abortReason = std::move(e);
    m_deadline.stop();
    // Detached first: abort() emits finished() synchronously, and nothing may re-enter us from
    // there. The job reports itself, once, after the reply is quiet.
    if (QNetworkReply *reply = detachReply())
        reply->abort();
    delete std::exchange(m_exchange, nullptr); // closes its connection; reports nothing
    conclude(*m_abortReason);
}

void NetworkJob::cancel()
{
    abortWith(cancelledError());
}

void NetworkJob::onFinished()
{
    m_deadline.stop();
    QNetworkReply *reply = detachReply(); // freed by the event loop, whatever the callback deletes
    if (!reply || m_abortReason)
        return conclude(m_abortReason ? *m_abortReason : cancelledError());

    Response r;
    r.url = m_request.url;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.headers = reply->rawHeaderPairs();
    // A transport failure (network or proxy range: refused, reset, closed mid-body, timed out,
    // TLS) is a failure whatever status line came before it: a body cut short is no answer.
    const auto code = reply->error();
    const bool transportFailed = code != QNetworkReply::NoError && int(code) < 200;
    if (r.status == 0 || transportFailed) {
        const QString origin = Origin::of(m_request.url).toString();
        Error e;
        if (code == QNetworkReply::TimeoutError || code == QNetworkReply::OperationCanceledError)
            e = Error::make(Error::Kind::Timeout, RestoreDesk::Codes::Timeout, reply->errorString(),
                            { origin });
        else if (code == QNetworkReply::SslHandshakeFailedError)
            e = Error::make(Error::Kind::Security, Codes::TlsError, reply->errorString(),
                            { m_request.url.host() });
        else if (code == QNetworkReply::ConnectionRefusedError || code == QNetworkReply::HostNotFoundError)
            e = Error::make(Error::Kind::Network, RestoreDesk::Codes::ConnectionRefused, reply->errorString(),
                            { origin });
        else
            e = Error::make(Error::Kind::Network, RestoreDesk::Codes::NetworkError, reply->errorString(),
                            { origin });
        qCDebug(lcNet) << m_request.method << where(m_request.url) << "failed:" << e.toString();
        return conclude(e);
    }
    // What is there, in one read of its size: the body is bounded already (Content-Length and every
    // readyRead are checked against the limit), and is all in the reply's buffer now. Not
    // read(m_maxBody + 1), which allocates the whole limit (64 MiB) for every answer, nor readAll(),
    // which copies a body that came in many pieces step by step into a buffer it grows as it goes
    // (a twentieth of a large listing's instructions).
    QByteArray body = reply->read(reply->bytesAvailable());
    if (!reply->atEnd())
        body += reply->readAll();
    if (body.size() > m_maxBody)
        return conclude(Error::make(Error::Kind::Protocol, Codes::BodyTooLarge, {},
                                    { where(m_request.url), QString::number(m_maxBody) }));
    r.body = body;
    qCDebug(lcNet) << m_request.method << where(m_request.url) << "->" << r.status;
    conclude(std::move(r));
}

QByteArray formBody(const QList<QPair<QString, QString>> &fields)
{
    QByteArray out;
    for (const auto &f : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(f.first) + '=' + QUrl::toPercentEncoding(f.second);
    }
    return out;
}

Error httpError(const Response &r)
{
    QString code;
    QString message;
    Error::Kind kind = Error::Kind::Http;
    const auto parsed = Json::parseObject(r.body, QString());
    if (parsed) {
        const QJsonValue error = parsed->value(QStringLiteral("error"));
        if (error.isString()) { // OAuth 2.0 (RFC 6749 §5.2, RFC 7009)
            code = error.toString();
            message = parsed->value(QStringLiteral("error_description")).toString();
            kind = Error::Kind::Auth;
        } else if (error.isObject()) { // ARM envelope
            code = error.toObject().value(QStringLiteral("code")).toString();
            message = error.toObject().value(QStringLiteral("message")).toString();
        }
    }
    if (r.status == 401 || r.status == 403)
        kind = Error::Kind::Auth;
    if (code.isEmpty())
        code = QStringLiteral("http_%1").arg(r.status);
    Error e = Error::make(kind, code, message, { where(r.url) }).withHttp(r.status, r.correlationId());
    e.requestId = r.requestId();
    return e;
}

} // namespace RestoreDesk::Net
