#include "sandbox/sandboxserver.h"

#include "core/serverclock.h"
#include "jose/randomtoken.h"
#include "sandbox/armbuilders.h"
#include "sandbox/backupapi.h"
#include "sandbox/httpconnection.h"
#include "sandbox/httpmessage.h"
#include "sandbox/oidcprovider.h"
#include "sandbox/tenant.h"
#include "sandbox/tokenvalidator.h"

#include <QFile>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcSandbox, "restoredesk.sandbox", QtInfoMsg)

namespace RestoreDesk::Sandbox {

struct SandboxServer::Pending
{
    HttpRequest request;
    QPointer<HttpConnection> connection; // null once the client went away
};

SandboxServer::SandboxServer(QObject *parent)
    : SandboxServer(systemClock(), parent)
{ }

SandboxServer::SandboxServer(Clock clock, QObject *parent)
    : QObject(parent)
    , m_givenClock(clock)
    , m_clock(std::move(clock))
{ }

SandboxServer::~SandboxServer() = default;

QString SandboxServer::issuer() const
{
    return apiBase() + QStringLiteral("/oidc");
}

QString SandboxServer::apiBase() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

QString SandboxServer::apiAudience()
{
    return QString::fromLatin1(OidcProvider::kApiAudience);
}

Tenant &SandboxServer::tenant()
{
    return *m_tenant;
}

OidcProvider &SandboxServer::oidc()
{
    return *m_oidc;
}

QList<SandboxPerson> SandboxServer::people() const
{
    QList<SandboxPerson> out;
    if (!m_tenant)
        return out;
    for (const SandboxUser &u : m_tenant->users)
        out << SandboxPerson { u.username, u.name, u.roleSummary };
    return out;
}

void SandboxServer::start(const SandboxOptions &options)
{
    m_options = options;
    m_clock = m_givenClock;
    if (const qint64 offset = options.clockOffsetSeconds; offset != 0)
        m_clock = [given = m_givenClock, offset] { return given().addSecs(offset); };
    m_random = options.seed ? QRandomGenerator(options.seed)
                            : QRandomGenerator(QRandomGenerator::global()->generate());
    const QDateTime now = m_clock();
    Result<Tenant> tenant = Error();
    if (options.dataFile.isEmpty()) {
        tenant = Tenant::builtIn(now);
    } else {
        QFile file(options.dataFile);
        if (!file.open(QIODevice::ReadOnly)) {
            QTimer::singleShot(0, this, [this, options, error = file.errorString()] {
                Q_EMIT failed(QStringLiteral("Cannot read %1: %2").arg(options.dataFile, error));
            });
            return;
        }
        tenant = Tenant::fromSeed(file.readAll(), now);
    }
    if (!tenant) {
        QTimer::singleShot(0, this, [this, message = tenant.error().detail] { Q_EMIT failed(message); });
        return;
    }
    m_tenant = std::make_unique<Tenant>(std::move(tenant).value());
    if (options.scaled)
        m_tenant->grow(options.scale, now);

    for (const QJsonObject &spec : std::as_const(m_tenant->trustedIssuers)) {
        auto trusted = TrustedIssuer::fromJson(spec);
        if (!trusted) {
            QTimer::singleShot(0, this, [this, message = trusted.error().detail] { Q_EMIT failed(message); });
            return;
        }
        m_options.trustedIssuers << trusted.value();
    }

    QTcpServer *listener
        = listenForHttp(this, options.port, [this](HttpConnection *connection, HttpRequest request) {
              accept(connection, std::move(request));
          });
    m_listener = listener;
    m_port = listener ? listener->serverPort() : 0;
    if (m_port == 0) {
        QTimer::singleShot(0, this, [this, port = options.port] {
            Q_EMIT failed(QStringLiteral("Cannot listen on 127.0.0.1:%1 (in use?)").arg(port));
        });
        return;
    }
    m_oidc = std::make_unique<OidcProvider>(*m_tenant, options.tokenLifetimeSeconds, m_clock);
    m_oidc->setIssuer(issuer());
    m_oidc->setClockSkew(options.clockSkewSeconds);
    if (options.allowKeyRotation) {
        m_rotationSecret = Jose::randomUrlSafe(32);
        m_oidc->enableKeyRotation(m_rotationSecret);
    }
    m_api = std::make_unique<BackupApi>(*m_tenant, options, m_clock);
    OidcProvider *oidc = m_oidc.get();
    m_validator = new TokenValidator(
        issuer(), apiAudience(), [oidc] { return oidc->keys(); },
        [oidc](const QString &family) { return oidc->isFamilyRevoked(family); }, m_options.trustedIssuers,
        m_clock, this);
    m_validator->setSkewSeconds(options.clockSkewSeconds);
    m_validator->prepare([this](Result<void> prepared) {
        if (!prepared) {
            Q_EMIT failed(QStringLiteral("A trusted issuer could not be prepared: ")
                          + prepared.error().detail);
            return;
        }
        m_ready = true;
        qCInfo(lcSandbox) << "sandbox ready on" << apiBase() << "with" << m_tenant->vaults.size() << "vaults,"
                          << m_tenant->totalItems() << "items," << m_tenant->totalRecoveryPoints()
                          << "recovery points";
        Q_EMIT ready(issuer(), apiBase());
    });
}

void SandboxServer::stop()
{
    if (m_listener)
        m_listener->close();
    m_ready = false;
}

void SandboxServer::accept(HttpConnection *connection, HttpRequest request)
{
    auto pending = std::make_shared<Pending>();
    pending->request = std::move(request);
    QUrl &url = pending->request.url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    pending->request.path = url.path(QUrl::FullyDecoded);
    pending->connection = connection;
    dispatch(pending);
}

void SandboxServer::dispatch(const std::shared_ptr<Pending> &pending)
{
    ++m_requests;
    const HttpRequest &r = pending->request;
    ++m_requestsByPath[r.path];
    if (!m_ready) {
        finish(pending,
               HttpResponse::armError(503, QStringLiteral("ServiceUnavailable"),
                                      QStringLiteral("The sandbox is starting.")));
        return;
    }
    if (m_oidc->handles(r.path)) {
        if (m_dropTokenRequests > 0 && r.method == "POST" && r.path.endsWith(QLatin1String("/token"))) {
            --m_dropTokenRequests;
            HttpResponse drop;
            drop.dropConnection = true;
            finish(pending, drop);
            return;
        }
        finish(pending, m_oidc->handle(r));
        return;
    }
    if (r.path == QLatin1String("/") || r.path.isEmpty()) {
        finish(pending,
               HttpResponse::json(
                   200,
                   QJsonObject { { QStringLiteral("service"), QStringLiteral("Restore Desk sandbox") },
                                 { QStringLiteral("issuer"), issuer() },
                                 { QStringLiteral("api"), apiBase() },
                                 { QStringLiteral("audience"), apiAudience() } }));
        return;
    }
    for (LostAnswers &l : m_loseRequests) {
        if (l.count > 0 && l.method == r.method && r.path.contains(l.pathPart, Qt::CaseInsensitive)) {
            --l.count;
            HttpResponse drop;
            drop.dropConnection = true;
            finish(pending, drop);
            return;
        }
    }
    // Fault knobs apply to the API only, so sign-in stays usable while clients are stressed.
    const double roll = m_random.generateDouble();
    const bool faulty = roll < m_options.dropRate + m_options.throttleRate + m_options.errorRate;
    if (faulty && mayFault(r)) {
        if (roll < m_options.dropRate) {
            HttpResponse drop;
            drop.dropConnection = true;
            finish(pending, drop);
        } else if (roll < m_options.dropRate + m_options.throttleRate) {
            HttpResponse resp
                = HttpResponse::armError(429, QStringLiteral("TooManyRequests"),
                                         QStringLiteral("The request is throttled; retry after %1 seconds.")
                                             .arg(m_options.retryAfterSeconds));
            resp.setHeader("Retry-After", QByteArray::number(m_options.retryAfterSeconds));
            finish(pending, resp);
        } else {
            const bool unavailable = m_random.bounded(2) == 0;
            finish(pending,
                   unavailable
                       ? HttpResponse::armError(503, QStringLiteral("ServiceUnavailable"),
                                                QStringLiteral("The service is temporarily unavailable."))
                       : HttpResponse::armError(500, QStringLiteral("InternalServerError"),
                                                QStringLiteral("The server encountered an internal error.")));
        }
        return;
    }
    QPointer<SandboxServer> self(this);
    const double lostRoll = m_options.lostAnswerRate > 0 ? m_random.generateDouble() : 1.0;
    m_validator->validate(r.header("Authorization"), [self, pending, lostRoll](Result<Principal> principal) {
        if (!self)
            return;
        if (!principal) {
            HttpResponse resp = HttpResponse::armError(401, principal.error().code, principal.error().detail);
            resp.setHeader(
                "WWW-Authenticate",
                QStringLiteral("Bearer authorization_uri=\"%1/authorize\", error=\"invalid_token\", "
                               "error_description=\"%2\"")
                    .arg(self->issuer(),
                         QString(principal.error().detail).replace(QLatin1Char('"'), QLatin1Char('\'')))
                    .toUtf8());
            self->finish(pending, resp);
            return;
        }
        HttpResponse answer = self->m_api->handle(pending->request, principal.value());
        if (self->loseThisAnswer(pending->request, lostRoll))
            answer.dropConnection = true; // done, but the client never hears of it
        self->finish(pending, answer);
    });
}

bool SandboxServer::loseThisAnswer(const HttpRequest &r, double roll)
{
    for (LostAnswers &l : m_lose) {
        if (l.count > 0 && l.method == r.method && r.path.contains(l.pathPart, Qt::CaseInsensitive)) {
            --l.count;
            return true;
        }
    }
    return roll < m_options.lostAnswerRate;
}

bool SandboxServer::mayFault(const HttpRequest &r)
{
    if (m_options.maxFaultsPerRequest <= 0)
        return true;
    const QByteArray id = r.header("x-ms-client-request-id");
    if (id.isEmpty())
        return true;
    if (m_faultsInARow.size() > 100000)
        m_faultsInARow.clear(); // bounded: a long soak forgets old requests
    int &n = m_faultsInARow[id];
    if (n >= m_options.maxFaultsPerRequest) {
        m_faultsInARow.remove(id); // this try gets through; a later fault starts a new run
        return false;
    }
    ++n;
    return true;
}

void SandboxServer::setMaxFaultsPerRequest(int count)
{
    m_options.maxFaultsPerRequest = qMax(0, count);
    m_faultsInARow.clear();
}

void SandboxServer::setRestoreLocationOnly(bool on)
{
    m_options.restoreLocationOnly = on;
    if (m_api)
        m_api->setRestoreLocationOnly(on);
}

void SandboxServer::setJobListingDelay(int seconds)
{
    m_options.jobListingDelaySeconds = seconds;
    if (m_api)
        m_api->setJobListingDelay(seconds);
}

void SandboxServer::holdJobs(bool on)
{
    m_options.holdJobs = on;
    if (m_api)
        m_api->setHoldJobs(on);
}

int SandboxServer::releaseJobs()
{
    return m_api ? m_api->releaseJobs() : 0;
}

void SandboxServer::reloadAccess()
{
    if (m_api)
        m_api->reloadAccess();
}

void SandboxServer::forgetOperations()
{
    if (m_api)
        m_api->forgetOperations();
}

void SandboxServer::setFaultRates(double dropRate, double throttleRate, double errorRate)
{
    m_options.dropRate = dropRate;
    m_options.throttleRate = throttleRate;
    m_options.errorRate = errorRate;
}

void SandboxServer::loseAnswers(const QByteArray &method, const QString &pathPart, int count)
{
    if (count <= 0)
        m_lose.clear();
    else
        m_lose << LostAnswers { method, pathPart, count };
}

void SandboxServer::loseRequests(const QByteArray &method, const QString &pathPart, int count)
{
    if (count <= 0)
        m_loseRequests.clear();
    else
        m_loseRequests << LostAnswers { method, pathPart, count };
}

void SandboxServer::finish(const std::shared_ptr<Pending> &pending, HttpResponse response)
{
    response.setHeader("Date", ServerClock::httpDate(m_clock())); // RFC 9110 §6.6.1: origin servers send it
    if (m_options.latencyMs > 0) {
        // Precise: the latency knob is what benchmarks divide by (a coarse timer may add 5 %).
        QTimer::singleShot(m_options.latencyMs, Qt::PreciseTimer, this,
                           [pending, response] { write(*pending, response); });
        return;
    }
    write(*pending, response);
}

void SandboxServer::write(Pending &pending, const HttpResponse &response)
{
    if (!pending.connection)
        return; // the client went away: the answer would go nowhere
    if (response.dropConnection)
        pending.connection->drop();
    else
        pending.connection->respond(response.status, response.headers, response.body);
}

} // namespace RestoreDesk::Sandbox
