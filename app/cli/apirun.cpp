#include "apirun.h"

#include "audit/auditlog.h"
#include "audit/record.h"
#include "auditcommands.h"
#include "jsonlistwriter.h"
#include "text/errortext.h"

#include <QJsonDocument>
#include <QTimer>

#include <unistd.h>

namespace RestoreDesk::Cli {

namespace {

// Long enough for the requests a verb starts right after open() to be on their way (its network
// thread started, connected and written: a few milliseconds on a busy machine), shorter than an
// answer from the service takes to come back.
constexpr int kPrepareAuditAfterMs = 20;

} // namespace

ApiRun::ApiRun(Context &ctx, const GlobalOptions &options, QString verb)
    : m_ctx(ctx)
    , m_options(options)
    , m_verb(std::move(verb))
    , m_stderrIsTerminal(isatty(STDERR_FILENO) == 1)
{ }

ApiRun::~ApiRun()
{
    // Jobs still under way report `cancelled` while the access they use is whole.
    const auto jobs = m_owner.children();
    qDeleteAll(jobs);
    if (m_options.stats && m_access) {
        const Arm::ArmClient &arm = m_access->arm();
        m_ctx.err << "restoredesk-cli: transport: " << arm.requestCount() << " requests, " << arm.retryCount()
                  << " retries, " << arm.renewCount() << " renewals, peak " << arm.peakInFlight()
                  << " concurrent, " << m_elapsed.elapsed() << " ms\n";
    }
}

int ApiRun::open()
{
    auto access = ApiAccess::open(m_options);
    if (!access) {
        m_ctx.err << "restoredesk-cli " << m_verb << ": " << oneLine(Text::describe(access.error())) << '\n';
        return authExitCode(access.error());
    }
    m_access = std::move(access).value();
    m_elapsed.start();
    // The audit record this run ends with pays a one-time set-up (Audit::AuditLog::prepareProcess,
    // a few milliseconds): done while the answers are awaited, once the verb's first requests are
    // out (run at once, it delayed them: it took the cores their network thread needed).
    QTimer::singleShot(kPrepareAuditAfterMs, &m_owner, [] { Audit::AuditLog::prepareProcess(); });
    return Ok;
}

int ApiRun::usage(const QString &message)
{
    m_ctx.err << "restoredesk-cli " << m_verb << ": " << message << " (see restoredesk-cli " << m_verb
              << " --help)\n";
    return Usage;
}

int ApiRun::say(const QString &what, const Error &e, Backup::Listing listing)
{
    QString line = QStringLiteral("restoredesk-cli %1: %2: ").arg(m_verb, what);
    if (!e.code.isEmpty() && Text::hasSentence(e.code))
        line += e.code + QStringLiteral(": ");
    line += Text::describe(e);
    const QString action = Backup::BackupService::deniedAction(e, listing);
    if (Backup::BackupService::isNoAccess(e) && !action.isEmpty())
        line += QStringLiteral("; missing permission: ") + action;
    m_ctx.err << oneLine(line) << '\n';
    return apiExitCode(e);
}

int ApiRun::fail(const QString &what, const QString &target, const Error &e, QJsonObject params,
                 Backup::Listing listing)
{
    say(what, e, listing);
    const bool denied = Backup::BackupService::isNoAccess(e);
    const QString action
        = denied ? Backup::BackupService::deniedAction(e, listing) : Backup::BackupService::deniedAction(e);
    params.insert(QStringLiteral("error"), e.code);
    if (!action.isEmpty())
        params.insert(QStringLiteral("missingAction"), action);
    if (e.httpStatus > 0)
        params.insert(QStringLiteral("httpStatus"), e.httpStatus);
    record(target, denied ? QString(Audit::Outcome::Denied) : QString(Audit::Outcome::Failed), params,
           e.correlationId.isEmpty() ? QStringList() : QStringList { e.correlationId });
    return apiExitCode(e);
}

void ApiRun::succeeded(const QString &target, QJsonObject params)
{
    record(target, Audit::Outcome::Succeeded, params, {});
}

void ApiRun::stoppedUnwritten(const QString &target, QJsonObject params)
{
    params.insert(QStringLiteral("error"), QStringLiteral("output_lost"));
    record(target, Audit::Outcome::Cancelled, params, {});
}

void ApiRun::record(const QString &target, const QString &outcome, QJsonObject params,
                    const QStringList &correlationIds)
{
    if (!m_access)
        return;
    params.insert(QStringLiteral("verb"), m_verb);
    params.insert(QStringLiteral("apiBase"), m_access->apiBase().toString());
    params.insert(QStringLiteral("identityVerified"), m_access->identityVerified());
    auto trail = openAuditTrail(m_options, m_ctx.err);
    const auto written = trail->event(Audit::EventType::EstateRead, outcome, m_access->identity(), target,
                                      params, correlationIds);
    if (!written) {
        m_ctx.err << "restoredesk-cli: warning: not recorded in the audit log: "
                  << oneLine(Text::describe(written.error())) << '\n';
        return;
    }
    if (const auto forward = trail->log().lastForwardError())
        m_ctx.err << "restoredesk-cli: warning: " << oneLine(Text::describe(*forward)) << '\n';
}

int ApiRun::warnUnreadable(const Listing &listing)
{
    if (listing.unreadable == 0)
        return Ok;
    m_ctx.err << "restoredesk-cli " << m_verb << ": warning: " << listing.unreadable << " entr"
              << (listing.unreadable == 1 ? "y" : "ies") << " of the list could not be read and "
              << (listing.unreadable == 1 ? "is" : "are")
              << " left out; the first: " << oneLine(Text::describe(listing.firstUnreadable)) << '\n';
    return Failure;
}

void ApiRun::printList(const OutputTable &table, const QList<ShownResource> &rows)
{
    if (json()) {
        JsonListWriter writer(m_ctx.out);
        for (const ShownResource &r : rows)
            writer.add(r.toJson());
        return;
    }
    if (table.rowCount() == 0)
        return;
    table.print(m_ctx.out, OutputTable::terminalWidth());
}

void ApiRun::printOne(const ShownResource &resource)
{
    if (json()) {
        m_ctx.out << QJsonDocument(resource.toJson()).toJson(QJsonDocument::Indented);
        return;
    }
    int width = 0;
    for (const QString &key : resource.keys())
        width = qMax(width, int(ShownResource::words(key).size()) + 1);
    for (const QString &key : resource.keys()) {
        const QString text = resource.text(key);
        if (text.isEmpty())
            continue;
        const QStringList lines = text.split(QLatin1Char('\n'));
        m_ctx.out << (ShownResource::words(key) + QLatin1Char(':')).leftJustified(width + 1) << lines.first()
                  << '\n';
        for (qsizetype i = 1; i < lines.size(); ++i)
            m_ctx.out << QString(width + 1, QLatin1Char(' ')) << lines.at(i) << '\n';
    }
}

void ApiRun::note(const QString &line)
{
    if (json())
        m_ctx.err << line << '\n';
    else
        m_ctx.out << line << '\n';
}

void ApiRun::explain(const QString &line)
{
    m_ctx.err << "restoredesk-cli " << m_verb << ": note: " << line << '\n';
}

void ApiRun::progress(int pages, int items)
{
    // Only a person watching a terminal wants this; logs and pipes get the final line alone.
    if (!m_stderrIsTerminal)
        return;
    m_ctx.err << "\rreading page " << pages + 1 << " (" << items << " so far)…";
    showNow(m_ctx.err);
    m_progressShown = true;
}

void ApiRun::endProgress()
{
    if (!m_progressShown)
        return;
    m_ctx.err << "\r\033[K";
    showNow(m_ctx.err);
    m_progressShown = false;
}

} // namespace RestoreDesk::Cli
