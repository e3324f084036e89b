#pragma once

// Every difference between the Qt versions Restore Desk is built with — Qt 6.4 (Debian 12) and
// Qt 6.8 (Debian 13) — lives in this one header; no other file tests QT_VERSION. Both branches
// are compiled and tested (packaging/test.sh on Debian 12, packaging/test-debian13.sh on 13).
// Versions in between take the branch of the API they have; only 6.4 and 6.8 are tested.
//
// Header-only. The parts for Qt Network Auth and Qt HTTP Server appear only in files that link
// those modules (their targets define QT_NETWORKAUTH_LIB / QT_HTTPSERVER_LIB), so including this
// header adds no dependency. Free functions and one value-like class; any thread, except that an
// HttpExchange belongs to its server's thread.

#include <QtGlobal>

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QTime>
#include <QTimeZone>
#include <QUrl>
#include <QVariant>

namespace RestoreDesk::Compat {

// ---- Time (Qt Core) --------------------------------------------------------------------------
// The Qt::TimeSpec forms are deprecated from 6.9 (warned about by 6.8's headers); QTimeZone::UTC
// only exists from 6.5, and 6.4's QTimeZone::utc() would print "+00:00" instead of "Z".

// The UTC date-time `seconds` after the epoch.
inline QDateTime fromSecsSinceEpochUtc(qint64 seconds)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromSecsSinceEpoch(seconds, QTimeZone(QTimeZone::UTC));
#else
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
#endif
}

// The UTC date-time `milliseconds` after the epoch.
inline QDateTime fromMSecsSinceEpochUtc(qint64 milliseconds)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromMSecsSinceEpoch(milliseconds, QTimeZone(QTimeZone::UTC));
#else
    return QDateTime::fromMSecsSinceEpoch(milliseconds, Qt::UTC);
#endif
}

// `date` at `time`, in UTC.
inline QDateTime utcDateTime(QDate date, QTime time)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime(date, time, QTimeZone(QTimeZone::UTC));
#else
    return QDateTime(date, time, Qt::UTC);
#endif
}

// ---- The sign-in callback (Qt Network Auth) --------------------------------------------------

// One value the sign-in callback brought (QOAuthHttpServerReplyHandler::callbackReceived, or
// the flow's `code` and extraTokens()), decoded exactly once. 6.4 and 6.8 alike hand the values
// over still percent-encoded (QTBUG-81624 and kin; 6.8's flow decodes only `state`, for its own
// check). Should a later Qt decode them itself, this is the place to stop decoding a second time,
// which would turn a literal "%41" into "A" (tst_qtcompat notices).
inline QString callbackValue(const QVariant &value)
{
    return QUrl::fromPercentEncoding(value.toString().toUtf8());
}

} // namespace RestoreDesk::Compat

#if defined(QT_NETWORKAUTH_LIB)
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthHttpServerReplyHandler>

namespace RestoreDesk::Compat {

// Keeps the flow from adding PKCE parameters of its own (6.8 sends a code_challenge by default),
// so the caller's own code_challenge is the only one. Before 6.8 the flow knows no PKCE.
inline void disableBuiltInPkce(QOAuth2AuthorizationCodeFlow &flow)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    flow.setPkceMethod(QOAuth2AuthorizationCodeFlow::PkceMethod::None);
#else
    Q_UNUSED(flow);
#endif
}

// Makes `handler` take exactly `path` ("callback" or "/callback") as the callback. 6.4 strips
// leading slashes and matches "/" + path as a prefix; 6.8 compares the whole request path with
// the path as given, so without the slash nothing ever matches. With the slash, both work.
inline void setCallbackPath(QOAuthHttpServerReplyHandler &handler, const QString &path)
{
    handler.setCallbackPath(path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path);
}

// The redirect URI that reaches `handler`, with the 127.0.0.1 literal (RFC 8252 §7.3). Qt's own
// callback() says 127.0.0.1 in 6.4 but "localhost" in 6.8, which loopback-only issuers refuse.
inline QString loopbackCallback(const QOAuthHttpServerReplyHandler &handler)
{
    const QString path = handler.callbackPath();
    return QStringLiteral("http://127.0.0.1:%1%2")
        .arg(handler.port())
        .arg(path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path);
}

} // namespace RestoreDesk::Compat
#endif // QT_NETWORKAUTH_LIB

#if defined(QT_HTTPSERVER_LIB)
#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace RestoreDesk::Compat {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The last parameter of QAbstractHttpServer::handleRequest() and missingHandler(): the client's
// socket up to 6.4, a responder from 6.5 on. Overrides declare it with this name.
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
using HttpConnection = QHttpServerResponder &;
#else
using HttpConnection = QTcpSocket *;
#endif

// A listener whose connections send at once (TCP_NODELAY). An HTTP server writes an answer's
// status line and headers, then its body: with Nagle's algorithm the body waited for the
// client's acknowledgement of the headers, which a client on a connection kept alive delays (up to
// 40 ms on Linux), so every answer but the first on a connection came that much late.
class LowDelayTcpServer final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        addPendingConnection(socket);
    }
};

// Makes `server` listen on 127.0.0.1:`port` (0: any free port), its connections without Nagle's
// delay (LowDelayTcpServer); returns the port, 0 on failure. (6.4's QAbstractHttpServer::listen()
// is gone in 6.8; binding a listening QTcpServer works on both.)
inline quint16 listenOnLoopback(QAbstractHttpServer &server, quint16 port)
{
    auto *tcp = new LowDelayTcpServer(&server);
    // A client opening 128 connections at once (the console's limit in flight) overflowed Qt's
    // default accept queue of 50: the kernel dropped the handshakes beyond it and each client
    // waited out its 1 s SYN retransmission before it could ask anything.
    tcp->setListenBacklogSize(1024);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        delete tcp;
        return 0;
    }
    server.bind(tcp); // reparents it to the server
    return tcp->serverPort();
}

// The request's headers as name/value pairs, in order (6.8 returns a QHttpHeaders).
inline HeaderList requestHeaders(const QHttpServerRequest &request)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    return request.headers().toListOfPairs(); // names in lower case
#else
    return request.headers();
#endif
}

// Sets header `name` of `response` to `value`, replacing an earlier one (6.8 keeps the headers
// in a QHttpHeaders and has no setHeader()).
inline void setResponseHeader(QHttpServerResponse &response, const QByteArray &name, const QByteArray &value)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders headers = response.headers();
    headers.replaceOrAppend(name, value);
    response.setHeaders(std::move(headers));
#else
    response.setHeader(name, value);
#endif
}

// One request's way back to its client, on either server API: answers it once, or drops the
// connection without an answer (a fault knob). Made in handleRequest(), kept by whoever answers,
// possibly after handleRequest() returned. Lives on the server's thread.
class HttpExchange
{
public:
    HttpExchange(QAbstractHttpServer &server, const QHttpServerRequest &request, HttpConnection connection)
    {
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        m_responder = std::make_unique<QHttpServerResponder>(std::move(connection));
        // The responder hides its socket; the server owns it (through its connection handler),
        // so find it by the client's address and port.
        const auto sockets = server.findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets) {
            if (socket->peerPort() == request.remotePort()
                && socket->peerAddress() == request.remoteAddress()) {
                m_socket = socket;
                break;
            }
        }
#else
        Q_UNUSED(server);
        m_responder = std::make_unique<QHttpServerResponder>(Access::makeResponder(request, connection));
        m_socket = connection;
#endif
        m_knowsSocket = !m_socket.isNull();
    }

    // True once the client went away; an answer would go nowhere.
    bool isClientGone() const
    {
        return m_knowsSocket && (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState);
    }

    // Answers with `status`, `headers` and `body` (Content-Length is added; Content-Type defaults to
    // application/octet-stream for a non-empty body). Once only.
    void respond(int status, const HeaderList &headers, const QByteArray &body)
    {
        if (!m_responder || isClientGone())
            return;
        QHttpServerResponder &out = *m_responder;
        const auto code = static_cast<QHttpServerResponder::StatusCode>(status);
        bool hasType = false;
        for (const auto &h : headers)
            hasType = hasType || h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
        QHttpHeaders all;
        for (const auto &h : headers)
            all.append(h.first, h.second);
        if (!hasType && !body.isEmpty())
            all.append(QHttpHeaders::WellKnownHeader::ContentType, "application/octet-stream");
        out.write(body, all, code); // adds Content-Length
#else
        out.writeStatusLine(code);
        for (const auto &h : headers)
            out.writeHeader(h.first, h.second);
        if (!hasType && !body.isEmpty())
            out.writeHeader("Content-Type", "application/octet-stream");
        out.writeHeader("Content-Length", QByteArray::number(body.size()));
        out.writeBody(body);
#endif
        m_responder.reset();
    }

    // Closes the connection at once without an answer (the client sees a reset). Returns false if
    // the connection could not be found, in which case nothing was sent either.
    bool drop()
    {
        const bool found = !m_socket.isNull();
        if (m_socket)
            m_socket->abort();
        m_responder.reset(); // 6.8: the connection handler goes once its socket is closed
        return found;
    }

private:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    // makeResponder() is a protected static of QAbstractHttpServer in 6.4.
    struct Access : QAbstractHttpServer
    {
        using QAbstractHttpServer::makeResponder;
    };
#endif

    std::unique_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
    bool m_knowsSocket = false;
};

} // namespace RestoreDesk::Compat
#endif // QT_HTTPSERVER_LIB
