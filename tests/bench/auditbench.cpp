// rd_audit_bench: makes a large, valid audit log quickly (no fsync per record, same bytes as the
// log writes) and times its verification, for comparing with `sha256sum` of the same file.
//   rd_audit_bench generate PATH COUNT [KEY]
//   rd_audit_bench verify PATH [KEY]
#include "audit/anchor.h"
#include "audit/chain.h"
#include "audit/durablefile.h"
#include "audit/logfiles.h"
#include "audit/verifier.h"
#include "core/qtcompat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <cstdio>

using namespace RestoreDesk;
using namespace RestoreDesk::Audit;

namespace {

int generate(const QString &path, qint64 count, const QByteArray &key)
{
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 1;
    Sha256 sha;
    std::unique_ptr<MacKey> mac = key.isEmpty() ? nullptr : std::make_unique<MacKey>(key);
    QByteArray prev = LineFormat::genesis();
    const QDateTime start = Compat::utcDateTime(QDate(2026, 1, 1), QTime(0, 0));
    QByteArray buffer;
    for (qint64 seq = 1; seq <= count; ++seq) {
        const QJsonObject body {
            { QStringLiteral("time"), start.addMSecs(seq * 1000).toString(Qt::ISODateWithMs) },
            { QStringLiteral("outcome"), seq % 2 ? QStringLiteral("requested") : QStringLiteral("accepted") },
            { QStringLiteral("identity"),
              QJsonObject {
                  { QStringLiteral("issuer"), QStringLiteral("https://login.microsoftonline.com/t/v2.0") },
                  { QStringLiteral("subject"), QStringLiteral("AAAAAAAAAAAAAAAAAAAAAMRN1-lpDCSeVUcwE3ZgkA") },
                  { QStringLiteral("objectId"), QStringLiteral("8f1e2c4a-1111-4a4b-9c9d-0123456789ab") },
                  { QStringLiteral("username"), QStringLiteral("oscar@contoso.example") } } },
            { QStringLiteral("target"),
              QStringLiteral(
                  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
                  "Microsoft.RecoveryServices/vaults/vault1/backupFabrics/Azure/protectionContainers/"
                  "c/protectedItems/vm%1")
                  .arg(seq % 1000) },
            { QStringLiteral("correlationIds"),
              QJsonArray {
                  QStringLiteral("6b0a5c1e-2f3d-4e5f-8a9b-%1").arg(seq, 12, 10, QLatin1Char('0')) } },
            { QStringLiteral("app"), QStringLiteral("0.1.0") },
            { QStringLiteral("host"), QStringLiteral("workstation-17") },
        };
        QByteArray hash;
        buffer += LineFormat::encode(seq, prev, QStringLiteral("restore"), body, mac.get(), sha, &hash);
        buffer += '\n';
        prev = hash;
        if (buffer.size() > (8 << 20)) {
            out.write(buffer);
            buffer.clear();
        }
    }
    out.write(buffer);
    out.close();
    return DurableFile::replace(LogFiles(path).anchor(), Anchor::make(count, prev, mac.get()).toBytes(),
                                QLatin1String("bench"))
        ? 0
        : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    if (a.size() >= 4 && a[1] == QLatin1String("generate"))
        return generate(a[2], a[3].toLongLong(), a.value(4).toUtf8());
    if (a.size() >= 3 && a[1] == QLatin1String("verify")) {
        VerifyOptions o;
        o.key = a.value(3).toUtf8();
        QElapsedTimer t;
        t.start();
        const auto v = verifyLog(a[2], o);
        const double seconds = double(t.nsecsElapsed()) / 1e9;
        if (!v)
            return 1;
        const double mb = double(QFileInfo(a[2]).size()) / 1e6;
        std::printf("%s: %lld records, %.3f s, %.0f records/s, %.0f MB/s\n",
                    v->intact() ? "intact" : "broken", v->records, seconds, double(v->records) / seconds,
                    mb / seconds);
        return v->intact() ? 0 : 4;
    }
    std::fprintf(stderr, "usage: rd_audit_bench generate PATH COUNT [KEY] | verify PATH [KEY]\n");
    return 2;
}
