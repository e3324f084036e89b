#pragma once

#include "core/clock.h"
#include "core/qtcompat.h"
#include "core/result.h"
#include "sandbox/sandboxoptions.h"
#include "sandbox/sandboxperson.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>

#include <memory>

class QTcpServer;

namespace RestoreDesk::Sandbox {

class BackupApi;
class HttpConnection;
class OidcProvider;
class TokenValidator;
struct HttpRequest;
struct HttpResponse;
struct Tenant;

// The whole sandbox behind one port on 127.0.0.1: the OpenID Provider under /oidc and the
// backup API at the root, with the fault knobs applied to API requests. Used by the
// restoredesk-sandbox executable and, in-process, by the GUI and the tests. Lives on the thread
// that created it (its event loop serves requests).
class SandboxServer : public QObject
{
    Q_OBJECT

public:
    explicit SandboxServer(QObject *parent = nullptr);
    // `clock` is the sandbox's time (tokens, codes, jobs, seeded data): tests move it instead of
    // sleeping. It is called on the server's thread only.
    explicit SandboxServer(Clock clock, QObject *parent = nullptr);
    ~SandboxServer() override;

    // Loads the tenant and listens; `ready` or `failed` follows once trusted issuers' keys are in.
    void start(const SandboxOptions &options);
    void stop();

    bool isReady() const { return m_ready; }
    quint16 port() const { return m_port; }
    QString issuer() const; // http://127.0.0.1:N/oidc
    QString apiBase() const; // http://127.0.0.1:N
    static QString apiAudience();

    // The people of the tenant, for a sign-in page (valid once ready).
    QList<SandboxPerson> people() const;
    // The secret that opens POST /oidc/rotate-keys (empty unless options.allowKeyRotation).
    QByteArray keyRotationSecret() const { return m_rotationSecret; }

    // For tests and the in-process GUI.
    Tenant &tenant();
    OidcProvider &oidc();
    quint64 requestCount() const { return m_requests; }
    // Handles the next `count` API requests with `method` whose path contains `pathPart`
    // (case-insensitive), then closes their connections without the answer: a response lost on
    // the way back, deterministically (tests). A count of 0 ends every such rule.
    void loseAnswers(const QByteArray &method, const QString &pathPart, int count);
    // Closes the connections of the next `count` API requests with `method` whose path contains
    // `pathPart` before handling them: a request lost on the way there (the service never saw
    // it), deterministically (tests). A count of 0 ends every such rule.
    void loseRequests(const QByteArray &method, const QString &pathPart, int count);
    // Closes the connections of the next `count` POSTs to the issuer's token endpoint before
    // handling them: a token renewal (or sign-in) that meets a network failure, deterministically
    // (tests). The rate knobs never touch the issuer; 0 ends it.
    void dropTokenRequests(int count) { m_dropTokenRequests = qMax(0, count); }
    int tokenRequestsToDrop() const { return m_dropTokenRequests; }
    // Role and deny assignments edited in tenant() while running (a permission taken away)
    // take effect: the API's checks and its access answers read them from now on.
    void reloadAccess();
    // Changes the fault knobs while running (a network that goes away and comes back).
    void setFaultRates(double dropRate, double throttleRate, double errorRate);
    // At most `count` faults in a row for one request id (0: no limit).
    void setMaxFaultsPerRequest(int count);
    // Whether restores accepted from now on name only Location (as --location-only).
    void setRestoreLocationOnly(bool on);
    // Operation results expire: every operation's status and result URLs answer 404 from now on
    // (its job stays in the jobs list).
    void forgetOperations();
    // Jobs accepted from now on show in job listings only `seconds` after (as --job-listing-delay).
    void setJobListingDelay(int seconds);
    // Jobs accepted from now on stay InProgress until releaseJobs(), whatever their duration
    // (as options.holdJobs): a test acts mid-job (kills a client, restarts it) without a race.
    void holdJobs(bool on);
    // Lets every held job end: one whose duration has passed ends now (its end time is now),
    // another runs out its duration. Returns how many jobs were held.
    int releaseJobs();
    // Requests received per path (decoded, without the query), e.g. "/oidc/token": what a client
    // asked of the issuer and the API (benchmarks count a sign-in's back-channel requests).
    const QHash<QString, quint64> &requestCountsByPath() const { return m_requestsByPath; }

Q_SIGNALS:
    void ready(const QString &issuer, const QString &apiBase);
    void failed(const QString &message);

private:
    struct Pending;
    void accept(HttpConnection *connection, HttpRequest request);
    void dispatch(const std::shared_ptr<Pending> &pending);
    void finish(const std::shared_ptr<Pending> &pending, HttpResponse response);
    static void write(Pending &pending, const HttpResponse &response);
    bool loseThisAnswer(const HttpRequest &request, double roll);
    // Whether the fault `roll` picked may strike this request (the per-request limit).
    bool mayFault(const HttpRequest &request);

    Clock m_givenClock; // the machine's, or a test's
    Clock m_clock; // the sandbox's own: the given one, moved by clockOffsetSeconds
    SandboxOptions m_options;
    std::unique_ptr<Tenant> m_tenant;
    std::unique_ptr<OidcProvider> m_oidc;
    std::unique_ptr<BackupApi> m_api;
    TokenValidator *m_validator = nullptr;
    QRandomGenerator m_random;
    QByteArray m_rotationSecret;
    QPointer<QTcpServer> m_listener;
    quint16 m_port = 0;
    bool m_ready = false;
    quint64 m_requests = 0;
    struct LostAnswers
    {
        QByteArray method;
        QString pathPart;
        int count = 0;
    };
    QList<LostAnswers> m_lose;
    QList<LostAnswers> m_loseRequests;
    int m_dropTokenRequests = 0;
    QHash<QString, quint64> m_requestsByPath;
    QHash<QByteArray, int> m_faultsInARow; // by x-ms-client-request-id, while limited
};

} // namespace RestoreDesk::Sandbox
