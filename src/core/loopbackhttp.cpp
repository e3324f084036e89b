#include "core/loopbackhttp.h"

#include "core/httpsyntax.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QTcpSocket>
#include <QThread>

namespace RestoreDesk::Net {

namespace {

QString where(const QUrl &url)
{
    return url.toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
}

bool hasByteBelowSpace(QByteArrayView v)
{
    for (char c : v) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f)
            return true;
    }
    return false;
}

// A common answer's head fits; a longer one takes a few more reads.
constexpr qint64 kHeadBlock = 2048;

bool sameName(const QByteArray &a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

Result<QByteArray> requestBytes(const Request &request)
{
    const auto refuse = [&request](const QString &what) {
        return Error::make(Error::Kind::Invalid, Codes::UnsendableRequest, what, { where(request.url) });
    };
    if (!HttpSyntax::isToken(request.method))
        return refuse(QStringLiteral("the method is not an HTTP token"));
    QByteArray target
        = request.url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (!target.startsWith('/'))
        target.prepend('/');
    const QByteArray host = request.url.authority(QUrl::RemoveUserInfo | QUrl::FullyEncoded).toLatin1();
    if (hasByteBelowSpace(target) || host.isEmpty() || hasByteBelowSpace(host))
        return refuse(QStringLiteral("the URL cannot be sent as a request line"));

    // The fields as Qt's manager would send them: Accept, then the request's own (a name given
    // again replaces the earlier), then the bearer token. The framing is this client's own.
    QList<QPair<QByteArray, QByteArray>> fields { { "Accept", "application/json" } };
    for (const auto &h : request.headers) {
        if (!HttpSyntax::isToken(h.first) || !HttpSyntax::isFieldText(h.second))
            return refuse(QStringLiteral("the header %1 cannot be sent").arg(QString::fromLatin1(h.first)));
        if (sameName(h.first, "host") || sameName(h.first, "content-length")
            || sameName(h.first, "transfer-encoding") || sameName(h.first, "connection"))
            continue;
        fields.removeIf([&](const auto &f) { return sameName(f.first, h.first); });
        fields.append(h);
    }
    if (!request.bearer.isEmpty()) {
        if (!HttpSyntax::isFieldText(request.bearer))
            return refuse(QStringLiteral("the bearer token cannot be sent"));
        fields.removeIf([](const auto &f) { return sameName(f.first, "authorization"); });
    }
    const bool sendsLength = !request.body.isEmpty() || request.method == "POST" || request.method == "PUT"
        || request.method == "PATCH";

    // Appended piece by piece into one buffer: no temporary copy of the token or the body is
    // left behind unwiped (the caller wipes this one).
    QByteArray out;
    qsizetype size = request.method.size() + target.size() + host.size() + request.bearer.size()
        + request.body.size() + 96;
    for (const auto &f : fields)
        size += f.first.size() + f.second.size() + 4;
    out.reserve(size);
    const auto line = [&out](QByteArrayView name, QByteArrayView value) {
        out.append(name).append(": ").append(value).append("\r\n");
    };
    out.append(request.method).append(' ').append(target).append(" HTTP/1.1\r\n");
    line("Host", host);
    for (const auto &f : fields)
        line(f.first, f.second);
    if (!request.bearer.isEmpty())
        out.append("Authorization: Bearer ").append(request.bearer).append("\r\n");
    if (sendsLength)
        line("Content-Length", QByteArray::number(request.body.size()));
    out.append("\r\n");
    out.append(request.body);
    return out;
}

// --- LoopbackHttp ---

LoopbackHttp::LoopbackHttp(QObject *parent)
    : QObject(parent)
{
    m_sweep.setSingleShot(true);
    connect(&m_sweep, &QTimer::timeout, this, &LoopbackHttp::dropExpired);
}

LoopbackHttp::~LoopbackHttp()
{
    // Idle sockets go with the pool, at once (no event loop may run after the last manager
    // dies). All but the one kept just now from inside its own readyRead(), whose report may be
    // what deletes the manager: that one leaves us and goes with the event loop.
    for (const QList<Idle> &list : std::as_const(m_idle)) {
        for (const Idle &idle : list) {
            QTcpSocket *socket = idle.socket;
            if (!socket)
                continue;
            socket->disconnect(this);
            socket->abort();
            if (socket == m_justKept) {
                socket->setParent(nullptr);
                socket->deleteLater();
            } else {
                delete socket;
            }
        }
    }
}

LoopbackHttp *LoopbackHttp::of(QNetworkAccessManager *nam)
{
    // Jobs live on their owner's thread, and so do the manager and its pool (their sockets and
    // timers are that thread's).
    Q_ASSERT(nam->thread() == QThread::currentThread());
    if (auto *pool = nam->findChild<LoopbackHttp *>(QString(), Qt::FindDirectChildrenOnly))
        return pool;
    return new LoopbackHttp(nam);
}

LoopbackExchange *LoopbackHttp::send(const Request &request, qint64 maxBody, QObject *parent,
                                     std::function<void(Result<Response>)> done)
{
    return new LoopbackExchange(this, request, maxBody, parent, std::move(done));
}

int LoopbackHttp::idleConnections() const
{
    int n = 0;
    for (const QList<Idle> &list : m_idle) {
        for (const Idle &i : list)
            n += i.socket ? 1 : 0;
    }
    return n;
}

QTcpSocket *LoopbackHttp::open()
{
    auto *socket = new QTcpSocket;
    // Never a proxy for this machine's traffic, whatever the application's proxy is.
    socket->setProxy(QNetworkProxy::NoProxy);
    ++m_opened;
    return socket;
}

QTcpSocket *LoopbackHttp::takeIdle(const QString &key)
{
    const auto found = m_idle.find(key);
    if (found == m_idle.end())
        return nullptr;
    QList<Idle> &list = *found;
    while (!list.isEmpty()) {
        const Idle idle = list.takeLast(); // the warmest first
        QTcpSocket *socket = idle.socket;
        if (!socket)
            continue;
        socket->disconnect(this);
        if (idle.since.elapsed() >= kIdleMs || socket->state() != QAbstractSocket::ConnectedState
            || socket->bytesAvailable() > 0) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        return socket;
    }
    return nullptr;
}

void LoopbackHttp::keep(const QString &key, QTcpSocket *socket)
{
    QList<Idle> &list = m_idle[key];
    list.removeIf([](const Idle &i) { return !i.socket; });
    if (list.size() >= kMaxIdlePerOrigin || socket->state() != QAbstractSocket::ConnectedState) {
        socket->setParent(nullptr); // may still be inside its own readyRead()
        socket->abort();
        socket->deleteLater();
        return;
    }
    socket->setParent(this);
    m_justKept = socket; // until this turn of the event loop is over
    QMetaObject::invokeMethod(
        this, [this] { m_justKept = nullptr; }, Qt::QueuedConnection);
    // Anything from an idle connection (bytes nobody asked for, a close) ends it.
    const auto drop = [socket] {
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
    };
    connect(socket, &QTcpSocket::readyRead, this, drop);
    connect(socket, &QTcpSocket::disconnected, this, drop);
    Idle idle { socket, {} };
    idle.since.start();
    list.append(idle);
    if (!m_sweep.isActive())
        m_sweep.start(kIdleMs);
}

void LoopbackHttp::dropExpired()
{
    bool left = false;
    for (auto it = m_idle.begin(); it != m_idle.end();) {
        it->removeIf([](const Idle &i) {
            if (!i.socket)
                return true;
            if (i.since.elapsed() < kIdleMs)
                return false;
            i.socket->disconnect();
            i.socket->abort();
            i.socket->deleteLater();
            return true;
        });
        left = left || !it->isEmpty();
        it = it->isEmpty() ? m_idle.erase(it) : std::next(it);
    }
    if (left)
        m_sweep.start(kIdleMs / 2);
}

// --- LoopbackExchange ---

LoopbackExchange::LoopbackExchange(LoopbackHttp *pool, const Request &request, qint64 maxBody,
                                   QObject *parent, std::function<void(Result<Response>)> done)
    : QObject(parent)
    , m_pool(pool)
    , m_host(request.url.host())
    , m_port(quint16(request.url.port(80)))
    , m_sendOnce(request.sendOnce)
    , m_maxBody(maxBody)
    , m_headRequest(request.method == "HEAD")
    , m_done(std::move(done))
{
    m_key = m_host.toLower() + QLatin1Char(':') + QString::number(m_port);
    m_origin = Origin::of(request.url).toString();
    m_where = where(request.url);
    auto wire = requestBytes(request);
    if (!wire) {
        const Error e = wire.error();
        QMetaObject::invokeMethod(
            this, [this, e] { finish(e); }, Qt::QueuedConnection);
        return;
    }
    m_wire = std::move(wire).value();
    start(false);
}

LoopbackExchange::~LoopbackExchange()
{
    release(false);
    m_wire.fill('\0');
}

void LoopbackExchange::start(bool fresh)
{
    m_reader.emplace(m_maxBody, m_headRequest);
    m_answeredEarly = false;
    if (!m_pool) { // the manager, and with it its pool, is gone
        QMetaObject::invokeMethod(
            this,
            [this] {
                finish(Error::make(Error::Kind::Network, RestoreDesk::Codes::NetworkError,
                                   QStringLiteral("the network manager is gone"), { m_origin }));
            },
            Qt::QueuedConnection);
        return;
    }

    QTcpSocket *socket = (fresh || m_sendOnce) ? nullptr : m_pool->takeIdle(m_key);
    m_reused = socket != nullptr;
    if (m_reused) {
        attach(socket);
        return writeRequest();
    }
    attach(m_pool->open());
    // Connected from the event loop: a connect that fails at once (refused, no descriptors left)
    // is then reported a turn later, never from inside NetworkJob::start().
    QMetaObject::invokeMethod(
        this,
        [this, socket = QPointer<QTcpSocket>(m_socket)] {
            if (socket && socket == m_socket && !m_finished)
                socket->connectToHost(m_host, m_port);
        },
        Qt::QueuedConnection);
}

void LoopbackExchange::attach(QTcpSocket *socket)
{
    m_socket = socket;
    socket->setParent(this);
    connect(socket, &QTcpSocket::connected, this, [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        writeRequest();
    });
    connect(socket, &QTcpSocket::readyRead, this, &LoopbackExchange::onReadable);
    connect(socket, &QTcpSocket::disconnected, this, [this] { onClosed({}, false); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError)
            return; // disconnected() follows
        const bool refused
            = error == QAbstractSocket::ConnectionRefusedError || error == QAbstractSocket::HostNotFoundError;
        onClosed(m_socket ? m_socket->errorString() : QString(), refused);
    });
}

void LoopbackExchange::writeRequest()
{
    if (!m_socket || m_finished)
        return;
    m_socket->write(m_wire);
    // Out now, not when the event loop next turns: a request written while answers are being
    // handled (the next page, asked for as soon as the page before it is read) waited until every
    // readable socket of that turn had been handled, up to a tenth of the whole listing's time.
    // A write that fails is reported here and now (errorOccurred; disconnected for a reset), not a
    // turn later. On a new connection this runs from `connected`, in the event loop. On a kept one
    // it runs from start(), inside NetworkJob::start(): nothing of the answer has come, so
    // onClosed() sends the request again on a new connection (connected from the event loop) and
    // never reports from here (tst_loopbackhttp: keptConnectionResetBeforeTheWrite).
    m_socket->flush();
}

void LoopbackExchange::onReadable()
{
    if (m_finished || !m_socket)
        return;
    // An answer that starts before the whole request went out: what is left of it must never
    // reach the server as the start of the next request, so this connection is not kept.
    if (m_socket->bytesToWrite() > 0)
        m_answeredEarly = true;
    while (m_socket && m_socket->bytesAvailable() > 0
           && m_reader->state() == HttpResponseReader::State::NeedMore) {
        qsizetype room = 0;
        if (char *space = m_reader->bodySpace(&room)) { // straight into the body
            const qint64 n = m_socket->read(space, qMin<qint64>(room, m_socket->bytesAvailable()));
            if (n <= 0)
                break;
            m_reader->bodyFilled(qsizetype(n));
            continue;
        }
        // The head in small blocks: the body after it is then read straight into place (above),
        // not copied through a buffer of everything that came and then into the body.
        const qint64 block = m_reader->readingHead() ? qMin<qint64>(m_socket->bytesAvailable(), kHeadBlock)
                                                     : m_socket->bytesAvailable();
        m_reader->feed(m_socket->read(block));
    }
    switch (m_reader->state()) {
    case HttpResponseReader::State::NeedMore:
        return;
    case HttpResponseReader::State::Response: {
        Response r;
        r.status = m_reader->status();
        r.headers = m_reader->headers();
        r.body = m_reader->takeBody();
        // Kept only when nothing of this exchange is left on the connection either way: a server
        // that answered before reading the whole request would read its rest as the next one.
        release(m_reader->reusable() && !m_answeredEarly && m_socket && m_socket->bytesAvailable() == 0
                && m_socket->bytesToWrite() == 0);
        return finish(std::move(r));
    }
    case HttpResponseReader::State::Bad:
        release(false);
        if (m_reader->bodyTooLarge())
            return finish(Error::make(Error::Kind::Protocol, Codes::BodyTooLarge, m_reader->why(),
                                      { m_where, QString::number(m_maxBody) }));
        return finish(Error::make(Error::Kind::Network, RestoreDesk::Codes::NetworkError, m_reader->why(),
                                  { m_origin }));
    }
}

void LoopbackExchange::onClosed(const QString &socketError, bool refused)
{
    if (m_finished || !m_socket)
        return;
    onReadable(); // what came before the close
    if (m_finished)
        return;
    if (refused && !m_reused && !m_retried) { // nothing of the request went out
        release(false);
        return finish(Error::make(Error::Kind::Network, RestoreDesk::Codes::ConnectionRefused, socketError,
                                  { m_origin }));
    }
    if (m_reused && !m_reader->receivedAnything() && !m_sendOnce && !m_retried) {
        // A kept connection the server had closed: the request goes once more, on a new one.
        m_retried = true;
        release(false);
        return start(true);
    }
    release(false);
    // A body that runs to the close is whole only when the close was the peer's (no error).
    const bool whole = m_reader->closed() == HttpResponseReader::State::Response;
    if (whole && socketError.isEmpty()) {
        Response r;
        r.status = m_reader->status();
        r.headers = m_reader->headers();
        r.body = m_reader->takeBody();
        return finish(std::move(r));
    }
    QString why
        = whole ? QStringLiteral("the connection failed before the answer was complete") : m_reader->why();
    if (!socketError.isEmpty())
        why += QStringLiteral(" (") + socketError + QLatin1Char(')');
    finish(Error::make(Error::Kind::Network, RestoreDesk::Codes::NetworkError, why, { m_origin }));
}

void LoopbackExchange::release(bool keep)
{
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    if (!socket)
        return;
    socket->disconnect(this);
    if (keep && m_pool) {
        m_pool->keep(m_key, socket);
        return;
    }
    socket->setParent(nullptr);
    socket->abort();
    socket->deleteLater();
}

void LoopbackExchange::finish(Result<Response> result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_wire.fill('\0');
    m_wire.clear();
    auto done = std::move(m_done);
    if (done)
        done(std::move(result)); // may delete this
}

} // namespace RestoreDesk::Net
