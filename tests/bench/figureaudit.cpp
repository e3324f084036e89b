#include "benchprocess.h"
#include "figures.h"

#include <QFileInfo>

namespace RestoreDesk::Bench {

Samples measureAuditVerify(const BenchContext &ctx)
{
    Samples s;
    const int records = ctx.tiny ? 20000 : 1000000;
    const QString log = ctx.workDir + QStringLiteral("/audit-%1.jsonl").arg(records);
    if (!QFileInfo::exists(log) || !QFileInfo::exists(log + QStringLiteral(".anchor"))) {
        const RunResult g = runProcess(ctx.program(QStringLiteral("tests/bench/rd_audit_bench")),
                                       { QStringLiteral("generate"), log, QString::number(records) }, 600000);
        if (!g.ok()) {
            s.error = g.describe(QStringLiteral("rd_audit_bench generate"));
            return s;
        }
    }
    const QString cli = ctx.program(QStringLiteral("app/cli/restoredesk-cli"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RESTOREDESK_NO_KEYCHAIN"), QStringLiteral("1"));
    const QStringList verify { QStringLiteral("audit"), QStringLiteral("verify"), log };
    const QStringList sha { log };
    // One unmeasured run of each: the file is then in the page cache for both.
    const RunResult warmV = runProcess(cli, verify, 600000, env);
    const RunResult warmS = runProcess(QStringLiteral("sha256sum"), sha, 600000);
    if (!warmV.ok()) {
        s.error = warmV.describe(cli);
        return s;
    }
    if (!warmS.ok()) {
        s.error = warmS.describe(QStringLiteral("sha256sum"));
        return s;
    }
    const int runs = ctx.tiny ? 1 : ctx.runs;
    for (int i = 0; i < runs; ++i) {
        const RunResult a = i % 2 ? runProcess(QStringLiteral("sha256sum"), sha, 600000) : RunResult();
        const RunResult v = runProcess(cli, verify, 600000, env);
        const RunResult b = i % 2 ? a : runProcess(QStringLiteral("sha256sum"), sha, 600000);
        if (!v.ok() || !b.ok()) {
            s.error = v.ok() ? b.describe(QStringLiteral("sha256sum")) : v.describe(cli);
            return s;
        }
        s.runs << Sample { v.wallMs / b.wallMs, v.wallMs, b.wallMs, {} };
    }
    s.notes << QStringLiteral(
                   "`restoredesk-cli audit verify` (whole process, no keychain: chain and anchor, no MAC) "
                   "of a %1-record log (%2 MB, made by rd_audit_bench) vs `sha256sum` of the same "
                   "file, both from the page cache, %3 pairs in alternating order")
                   .arg(records)
                   .arg(QFileInfo(log).size() / 1e6, 0, 'f', 0)
                   .arg(runs);
    s.detail.insert(QStringLiteral("verifyOutput"), QString::fromUtf8(warmV.out).trimmed());
    return s;
}

} // namespace RestoreDesk::Bench
