#pragma once

#include "arm/armtypes.h"
#include "arm/tokenprovider.h"
#include "core/clock.h"
#include "core/job.h"
#include "core/serverclock.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace RestoreDesk::Arm {

class ArmCall;
class ArmListCall;

// One page of a listing as ArmClient::listPages hands it over: read from its text (`text`), with
// what the listing's page reader made of it when the page was long (`read`), or, where the scan
// could not vouch for it, parsed (`values`). Value type; any thread. Copies share `read`: the
// handler it is handed to is its one reader.
struct ListPage
{
    std::optional<PageText> text;
    QJsonArray values;
    PageRead read; // the reader's, when listPages() was given one and `text` is at least
                   // parseOffThreadBytes long

    qsizetype size() const { return text ? text->elements.size() : values.size(); }
};

// The REST transport to Azure Resource Manager (or the sandbox, or any API of the same shape).
// Every request is a job (ArmCall, ArmListCall) parented to its owner that reports once. The
// bearer token goes only to the profile's API origin: a nextLink or polling URL on another
// origin is not followed (foreign_origin names it). Each call carries x-ms-client-request-id
// (the same across its retries) and x-ms-correlation-request-id; ARM error envelopes become
// Errors with the service's code, message, status, correlation and request ids. 401: the token
// provider renews once (joined with every other call that hit it) and the call is sent again.
// 429 / 5xx / lost connections: retried with exponential backoff and jitter, at least the
// Retry-After the service asked for, within a per-call limit and a client-wide retry budget
// (so a failing service is not hammered). A request that is not idempotent (a POST by default)
// is sent again only where it was certainly not processed: a 401 before the renewal, a 429 that
// names Retry-After, a connection refused (nothing sent); a lost answer, a timeout or a 5xx ends it. Requests
// run concurrently, at most `maxConcurrentPerHost` at once (the rest wait in order, a listing's next page
// ahead of new requests: an estate's listings then complete one after another as they go, not all
// at the very end). GUI/CLI thread; nothing blocks it.
class ArmClient : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int timeoutMs = 60000;
        int maxAttempts = 5; // per call, first try included
        int baseDelayMs = 400; // backoff: base · 2^n, with jitter
        int maxDelayMs = 20000;
        int maxRetryAfterSeconds = 60; // a longer Retry-After fails the call (arm_throttled)
        double retryBudget = 30; // retries the whole client may spend…
        double retryBudgetPerSecond = 1; // …refilled at this rate
        // An estate listing fans out to every vault at once: at 16x the benchmark's estate (about
        // a thousand pages) 64 in flight kept pages waiting for a slot for longer than the whole
        // chain of dependent round trips takes; 128 (22 network managers of six connections) does
        // not. ARM limits reads per hour, not connections; a bound stays, for the service's sake.
        // A call gives its slot back once its answer is in; no new request goes out either while
        // this many answers wait to be read on workers, so answers held in memory stay bounded (by
        // about twice this: those being read, and those of the requests still out).
        int maxConcurrentPerHost = 128;
        qint64 maxBodyBytes = 64 * 1024 * 1024;
        // A JSON body at least this long is parsed on a worker thread (QThreadPool), so a large
        // page never holds the owner's (GUI) thread; shorter ones are parsed in place, where the
        // hand-over would cost more than the parse.
        qint64 parseOffThreadBytes = 32 * 1024;
        // A list longer than this is cut with TooManyPages: a paging bug on the service's side
        // must not hold the console (or a script) for ever.
        int maxPages = 10000;
    };

    ArmClient(Net::Transport transport, TokenProvider *tokens, QUrl baseUrl, QObject *parent = nullptr);
    ~ArmClient() override;

    void setOptions(const Options &options);
    const Options &options() const { return m_options; }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    const Clock &clock() const { return m_clock; }
    // The service's clock as its answers' Date headers tell it (on this client's clock).
    const ServerClock &serverClock() const { return m_serverClock; }
    void setRandomSeed(quint32 seed) { m_random.seed(seed); }
    QUrl baseUrl() const { return m_base; }

    // The URL a path resolves to (what the "equivalent request" strips show); invalid when a
    // URL is on another origin.
    QUrl urlFor(const QString &pathOrUrl, const QString &apiVersion) const;

    ArmCall *send(const ArmRequest &request, QObject *owner, std::function<void(Result<ArmResponse>)> done);
    ArmCall *get(const QString &pathOrUrl, const QString &apiVersion, QObject *owner,
                 std::function<void(Result<ArmResponse>)> done);

    // Follows every nextLink (same origin only) to the end. `onPage` sees each page's items as
    // they arrive; the final result holds every item unless `collect` is false (then it is empty
    // and the pages are the caller's to keep).
    using PageHandler = std::function<void(const QJsonArray &items, int pageIndex)>;
    ArmListCall *list(const QString &path, const QString &apiVersion, QObject *owner, PageHandler onPage,
                      std::function<void(Result<QJsonArray>)> done, bool collect = true);
    // The same, each page read from its text when PageText can vouch for it (no document is
    // built; the elements are located, and read by the page's consumer), else parsed as by
    // list(). Nothing is collected: the final result is empty. `reader` (optional) reads each long
    // page read from its text right after its scan, on the scan's worker, so the page is scanned
    // and read in one trip (ListPage::read); a short page comes unread, for the handler to read
    // where it likes. The reader may run after the listing and its owner are gone: a pure
    // function that captures only what it owns.
    using ListPageHandler = std::function<void(ListPage page, int pageIndex)>;
    ArmListCall *listPages(const QString &path, const QString &apiVersion, QObject *owner,
                           ListPageHandler onPage, std::function<void(Result<QJsonArray>)> done,
                           PageReader reader = {});

    // Counters for tests, benchmarks and the diagnostics view.
    int requestCount() const { return m_requests; }
    int retryCount() const { return m_retries; }
    int renewCount() const { return m_renewals; }
    // Calls holding a slot: sent (or about to be) and not answered yet.
    int inFlight() const { return m_inFlight; }
    // Calls whose answer is in and being read on a worker (a call deleted meanwhile is no longer
    // counted, though its worker may still be on it). With inFlight(), 0 means nothing is pending.
    int reading() const { return m_reading; }
    int peakInFlight() const { return m_peakInFlight; }
    int lastRetryDelayMs() const { return m_lastDelayMs; } // the wait before the latest retry

private:
    friend class ArmCall;
    Result<QUrl> resolve(const QString &pathOrUrl, const QString &apiVersion) const;
    void acquire(ArmCall *call);
    void release();
    void startWaiting(); // starts waiting calls while there is room
    bool hasRoom() const; // for one more call: a slot free, and answers being read under the bound
    bool spendRetry();
    // The manager a request goes out on: the first with a free connection (fewer than six of
    // its requests in flight), made when first needed. Index into m_managers.
    int takeManager();
    void giveBackManager(int index);
    int nextDelayMs(int attempt, int retryAfterSeconds);

    Net::Transport m_transport;
    QList<QNetworkAccessManager *> m_managers; // [0] is the transport's own
    QList<int> m_managerLoad; // requests in flight on each of m_managers
    TokenProvider *m_tokens;
    QUrl m_base;
    Net::Origin m_origin;
    Options m_options;
    Clock m_clock = systemClock();
    ServerClock m_serverClock;
    QRandomGenerator m_random { QRandomGenerator::securelySeeded() };
    QQueue<QPointer<ArmCall>> m_waiting;
    QQueue<QPointer<ArmCall>> m_waitingNextPages; // served before m_waiting (continuesListing)
    QList<QPointer<ArmCall>> m_calls; // every call not known to be finished: cancelled with us
    int m_inFlight = 0;
    int m_reading = 0;
    int m_peakInFlight = 0;
    double m_budget = 0;
    QDateTime m_budgetAt;
    int m_requests = 0;
    int m_retries = 0;
    int m_renewals = 0;
    int m_lastDelayMs = 0;
};

// One ARM request with its retries and its one token renewal; reports once.
class ArmCall final : public Job<ArmResponse>
{
    Q_OBJECT

public:
    ~ArmCall() override;
    void cancel() override;
    const ArmRequest &request() const { return m_request; }
    QUrl url() const { return m_url; }
    // Sees the text of a successful answer once, before it is parsed (a listing reads the next
    // page's link from it early). Set right after the call is made; owner's thread.
    void setBodyPeek(std::function<void(const QByteArray &body)> peek) { m_peek = std::move(peek); }

private:
    friend class ArmClient;
    ArmCall(ArmClient *client, ArmRequest request, QObject *owner, Done done);
    void start();
    void go(); // holds a slot
    void onReply(Result<Net::Response> reply);
    struct Body
    {
        std::optional<PageText> page;
        PageRead pageRead;
        Result<QJsonObject> object = QJsonObject();
    };
    static Body readBody(const Net::Response &response, bool pageText, const PageReader &reader,
                         bool emptyIsObject);
    void answered(ArmResponse out, Body body);
    void retryLater(const Error &why, int retryAfterSeconds);
    void finish(Result<ArmResponse> result);
    void dropSlot();
    void setReading(bool reading);

    QPointer<ArmClient> m_client;
    ArmRequest m_request;
    QUrl m_url;
    int m_attempt = 0;
    // Tokens this call renewed away from. Each token is renewed once, so a call that outlives the
    // token it renewed to (a long Retry-After under short-lived tokens) renews that one too; a
    // token refused right after its own renewal ends the call.
    QList<QByteArray> m_renewedFrom;
    bool m_justRenewed = false; // this try was sent with the token a renewal just gave
    bool m_holdsSlot = false;
    bool m_reading = false; // counted in the client's reading()
    int m_manager = -1; // this try's network manager (ArmClient::takeManager) until its answer is in
    QByteArray m_sentToken;
    QDateTime m_sentAt; // this try's, on the client's clock
    QTimer m_wait;
    QPointer<Net::NetworkJob> m_job;
    std::function<void(const QByteArray &)> m_peek;
};

// A list followed through every nextLink; reports once (all items, or the first error). The next
// page is asked for as soon as a page's text is in (its nextLink read by NextLinkScan), while that
// page is still parsed; pages are still handed over in order, and the link the parsed page gives
// rules: a different one drops the early request and asks for the right page.
class ArmListCall final : public Job<QJsonArray>
{
    Q_OBJECT

public:
    ~ArmListCall() override;
    void cancel() override;
    int pages() const { return m_pages; }
    int items() const { return m_count; }
    // A page's URL normalised: two spellings of one page have one key (for loop detection).
    static QString pageKey(const QUrl &url);

private:
    friend class ArmClient;
    ArmListCall(ArmClient *client, QString path, QString apiVersion, QObject *owner,
                ArmClient::PageHandler onPage, Done done, bool collect);
    void fetch(const QString &pathOrUrl);
    ArmCall *request(const QString &pathOrUrl, quint64 *serial);
    void peeked(quint64 serial, const QByteArray &body);
    void answered(quint64 serial, Result<ArmResponse> r);
    std::optional<Result<ArmResponse>> deliver(Result<ArmResponse> r);
    void dropAhead();

    QPointer<ArmClient> m_client;
    QString m_apiVersion;
    ArmClient::PageHandler m_onPage;
    ArmClient::ListPageHandler m_onListPage; // listPages(): pages read from their text
    PageReader m_readPage; // listPages()' reader, run on each long page's scan worker
    bool m_collect;
    QJsonArray m_all;
    QSet<QString> m_seenPages; // every page's URL as read, normalised (see pageKey)
    // Each request has a serial number; an answer that is neither of these two is one this
    // listing no longer wants.
    quint64 m_serials = 0;
    QPointer<ArmCall> m_call; // the page handed over next
    quint64 m_callSerial = 0;
    // The page after it, asked for early: its link as asked, and its answer when that came before
    // the page in front of it was handed over.
    QPointer<ArmCall> m_ahead;
    quint64 m_aheadSerial = 0;
    bool m_askedAhead = false;
    QString m_aheadLink;
    std::optional<Result<ArmResponse>> m_aheadAnswer;
    int m_pages = 0;
    int m_count = 0;
};

} // namespace RestoreDesk::Arm
