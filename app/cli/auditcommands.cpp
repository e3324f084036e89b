#include "auditcommands.h"
#include "core/qtcompat.h"

#include "audit/auditerrors.h"
#include "audit/auditexport.h"
#include "audit/auditreader.h"
#include "audit/auditsettings.h"
#include "audit/logexport.h"
#include "audit/syslogforwarder.h"
#include "audit/verifier.h"
#include "auth/auditkeyprovider.h"
#include "auth/autherrors.h"
#include "auth/keychainstore.h"
#include "auth/session.h"
#include "clisession.h"
#include "text/errortext.h"
#include "text/verdicttext.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QTimer>

#include <utility>

namespace RestoreDesk::Cli {

namespace {

constexpr int kKeychainTimeoutMs = 10000;

Audit::AuditSettings settingsFor(const GlobalOptions &o)
{
    std::unique_ptr<QSettings> settings = o.config.isEmpty()
        ? std::make_unique<QSettings>()
        : std::make_unique<QSettings>(o.config, QSettings::IniFormat);
    Audit::AuditSettings s = Audit::AuditSettings::load(*settings);
    if (!o.auditLog.isEmpty())
        s.path = o.auditLog;
    return s;
}

bool keychainDisabled(const GlobalOptions &o)
{
    return o.noKeychain || qEnvironmentVariableIsSet("RESTOREDESK_NO_KEYCHAIN");
}

// The installation's audit key, or empty when no keychain answers (the log then runs without
// MACs, and verification says the key check did not run). A keychain that is locked or absent is
// the user's to choose; a keychain module that cannot be loaded is a broken installation, said on
// `err` once (the process runs one command).
QByteArray fetchKey(const GlobalOptions &o, bool create, QTextStream &err)
{
    if (keychainDisabled(o))
        return {};
    Auth::KeychainStore keychain(QString::fromLatin1(Auth::Session::kKeychainService));
    keychain.setTimeout(kKeychainTimeoutMs);
    Auth::AuditKeyProvider provider(&keychain);
    std::optional<Result<Auth::AuditKeyProvider::Key>> result;
    QEventLoop loop;
    provider.fetch(
        [&](Result<Auth::AuditKeyProvider::Key> r) {
            result = std::move(r);
            loop.quit();
        },
        create);
    if (!result)
        loop.exec();
    if (result->ok())
        return result->value().bytes;
    static bool warned = false; // once per process, however often the command reads the key
    if (result->error().code == Auth::Codes::KeychainModuleUnavailable && !std::exchange(warned, true))
        err << "restoredesk-cli: warning: the audit key could not be read, so the audit log is used "
               "without it (no record's MAC is checked or written): "
            << result->error().detail << ". Reinstalling Restore Desk restores the keychain module.\n";
    return {};
}

// Who runs a verb that calls no API (audit export): the signed-in identity when the saved session
// resumes (verified, as the API verbs name it through ApiAccess), else the local user, said as such.
Audit::Identity operatorIdentity(const GlobalOptions &o)
{
    auto profile = resolveProfile(o);
    if (profile) {
        CliSession cli(o, profile.value());
        if (!cli.store->lastSubject(profile->issuer, profile->clientId).isEmpty()) {
            cli.session.setAutoRefresh(false);
            const auto resumed = waitFor<void>([&](auto done) { cli.session.resume(done); });
            if (resumed && cli.session.identityVerified())
                return identityOf(cli.session);
        }
    }
    Audit::Identity local;
    local.username = QStringLiteral("local user");
    return local;
}

QDateTime parseTime(const QString &text, bool *ok)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        t = Compat::utcDateTime(QDate::fromString(text, Qt::ISODate), QTime(0, 0));
    *ok = t.isValid();
    return t.toUTC();
}

// The filters of the view, from --type, --outcome (comma lists), --identity, --resource, --since,
// --until and --search.
std::optional<Audit::Filter> filterFrom(Context &ctx, const QCommandLineParser &p, const char *verb)
{
    Audit::Filter f;
    auto list = [&p](const char *name) {
        QStringList out;
        const QStringList values = p.values(QLatin1String(name));
        for (const QString &v : values)
            out += v.split(QLatin1Char(','), Qt::SkipEmptyParts);
        return out;
    };
    f.types = list("type");
    f.outcomes = list("outcome");
    f.identity = p.value(QStringLiteral("identity"));
    f.resource = p.value(QStringLiteral("resource"));
    f.text = p.value(QStringLiteral("search"));
    for (const char *name : { "since", "until" }) {
        if (!p.isSet(QLatin1String(name)))
            continue;
        bool ok = false;
        const QDateTime t = parseTime(p.value(QLatin1String(name)), &ok);
        if (!ok) {
            ctx.err << "restoredesk-cli audit " << verb << ": --" << name << " needs an ISO 8601 time\n";
            return std::nullopt;
        }
        (QLatin1String(name) == QLatin1String("since") ? f.from : f.to) = t;
    }
    return f;
}

QJsonObject recordJson(const Audit::Record &r)
{
    return QJsonDocument::fromJson(r.raw).object();
}

QString shorten(const QString &text, int width)
{
    return text.size() <= width ? text : text.left(width - 1) + QChar(0x2026);
}

int verify(Context &ctx, const GlobalOptions &o, const QCommandLineParser &p)
{
    if (ctx.args.size() > 1) {
        ctx.err << "restoredesk-cli audit verify: one file at a time\n";
        return Usage;
    }
    const QString path = ctx.args.isEmpty() ? settingsFor(o).path : ctx.args.first();
    if (!ctx.args.isEmpty() && !QFile::exists(path)) {
        ctx.err << "restoredesk-cli audit verify: " << path << ": no such file\n";
        return Failure;
    }
    Audit::VerifyOptions options;
    options.key = fetchKey(o, false, ctx.err); // verifying never creates a key
    options.useAnchor = !p.isSet(QStringLiteral("no-anchor"));
    const auto verdict = Audit::verifyLog(path, options);
    if (!verdict) {
        ctx.err << "restoredesk-cli audit verify: " << Text::describe(verdict.error()) << '\n';
        return Failure;
    }
    if (ctx.output == OutputFormat::Json) {
        QJsonObject out = verdict->toJson();
        out.insert(QStringLiteral("log"), path);
        if (!verdict->intact())
            out.insert(QStringLiteral("message"), Text::verdictHeadline(verdict.value()));
        ctx.out << QJsonDocument(out).toJson(QJsonDocument::Indented);
    } else {
        ctx.out << path << '\n' << Text::describeVerdict(verdict.value()) << '\n';
    }
    if (!verdict->intact()) {
        ctx.err << "restoredesk-cli audit verify: " << Text::verdictHeadline(verdict.value()) << '\n';
        return verdict->checksPassed() ? AuditIncidents : ChainBroken;
    }
    return Ok;
}

int list(Context &ctx, const GlobalOptions &o, const QCommandLineParser &p)
{
    if (!ctx.args.isEmpty()) {
        ctx.err << "restoredesk-cli audit list: unexpected argument '" << ctx.args.first() << "'\n";
        return Usage;
    }
    const auto filter = filterFrom(ctx, p, "list");
    if (!filter)
        return Usage;
    qint64 limit = 0;
    if (p.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = p.value(QStringLiteral("limit")).toLongLong(&ok);
        if (!ok || limit < 1) {
            ctx.err << "restoredesk-cli audit list: --limit needs a positive number\n";
            return Usage;
        }
    }
    const auto read = Audit::readRecords(settingsFor(o).path, *filter, limit);
    if (!read) {
        ctx.err << "restoredesk-cli audit list: " << Text::describe(read.error()) << '\n';
        return Failure;
    }
    if (read->unreadable > 0)
        ctx.err << "restoredesk-cli audit list: " << read->unreadable
                << " line(s) are not records; run 'audit verify'\n";
    if (ctx.output == OutputFormat::Json) {
        QJsonArray a;
        for (const Audit::Record &r : read->records)
            a.append(recordJson(r));
        ctx.out << QJsonDocument(a).toJson(QJsonDocument::Indented);
        return Ok;
    }
    ctx.out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                   .arg(QStringLiteral("SEQ"), 6)
                   .arg(QStringLiteral("TIME"), -19)
                   .arg(QStringLiteral("TYPE"), -16)
                   .arg(QStringLiteral("OUTCOME"), -10)
                   .arg(QStringLiteral("IDENTITY"), -28)
                   .arg(QStringLiteral("TARGET"));
    for (const Audit::Record &r : read->records) {
        ctx.out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                       .arg(r.seq, 6)
                       .arg(r.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), -19)
                       .arg(shorten(r.type, 16), -16)
                       .arg(shorten(r.outcome, 10), -10)
                       .arg(shorten(r.identity.display(), 28), -28)
                       .arg(r.target);
    }
    return Ok;
}

int exportLog(Context &ctx, const GlobalOptions &o, const QCommandLineParser &p)
{
    if (!ctx.args.isEmpty()) {
        ctx.err << "restoredesk-cli audit export: unexpected argument '" << ctx.args.first() << "'\n";
        return Usage;
    }
    const QString format = p.value(QStringLiteral("format"));
    if (format != QLatin1String("json") && format != QLatin1String("csv")) {
        ctx.err << "restoredesk-cli audit export: --format must be json or csv\n";
        return Usage;
    }
    const auto filter = filterFrom(ctx, p, "export");
    if (!filter)
        return Usage;
    const QString path = settingsFor(o).path;
    // One snapshot, verified and read: the head and verdict describe exactly the records exported.
    const auto exported = Audit::exportLog(
        path, format == QLatin1String("json") ? Audit::Export::Format::Json : Audit::Export::Format::Csv,
        *filter, fetchKey(o, false, ctx.err), QDateTime::currentDateTimeUtc());
    if (!exported) {
        ctx.err << "restoredesk-cli audit export: " << Text::describe(exported.error()) << '\n';
        return Failure;
    }
    const Audit::Verdict *verdict = &exported->verdict;
    const QByteArray &bytes = exported->bytes;
    const QString out = p.value(QStringLiteral("out"));
    if (out.isEmpty()) {
        ctx.out.flush();
        // Through the same device as every other command's output, flushed and checked before
        // the export is recorded as done.
        QIODevice *device = ctx.out.device();
        auto *file = qobject_cast<QFileDevice *>(device);
        // Not written: not recorded as exported, exit 1; the reason is said once, at exit.
        if (!device || device->write(bytes) != bytes.size() || (file && !file->flush()))
            return Failure;
    } else {
        const auto written = Audit::writeExport(out, bytes);
        if (!written) {
            ctx.err << "restoredesk-cli audit export: " << Text::describe(written.error()) << '\n';
            return Failure;
        }
        ctx.err << "Exported " << exported->records << (exported->records == 1 ? " record" : " records")
                << " to " << out << ".\n";
    }
    const Audit::Identity who = operatorIdentity(o);
    QJsonObject params { { QStringLiteral("format"), format },
                         { QStringLiteral("out"), out.isEmpty() ? QStringLiteral("-") : out },
                         { QStringLiteral("records"), double(exported->records) },
                         { QStringLiteral("filter"), filter->toJson() },
                         { QStringLiteral("verification"),
                           verdict->toJson().value(QStringLiteral("status")) },
                         { QStringLiteral("headSeq"), double(verdict->lastSeq) } };
    if (who.subject.isEmpty())
        params.insert(QStringLiteral("osUser"),
                      qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME")));
    recordEvent(ctx, o, Audit::EventType::AuditExport, Audit::Outcome::Succeeded, who, path, params);
    if (!verdict->intact()) {
        ctx.err << "restoredesk-cli audit export: " << Text::verdictHeadline(*verdict) << '\n';
        return verdict->checksPassed() ? AuditIncidents : ChainBroken;
    }
    return Ok;
}

} // namespace

QList<QCommandLineOption> auditOptions()
{
    auto value = [](const char *name) {
        return QCommandLineOption(QLatin1String(name), QString(), QStringLiteral("value"));
    };
    return { value("audit-log"),
             value("format"),
             value("since"),
             value("until"),
             value("out"),
             value("type"),
             value("identity"),
             value("resource"),
             value("outcome"),
             value("search"),
             value("limit"),
             QCommandLineOption(QStringLiteral("no-anchor"), QString()),
             QCommandLineOption(QStringLiteral("no-keychain"), QString()) };
}

int runAuditCommand(Context &ctx, const GlobalOptions &options, const QCommandLineParser &parser)
{
    if (ctx.args.isEmpty()) {
        ctx.err << "restoredesk-cli audit: give verify, list or export\n";
        return Usage;
    }
    const QString verb = ctx.args.takeFirst();
    if (verb == QLatin1String("verify"))
        return verify(ctx, options, parser);
    if (verb == QLatin1String("list"))
        return list(ctx, options, parser);
    if (verb == QLatin1String("export"))
        return exportLog(ctx, options, parser);
    ctx.err << "restoredesk-cli audit: unknown verb '" << verb << "' (verify, list, export)\n";
    return Usage;
}

std::unique_ptr<Audit::AuditTrail> openAuditTrail(const GlobalOptions &o, QTextStream &err)
{
    const Audit::AuditSettings s = settingsFor(o);
    Audit::AuditLog::Options options;
    options.maxFileBytes = s.maxFileBytes;
    auto log = std::make_unique<Audit::AuditLog>(s.path, options);
    log->setKey(fetchKey(o, true, err));
    if (!s.forward.isEmpty()) {
        auto forwarder = Audit::SyslogForwarder::create(s.forward);
        if (forwarder)
            log->setForwarder(forwarder.value());
    }
    return std::make_unique<Audit::AuditTrail>(std::move(log));
}

Audit::Identity identityOf(const Auth::Session &session)
{
    return Audit::Identity::fromClaims(session.identity().jwt.claims, session.profile().issuer,
                                       session.identity().subject);
}

bool recordPermissionCheck(Context &ctx, const GlobalOptions &o, const Audit::Identity &identity,
                           const QString &scope, const QString &operation, const QString &verdict,
                           const QJsonObject &more)
{
    QJsonObject params = more;
    params.insert(QStringLiteral("operation"), operation);
    params.insert(QStringLiteral("verdict"), verdict);
    const QString outcome = verdict == QLatin1String("allowed") ? QString(Audit::Outcome::Succeeded)
        : verdict == QLatin1String("denied")                    ? QString(Audit::Outcome::Denied)
        : verdict == QLatin1String("failed")                    ? QString(Audit::Outcome::Failed)
                                                                : QString(Audit::Outcome::Noted);
    return recordEvent(ctx, o, Audit::EventType::PermissionCheck, outcome, identity, scope, params);
}

bool recordEvent(Context &ctx, const GlobalOptions &o, const QString &type, const QString &outcome,
                 const Audit::Identity &identity, const QString &target, const QJsonObject &params)
{
    auto trail = openAuditTrail(o, ctx.err);
    const auto written = trail->event(type, outcome, identity, target, params);
    if (!written) {
        ctx.err << "restoredesk-cli: warning: not recorded in the audit log: "
                << Text::describe(written.error()) << '\n';
        return false;
    }
    if (const auto forward = trail->log().lastForwardError())
        ctx.err << "restoredesk-cli: warning: " << Text::describe(*forward) << '\n';
    return true;
}

} // namespace RestoreDesk::Cli
