#include "benchprocess.h"
#include "figures.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace RestoreDesk::Bench {

Samples measureSignIn(const BenchContext &ctx)
{
    Samples s;
    const QString program = ctx.program(QStringLiteral("tests/bench/rd_signin_bench"));
    const int runs = ctx.tiny ? 1 : ctx.runs;
    QJsonObject last;
    for (int i = 0; i < runs; ++i) {
        const RunResult r = runProcess(program, {}, 120000);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        if (!r.ok() || !o.contains(QStringLiteral("warm"))) {
            s.error = r.describe(program);
            return s;
        }
        const double warm = o.value(QStringLiteral("warm")).toDouble();
        s.runs << Sample { warm, warm, 0, {} };
        last = o;
    }
    s.detail = last;
    auto paths = [](const QJsonObject &byPath) {
        QStringList out;
        for (auto it = byPath.begin(); it != byPath.end(); ++it)
            out << QStringLiteral("%1 ×%2").arg(it.key()).arg(it.value().toInt());
        return out.join(QStringLiteral(", "));
    };
    s.notes << QStringLiteral(
                   "requests to the issuer seen by the sandbox per path, less the browser's two "
                   "(sign-in page, button); one process signs in twice: cold %1 (%2), warm %3 (%4)")
                   .arg(last.value(QStringLiteral("cold")).toInt())
                   .arg(paths(last.value(QStringLiteral("coldByPath")).toObject()))
                   .arg(last.value(QStringLiteral("warm")).toInt())
                   .arg(paths(last.value(QStringLiteral("warmByPath")).toObject()));
    return s;
}

} // namespace RestoreDesk::Bench
