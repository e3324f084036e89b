// rd_audit_appender: a test helper process that appends to an audit log in a loop, as the GUI and
// the CLI do, and says on stdout (unbuffered) which records are on disk: "ok <seq> <hash>" after
// each append returned, or "refused <code> <detail>" and exit 3 when an append fails. With
// --action it records like a restore does: "requested", then "sent" (only if that record was
// written), then the outcome. --fsize sets RLIMIT_FSIZE (a full disk without root); SIGXFSZ is
// ignored so the write fails with EFBIG instead of killing the process.
//   rd_audit_appender --log PATH [--key K] [--count N|0] [--writer NAME] [--fsize BYTES] [--action]
#include "audit/audittrail.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace RestoreDesk;
using namespace RestoreDesk::Audit;

namespace {

void say(const QByteArray &line)
{
    const QByteArray bytes = line + '\n';
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(STDOUT_FILENO, bytes.constData() + done, size_t(bytes.size() - done));
        if (n <= 0)
            return;
        done += n;
    }
}

int refuse(const Error &e)
{
    say("refused " + e.code.toUtf8() + ' ' + e.detail.toUtf8());
    return 3;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    const QCommandLineOption log(QStringLiteral("log"), QString(), QStringLiteral("path"));
    const QCommandLineOption key(QStringLiteral("key"), QString(), QStringLiteral("key"));
    const QCommandLineOption count(QStringLiteral("count"), QString(), QStringLiteral("n"),
                                   QStringLiteral("1"));
    const QCommandLineOption writer(QStringLiteral("writer"), QString(), QStringLiteral("name"),
                                    QStringLiteral("w"));
    const QCommandLineOption fsize(QStringLiteral("fsize"), QString(), QStringLiteral("bytes"));
    const QCommandLineOption maxBytes(QStringLiteral("max-bytes"), QString(), QStringLiteral("bytes"));
    const QCommandLineOption action(QStringLiteral("action"), QString());
    p.addOptions({ log, key, count, writer, fsize, maxBytes, action });
    p.process(app);

    if (p.isSet(fsize)) {
        std::signal(SIGXFSZ, SIG_IGN);
        const rlim_t limit = p.value(fsize).toULongLong();
        const rlimit r { limit, limit };
        if (::setrlimit(RLIMIT_FSIZE, &r) != 0)
            return 1;
    }
    AuditLog::Options options;
    if (p.isSet(maxBytes))
        options.maxFileBytes = p.value(maxBytes).toLongLong();
    auto auditLog = std::make_unique<AuditLog>(p.value(log), options);
    auditLog->setKey(p.value(key).toUtf8());
    AuditTrail trail(std::move(auditLog));
    const Identity who { QStringLiteral("https://idp.test"), QStringLiteral("sub"), QStringLiteral("oid"),
                         QStringLiteral("oscar@test"), QStringLiteral("tenant") };
    const qint64 n = p.value(count).toLongLong();
    for (qint64 i = 1; n == 0 || i <= n; ++i) {
        const QJsonObject params { { QStringLiteral("writer"), p.value(writer) },
                                   { QStringLiteral("n"), double(i) } };
        if (p.isSet(action)) {
            auto ref = trail.requested(EventType::Restore, who, QStringLiteral("/vaults/v/items/%1").arg(i),
                                       params, QStringLiteral("drill"));
            if (!ref)
                return refuse(ref.error());
            say("ok " + QByteArray::number(ref->seq));
            say("sent " + QByteArray::number(i)); // the action would go out now
            auto done = trail.outcome(ref.value(), Outcome::Accepted, { QStringLiteral("corr-%1").arg(i) });
            if (!done)
                return refuse(done.error());
            say("ok " + QByteArray::number(done->seq));
            continue;
        }
        Record r;
        r.type = EventType::Restore;
        r.outcome = Outcome::Requested;
        r.identity = who;
        r.params = params;
        const auto written = trail.log().append(r);
        if (!written)
            return refuse(written.error());
        say("ok " + QByteArray::number(written->seq) + ' ' + written->hash.toLatin1());
    }
    return 0;
}
