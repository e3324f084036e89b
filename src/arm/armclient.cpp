#include "arm/armclient.h"

#include "arm/armerrors.h"
#include "arm/nextlinkscan.h"
#include "core/hugepageheap.h"
#include "core/jsonutil.h"
#include "core/version.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QUrlQuery>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcArm, "restoredesk.arm", QtInfoMsg)

namespace RestoreDesk::Arm {

namespace {

// An error about an answer keeps the answer's ids (the HTTP status, the correlation and the
// service's request id), so an operator can quote them to support whatever went wrong.
Error withIds(Error e, int status, const QString &correlationId, const QString &requestId)
{
    e = e.withHttp(status, correlationId);
    if (e.requestId.isEmpty())
        e.requestId = requestId;
    return e;
}

QString newGuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QDateTime readHttpDate(const QByteArray &value)
{
    // IMF-fixdate first (what RFC 9110 says a server sends), then the older RFC 850 / 2822 forms.
    const QDateTime fixdate = ServerClock::parseHttpDate(value);
    if (fixdate.isValid())
        return fixdate;
    return QDateTime::fromString(QString::fromLatin1(value).trimmed(), Qt::RFC2822Date);
}

bool isTransientStatus(int status)
{
    return status == 500 || status == 502 || status == 503 || status == 504;
}

} // namespace

int retryAfterSeconds(const QByteArray &retryAfter, const QByteArray &date, const QDateTime &localNow)
{
    if (retryAfter.trimmed().isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = retryAfter.trimmed().toLongLong(&ok);
    if (ok)
        return int(qBound(qint64(0), seconds, qint64(std::numeric_limits<int>::max())));
    const QDateTime when = readHttpDate(retryAfter);
    if (!when.isValid())
        return -1;
    // The wait is what the service meant on its own clock: its date less the Date it answered at.
    const QDateTime served = readHttpDate(date);
    // Without a Date the local clock is all there is, and it has milliseconds: a part second
    // counts as a whole one, so the retry never comes before the date (truncating would make it
    // up to a second early).
    const QDateTime from = served.isValid() ? served : localNow;
    const qint64 ms = from.msecsTo(when);
    return int(
        qBound(qint64(0), ms / 1000 + (ms % 1000 > 0 ? 1 : 0), qint64(std::numeric_limits<int>::max())));
}

QByteArray ArmResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

ArmClient::ArmClient(Net::Transport transport, TokenProvider *tokens, QUrl baseUrl, QObject *parent)
    : QObject(parent)
    , m_transport(std::move(transport))
    , m_tokens(tokens)
    , m_base(std::move(baseUrl))
    , m_origin(Net::Origin::of(m_base))
{
    m_transport.maxBodyBytes = m_options.maxBodyBytes;
    m_transport.timeoutMs = m_options.timeoutMs;
    m_managers << m_transport.nam;
    m_managerLoad << 0;
    m_budget = m_options.retryBudget;
}

ArmClient::~ArmClient()
{
    // Calls owned by others outlive us only as far as reporting `cancelled`: queued ones (which
    // would never get a slot) and running ones (whose network managers may be ours) alike.
    m_waiting.clear();
    m_waitingNextPages.clear();
    const auto calls = std::exchange(m_calls, {});
    for (const QPointer<ArmCall> &call : calls) {
        if (!call || call->isFinished())
            continue;
        if (call->m_job) // now, while the network manager it uses still exists
            delete call->m_job.data();
        call->cancel();
    }
}

void ArmClient::setOptions(const Options &options)
{
    m_options = options;
    m_transport.maxBodyBytes = options.maxBodyBytes;
    m_transport.timeoutMs = options.timeoutMs;
    m_budget = options.retryBudget;
}

int ArmClient::takeManager()
{
    // An HTTP/1.1 network manager opens at most six connections to a host; more concurrent
    // requests than that need more managers (same TLS settings). The first manager with a free
    // connection takes the request, so requests one after another (a listing read page by page)
    // stay on one warm connection, and a manager (each runs its own thread, with its own heap) is
    // made only when that many requests are in flight at once; handing them out in turn made all
    // of them, 22 threads, for any long enough run of single requests.
    constexpr int kConnectionsPerManager = 6;
    const int needed
        = qMax(1, (m_options.maxConcurrentPerHost + kConnectionsPerManager - 1) / kConnectionsPerManager);
    int chosen = -1;
    for (int i = 0; i < m_managerLoad.size() && i < needed; ++i) {
        if (m_managerLoad.at(i) < kConnectionsPerManager) {
            chosen = i;
            break;
        }
    }
    if (chosen < 0 && m_managers.size() < needed) {
        m_managers << new QNetworkAccessManager(this);
        m_managerLoad << 0;
        chosen = int(m_managers.size()) - 1;
    }
    if (chosen < 0) // every connection busy (the bound was raised meanwhile): the least loaded
        chosen = int(std::min_element(m_managerLoad.cbegin(), m_managerLoad.cend()) - m_managerLoad.cbegin());
    ++m_managerLoad[chosen];
    return chosen;
}

void ArmClient::giveBackManager(int index)
{
    if (index >= 0 && index < m_managerLoad.size())
        --m_managerLoad[index];
}

Result<QUrl> ArmClient::resolve(const QString &pathOrUrl, const QString &apiVersion) const
{
    if (m_base.isEmpty() || !m_origin.isValid())
        return Error::make(Error::Kind::Invalid, Codes::NoApiBase);
    if (pathOrUrl.startsWith(QLatin1String("http://"), Qt::CaseInsensitive)
        || pathOrUrl.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)) {
        const QUrl url(pathOrUrl); // nextLinks and polling headers are used exactly as given...
        const Net::Origin origin = Net::Origin::of(url);
        if (origin != m_origin) // ...but only on the API's own origin: the token never leaves it
            return Error::make(Error::Kind::Security, Net::Codes::ForeignOrigin, {},
                               { origin.toString(), m_origin.toString() });
        return url;
    }
    QUrl url = m_base;
    QString basePath = m_base.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    const qsizetype q = pathOrUrl.indexOf(QLatin1Char('?'));
    url.setPath(basePath + (q < 0 ? pathOrUrl : pathOrUrl.left(q)));
    QUrlQuery query(q < 0 ? QString() : pathOrUrl.mid(q + 1));
    if (!apiVersion.isEmpty() && !query.hasQueryItem(QStringLiteral("api-version")))
        query.addQueryItem(QStringLiteral("api-version"), apiVersion);
    url.setQuery(query);
    return url;
}

QUrl ArmClient::urlFor(const QString &pathOrUrl, const QString &apiVersion) const
{
    auto url = resolve(pathOrUrl, apiVersion);
    return url ? url.value() : QUrl();
}

ArmCall *ArmClient::send(const ArmRequest &request, QObject *owner,
                         std::function<void(Result<ArmResponse>)> done)
{
    auto *call = new ArmCall(this, request, owner, std::move(done));
    if (m_calls.size() >= 64) // forget the finished ones now and then
        m_calls.removeIf([](const QPointer<ArmCall> &c) { return !c || c->isFinished(); });
    m_calls.append(call);
    call->start();
    return call;
}

ArmCall *ArmClient::get(const QString &pathOrUrl, const QString &apiVersion, QObject *owner,
                        std::function<void(Result<ArmResponse>)> done)
{
    return send(ArmRequest::get(pathOrUrl, apiVersion), owner, std::move(done));
}

ArmListCall *ArmClient::list(const QString &path, const QString &apiVersion, QObject *owner,
                             PageHandler onPage, std::function<void(Result<QJsonArray>)> done, bool collect)
{
    auto *call = new ArmListCall(this, path, apiVersion, owner, std::move(onPage), std::move(done), collect);
    call->fetch(path);
    return call;
}

bool ArmClient::hasRoom() const
{
    return m_inFlight < m_options.maxConcurrentPerHost && m_reading < m_options.maxConcurrentPerHost;
}

void ArmClient::acquire(ArmCall *call)
{
    if (hasRoom()) {
        ++m_inFlight;
        m_peakInFlight = qMax(m_peakInFlight, m_inFlight);
        call->m_holdsSlot = true;
        return call->go();
    }
    (call->request().continuesListing ? m_waitingNextPages : m_waiting).enqueue(call);
}

void ArmClient::release()
{
    --m_inFlight;
    startWaiting();
}

void ArmClient::startWaiting()
{
    while ((!m_waitingNextPages.isEmpty() || !m_waiting.isEmpty()) && hasRoom()) {
        QPointer<ArmCall> next = (m_waitingNextPages.isEmpty() ? m_waiting : m_waitingNextPages).dequeue();
        if (!next || next->isFinished())
            continue;
        ++m_inFlight;
        m_peakInFlight = qMax(m_peakInFlight, m_inFlight);
        next->m_holdsSlot = true;
        // From the event loop: a release inside a report must not start the next call re-entrantly.
        QMetaObject::invokeMethod(
            next, [next] { next->go(); }, Qt::QueuedConnection);
    }
}

bool ArmClient::spendRetry()
{
    const QDateTime now = m_clock();
    if (m_budgetAt.isValid())
        m_budget = qMin(m_options.retryBudget,
                        m_budget + m_budgetAt.msecsTo(now) / 1000.0 * m_options.retryBudgetPerSecond);
    m_budgetAt = now;
    if (m_budget < 1)
        return false;
    m_budget -= 1;
    ++m_retries;
    return true;
}

int ArmClient::nextDelayMs(int attempt, int retryAfter)
{
    // Exponential backoff with "equal jitter": half the step fixed, half random, so a crowd of
    // clients that failed together does not come back together.
    const qint64 step
        = qMin<qint64>(m_options.maxDelayMs, qint64(m_options.baseDelayMs) << qMin(attempt, 16));
    const qint64 jittered = step / 2 + qint64(m_random.bounded(double(step / 2 + 1)));
    m_lastDelayMs = int(qMax<qint64>(jittered, qint64(retryAfter) * 1000));
    return m_lastDelayMs;
}

// --- ArmCall ---

ArmCall::ArmCall(ArmClient *client, ArmRequest request, QObject *owner, Done done)
    : Job<ArmResponse>(owner, std::move(done))
    , m_client(client)
    , m_request(std::move(request))
{
    if (m_request.clientRequestId.isEmpty())
        m_request.clientRequestId = newGuid();
    if (m_request.correlationId.isEmpty())
        m_request.correlationId = newGuid();
    m_wait.setSingleShot(true);
    m_wait.setTimerType(Qt::PreciseTimer); // a Retry-After is a minimum, not a suggestion
    connect(&m_wait, &QTimer::timeout, this, [this] {
        if (m_client)
            m_client->acquire(this);
        else
            finish(cancelledError());
    });
}

ArmCall::~ArmCall()
{
    // Children report to us: end them while this object is still whole, so the report below
    // (cancelled) comes from here and never from a half-destroyed call.
    m_wait.stop();
    if (m_job)
        delete m_job.data();
    report(cancelledError());
    dropSlot();
    setReading(false);
}

void ArmCall::setReading(bool reading)
{
    if (m_reading == reading)
        return;
    m_reading = reading;
    if (!m_client)
        return;
    m_client->m_reading += reading ? 1 : -1;
    if (!reading)
        m_client->startWaiting(); // room again, when answers being read were what held it
}

void ArmCall::dropSlot()
{
    if (m_client)
        m_client->giveBackManager(std::exchange(m_manager, -1));
    m_manager = -1;
    if (m_holdsSlot && m_client) {
        m_holdsSlot = false;
        m_client->release();
    }
    m_holdsSlot = false;
}

void ArmCall::start()
{
    auto url = m_client->resolve(m_request.pathOrUrl, m_request.apiVersion);
    if (!url) {
        const Error e = url.error();
        QMetaObject::invokeMethod(
            this, [this, e] { finish(e); }, Qt::QueuedConnection);
        return;
    }
    m_url = url.value();
    m_client->acquire(this);
}

void ArmCall::cancel()
{
    m_wait.stop();
    finish(cancelledError());
    if (m_job)
        m_job->deleteLater(); // its own report finds us finished
}

void ArmCall::finish(Result<ArmResponse> result)
{
    dropSlot();
    report(std::move(result));
}

void ArmCall::go()
{
    if (isFinished() || !m_client)
        return dropSlot();
    ++m_attempt;
    ++m_client->m_requests;
    m_sentToken = m_client->m_tokens ? m_client->m_tokens->accessToken() : QByteArray();
    m_sentAt = m_client->m_clock();
    if (m_sentToken.isEmpty())
        return finish(Error::make(Error::Kind::Auth, Codes::NotSignedIn));
    Net::Request r;
    r.method = m_request.method;
    r.url = m_url;
    r.headers = m_request.headers;
    r.setHeader("x-ms-client-request-id", m_request.clientRequestId.toLatin1());
    r.setHeader("x-ms-return-client-request-id", "true");
    r.setHeader("x-ms-correlation-request-id", m_request.correlationId.toLatin1());
    r.setHeader("User-Agent", QByteArray("RestoreDesk/") + kVersion);
    if (m_request.sendBody) {
        r.body = QJsonDocument(m_request.body).toJson(QJsonDocument::Compact);
        r.setHeader("Content-Type", "application/json");
    }
    r.bearer = m_sentToken;
    r.bearerOrigin = m_client->m_origin;
    r.sendOnce = !m_request.isIdempotent(); // nor by the network stack
    Net::Transport t = m_client->m_transport;
    m_manager = m_client->takeManager();
    t.nam = m_client->m_managers.at(m_manager);
    m_job = Net::NetworkJob::start(t, r, this,
                                   [this](Result<Net::Response> reply) { onReply(std::move(reply)); });
}

void ArmCall::retryLater(const Error &why, int retryAfter)
{
    dropSlot();
    if (!m_client)
        return finish(cancelledError());
    if (m_attempt >= m_client->m_options.maxAttempts)
        return finish(why);
    if (retryAfter > m_client->m_options.maxRetryAfterSeconds)
        return finish(Error(why).withDetail(QStringLiteral("Retry-After %1 s").arg(retryAfter)));
    if (!m_client->spendRetry()) {
        Error e = why;
        e.detail = e.detail.isEmpty() ? QStringLiteral("retry budget exhausted")
                                      : e.detail + QStringLiteral(" (retry budget exhausted)");
        return finish(e);
    }
    const int delay = m_client->nextDelayMs(m_attempt - 1, qMax(0, retryAfter));
    qCDebug(lcArm) << why.toString() << "for" << m_url.path() << "; attempt" << m_attempt + 1 << "in" << delay
                   << "ms";
    m_wait.start(delay);
}

void ArmCall::onReply(Result<Net::Response> reply)
{
    if (m_job)
        m_job->deleteLater(); // it has reported; a retry makes a new one
    m_job = nullptr;
    if (m_client) // its connection is free again (its slot too, below, once the answer is known good)
        m_client->giveBackManager(std::exchange(m_manager, -1));
    if (isFinished())
        return;
    if (!m_client)
        return finish(cancelledError());
    const bool afterRenewal = m_justRenewed;
    m_justRenewed = false;
    if (!reply) {
        Error e = reply.error();
        e.correlationId = m_request.correlationId;
        const bool transient = e.kind == Error::Kind::Network || e.kind == Error::Kind::Timeout;
        // A request that may not be repeated is sent again only when nothing of it was sent.
        if (transient && (m_request.isIdempotent() || e.code == RestoreDesk::Codes::ConnectionRefused))
            return retryLater(e, 0);
        return finish(e);
    }
    const Net::Response &r = reply.value();
    m_client->m_serverClock.observe(r.header("Date"), m_sentAt, m_client->m_clock());
    ArmResponse out;
    out.status = r.status;
    out.url = r.url;
    out.headers = r.headers;
    out.correlationId = r.correlationId().isEmpty() ? m_request.correlationId : r.correlationId();
    out.requestId = r.requestId();
    out.clientRequestId = m_request.clientRequestId;
    out.attempts = m_attempt;
    // An error answer quotes the correlation id the call was sent with when the answer carries
    // none (a gateway's 502, a throttling front end), as a successful one does.
    auto httpError = [&out](const Net::Response &response) {
        Error e = Net::httpError(response);
        if (e.correlationId.isEmpty())
            e.correlationId = out.correlationId;
        return e;
    };

    if (r.status == 401 && !afterRenewal && !m_renewedFrom.contains(m_sentToken) && m_client->m_tokens) {
        // The token expired or was rotated: renew it (joined with every other call that hit the
        // same token), then send again. The slot is given back meanwhile.
        m_renewedFrom << m_sentToken;
        dropSlot();
        ++m_client->m_renewals;
        QPointer<ArmCall> self(this);
        const Error refused = httpError(r);
        m_client->m_tokens->renew(m_sentToken, [self, refused](Result<void> renewed) {
            if (!self || self->isFinished())
                return;
            if (!renewed && renewed.error().code == QLatin1String("token_not_renewable")) {
                Error e = refused; // nothing to renew: the refusal stands
                e.detail = refused.detail.isEmpty()
                    ? renewed.error().code
                    : refused.detail + QStringLiteral(" (") + renewed.error().code + QLatin1Char(')');
                return self->finish(e);
            }
            if (!renewed) {
                // Its own error, of the renewal's kind: a renewal that met the network (or the
                // session's once-a-minute guard) may succeed later, an issuer's refusal will not.
                const Error &why = renewed.error();
                const QString detail = why.detail.isEmpty() ? refused.detail : why.detail;
                Error e = Error::make(why.kind, Codes::TokenRenewalFailed, detail, { why.code })
                              .withHttp(401, refused.correlationId);
                e.requestId = refused.requestId;
                return self->finish(e);
            }
            --self->m_attempt; // a renewal is not a retry
            self->m_justRenewed = true;
            if (self->m_client)
                self->m_client->acquire(self);
        });
        return;
    }
    // 429 with Retry-After is a request the service turned away unprocessed, so even one that may
    // not be repeated is sent again; without Retry-After only a repeatable one is.
    const bool throttled
        = r.status == 429 && (m_request.isIdempotent() || !r.header("Retry-After").isEmpty());
    if (throttled || (isTransientStatus(r.status) && m_request.isIdempotent())) {
        const int after = retryAfterSeconds(r.header("Retry-After"), r.header("Date"), m_client->m_clock());
        Error e = httpError(r);
        if (r.status == 429 && after > m_client->m_options.maxRetryAfterSeconds)
            return finish(withIds(
                Error::make(Error::Kind::Http, Codes::Throttled, e.detail, { QString::number(after) }), 429,
                e.correlationId, e.requestId.isEmpty() ? out.requestId : e.requestId));
        return retryLater(e, after);
    }
    if (r.status >= 300 && r.status < 400) {
        // Not followed: the request would go, bearer token and all, wherever the answer points.
        // Where it pointed is said without its query (which may carry a signature).
        const QByteArray location = r.header("Location");
        const QString target = location.isEmpty()
            ? QStringLiteral("(no Location)")
            : r.url.resolved(QUrl(QString::fromLatin1(location)))
                  .toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
        return finish(withIds(Error::make(Error::Kind::Http, Codes::Redirected,
                                          QStringLiteral("%1 answered HTTP %2 with Location %3")
                                              .arg(r.url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo))
                                              .arg(r.status)
                                              .arg(target),
                                          { QString::number(r.status), target }),
                              r.status, out.correlationId, out.requestId));
    }
    if (r.status >= 400 || r.status < 200)
        return finish(httpError(r));
    if (m_peek) {
        const QPointer<ArmCall> self(this);
        std::exchange(m_peek, {})(r.body);
        if (!self || isFinished())
            return;
    }
    // The answer is all in and will not be asked for again: its slot goes to the next request
    // now (the listing's next page first, which the peek may just have asked for), not once the
    // body is read on a worker, maybe behind other pages. The bound is on requests at the service
    // (and, apart, on answers waiting to be read: see hasRoom()), so an answer going to a worker
    // is counted as read before its slot starts the next request.
    const bool onWorker = r.body.size() >= m_client->m_options.parseOffThreadBytes;
    if (onWorker)
        setReading(true);
    dropSlot();
    const bool pageText = m_request.pageText;
    if (onWorker) {
        // Read on a worker; the answer comes back to this thread through the watcher, which
        // dies with this call (a cancelled call never hears of it). A list page is read by the
        // listing's reader on the same trip.
        auto *watcher = new QFutureWatcher<Body>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, out]() mutable {
            watcher->deleteLater();
            setReading(false);
            answered(std::move(out), watcher->future().takeResult());
        });
        watcher->setFuture(QtConcurrent::run([response = r, pageText, reader = m_request.readPage] {
            HugePageHeap::adviseThisThread();
            return readBody(response, pageText, reader, false);
        }));
        return;
    }
    // A short page is not read here: its listing decides where (a page of many short elements
    // still goes to a worker).
    answered(std::move(out), readBody(r, pageText, {}, true));
}

ArmCall::Body ArmCall::readBody(const Net::Response &response, bool pageText, const PageReader &reader,
                                bool emptyIsObject)
{
    Body out;
    if (pageText) {
        out.page = PageText::scan(response.body);
        if (out.page) {
            if (reader)
                out.pageRead = reader(*out.page);
            return out;
        }
    }
    if (!emptyIsObject || !response.body.trimmed().isEmpty())
        out.object = response.json();
    return out;
}

void ArmCall::answered(ArmResponse out, Body body)
{
    if (isFinished())
        return;
    if (!body.page && !body.object)
        return finish(withIds(body.object.error(), out.status, out.correlationId, out.requestId));
    if (body.page) {
        out.page = std::move(body.page);
        out.pageRead = std::move(body.pageRead);
    } else {
        out.body = std::move(body.object).value();
    }
    finish(std::move(out));
}

// --- ArmListCall ---

ArmListCall::ArmListCall(ArmClient *client, QString, QString apiVersion, QObject *owner,
                         ArmClient::PageHandler onPage, Done done, bool collect)
    : Job<QJsonArray>(owner, std::move(done))
    , m_client(client)
    , m_apiVersion(std::move(apiVersion))
    , m_onPage(std::move(onPage))
    , m_collect(collect)
{ }

ArmListCall::~ArmListCall()
{
    if (m_call)
        delete m_call.data();
    if (m_ahead)
        delete m_ahead.data();
    report(cancelledError());
}

void ArmListCall::cancel()
{
    if (m_call)
        m_call->cancel();
    if (m_ahead)
        m_ahead->cancel();
    report(cancelledError());
}

QString ArmListCall::pageKey(const QUrl &url)
{
    // The same page however it is spelled: scheme and host in any case, percent-encoding of
    // unreserved characters, query items in any order.
    QUrlQuery query(url);
    QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyDecoded);
    std::sort(items.begin(), items.end());
    QStringList parts;
    for (const auto &item : std::as_const(items))
        parts << item.first + QLatin1Char('=') + item.second;
    return url.scheme().toLower() + QStringLiteral("://") + url.host().toLower() + QLatin1Char(':')
        + QString::number(
               url.port(url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80))
        + url.path(QUrl::FullyDecoded) + QLatin1Char('?') + parts.join(QLatin1Char('&'));
}

ArmListCall *ArmClient::listPages(const QString &path, const QString &apiVersion, QObject *owner,
                                  ListPageHandler onPage, std::function<void(Result<QJsonArray>)> done,
                                  PageReader reader)
{
    auto *call = new ArmListCall(this, path, apiVersion, owner, {}, std::move(done), false);
    call->m_onListPage = std::move(onPage);
    call->m_readPage = std::move(reader);
    call->fetch(path);
    return call;
}

void ArmListCall::fetch(const QString &pathOrUrl)
{
    if (!m_client)
        return report(cancelledError());
    m_call = request(pathOrUrl, &m_callSerial);
}

ArmCall *ArmListCall::request(const QString &pathOrUrl, quint64 *serial)
{
    const quint64 n = *serial = ++m_serials;
    ArmRequest page = ArmRequest::get(pathOrUrl, m_apiVersion);
    page.continuesListing = n > 1; // every request after the first page's is a nextLink
    page.pageText = bool(m_onListPage);
    page.readPage = m_readPage;
    ArmCall *call
        = m_client->send(page, this, [this, n](Result<ArmResponse> r) { answered(n, std::move(r)); });
    call->setBodyPeek([this, n](const QByteArray &body) { peeked(n, body); });
    return call;
}

void ArmListCall::peeked(quint64 serial, const QByteArray &body)
{
    // Only the page handed over next looks ahead, one page at most.
    if (isFinished() || serial != m_callSerial || m_askedAhead || !m_client)
        return;
    // A long page is read from its ends only: stepping over every byte of it here, on the
    // owner's thread, cost a quarter of that thread's time in a large listing (the worker reads
    // the whole page anyway, and the listing follows the link the parsed page gives).
    const NextLinkScan scan = body.size() >= m_client->options().parseOffThreadBytes
        ? NextLinkScan::atEnds(body)
        : NextLinkScan::of(body);
    if (scan.outcome != NextLinkScan::Outcome::Link || m_pages + 1 >= m_client->options().maxPages)
        return;
    const QUrl url(scan.link);
    if (m_seenPages.contains(pageKey(url)) || (m_call && pageKey(m_call->url()) == pageKey(url)))
        return; // a loop: the parsed page reports it
    m_askedAhead = true;
    m_aheadLink = scan.link;
    m_ahead = request(scan.link, &m_aheadSerial);
}

void ArmListCall::dropAhead()
{
    const QPointer<ArmCall> ahead = std::exchange(m_ahead, nullptr);
    m_askedAhead = false;
    m_aheadSerial = 0; // forgotten first: its report (cancelled, now) is ignored
    m_aheadLink.clear();
    m_aheadAnswer.reset();
    if (ahead) {
        ahead->cancel(); // reports now, while this listing is whole, not from a later destructor
        ahead->deleteLater();
    }
}

void ArmListCall::answered(quint64 serial, Result<ArmResponse> r)
{
    // A page's call has reported: it goes (a long listing would otherwise keep one finished call
    // per page until the listing itself dies).
    if (m_askedAhead && serial == m_aheadSerial) {
        if (m_ahead)
            m_ahead->deleteLater();
        m_ahead = nullptr;
        if (!isFinished())
            m_aheadAnswer = std::move(r); // handed over after the page in front of it
        return;
    }
    if (serial != m_callSerial)
        return; // a request this listing no longer wants
    if (m_call)
        m_call->deleteLater();
    m_call = nullptr;
    std::optional<Result<ArmResponse>> next = std::move(r);
    while (next && !isFinished()) {
        // The page handler may end this call, or delete its owner (and with it this call).
        const QPointer<ArmListCall> self(this);
        next = deliver(std::move(*next));
        if (!self)
            return;
    }
}

std::optional<Result<ArmResponse>> ArmListCall::deliver(Result<ArmResponse> r)
{
    auto end = [this](Result<QJsonArray> result) {
        dropAhead();
        report(std::move(result));
        return std::nullopt;
    };
    if (!r)
        return end(r.error());
    ListPage page;
    QString link;
    if (r->page) {
        link = r->page->nextLink;
        page.text = std::move(r->page);
        page.read = std::move(r->pageRead);
    } else {
        const QJsonValue value = r->body.value(QStringLiteral("value"));
        if (!value.isArray())
            return end(withIds(Error::make(Error::Kind::Protocol, Codes::BadPage,
                                           QStringLiteral("no \"value\" array"),
                                           { r->url.toString(QUrl::RemoveQuery) }),
                               r->status, r->correlationId, r->requestId));
        page.values = value.toArray();
        link = r->body.value(QStringLiteral("nextLink")).toString(); // its type: checked below
    }
    // The URL this page was read from, the first one included: a nextLink leading back to
    // any page already read (page 1 too) is caught before that page is delivered twice.
    m_seenPages.insert(pageKey(r->url));
    m_count += int(page.size());
    const int index = m_pages++;
    // A page read from its text only reaches listPages()' handler (read by its reader already
    // when it was long): never collected, never turned into a QJsonArray here.
    Q_ASSERT(!page.text || (m_onListPage && !m_collect));
    const bool fromText = page.text.has_value();
    if (m_collect) {
        for (const QJsonValue &v : std::as_const(page.values))
            m_all.append(v);
    }
    if (m_onPage || m_onListPage) {
        const QPointer<ArmListCall> self(this);
        if (m_onListPage)
            m_onListPage(std::move(page), index); // the handler's alone: what was read moves on
        else
            m_onPage(page.values, index);
        if (!self)
            return std::nullopt;
    }
    if (isFinished()) { // the page handler cancelled us
        dropAhead();
        return std::nullopt;
    }
    if (!fromText) {
        // Absent or null ends the listing; any other type is a malformed page, never "the end".
        const QJsonValue next = r->body.value(QStringLiteral("nextLink"));
        if (!next.isString() && !next.isNull() && !next.isUndefined())
            return end(withIds(Error::make(Error::Kind::Protocol, Codes::BadPage,
                                           QStringLiteral("\"nextLink\" is not a string"),
                                           { r->url.toString(QUrl::RemoveQuery) }),
                               r->status, r->correlationId, r->requestId));
    }
    if (link.isEmpty())
        return end(m_collect ? m_all : QJsonArray());
    if (m_seenPages.contains(pageKey(QUrl(link))))
        return end(withIds(Error::make(Error::Kind::Protocol, Codes::PageLoop,
                                       QStringLiteral("nextLink %1 after page %2 was read before")
                                           .arg(QUrl(link).toString(QUrl::RemoveQuery))
                                           .arg(m_pages),
                                       { r->url.toString(QUrl::RemoveQuery) }),
                           r->status, r->correlationId, r->requestId));
    if (m_pages >= (m_client ? m_client->options().maxPages : 0))
        return end(
            withIds(Error::make(Error::Kind::Protocol, Codes::TooManyPages, {}, { QString::number(m_pages) }),
                    r->status, r->correlationId, r->requestId));
    if (m_askedAhead && m_aheadLink == link) {
        // The page asked for early is the right one: it is now the one handed over next.
        m_call = std::exchange(m_ahead, nullptr);
        m_callSerial = std::exchange(m_aheadSerial, 0);
        m_askedAhead = false;
        m_aheadLink.clear();
        return std::exchange(m_aheadAnswer, std::nullopt);
    }
    dropAhead();
    fetch(link);
    return std::nullopt;
}

} // namespace RestoreDesk::Arm
