// libFuzzer entry: any bytes, as JSON, through every backup parser (objects, list pages, and
// whole example files, whose response bodies are parsed too), and the parsed policies, items
// and jobs through the retention arithmetic and the overview; the bytes as text through the id,
// time and duration readers. Parsers must answer with a value or an error, never crash; the
// readers' fast paths (a time read from bytes, a friendly name as a view, ASCII lowering) must
// give what their reference forms give.
#include "backup/armerror.h"
#include "backup/armid.h"
#include "backup/armtime.h"
#include "backup/backupcadence.h"
#include "backup/backupname.h"
#include "backup/job.h"
#include "backup/operationstatus.h"
#include "backup/overview.h"
#include "backup/page.h"
#include "backup/pointretention.h"
#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "backup/recoverypoint.h"
#include "backup/retentionrules.h"
#include "backup/subscription.h"
#include "backup/vault.h"

#include <QJsonDocument>
#include <QTimeZone>

using namespace RestoreDesk::Backup;

namespace {

const QDateTime kNow(QDate(2026, 11, 29), QTime(12, 0), QTimeZone::utc());

void parseBody(const QJsonObject &o)
{
    (void)Subscription::fromArm(o);
    (void)Vault::fromArm(o);
    (void)OperationStatus::fromArm(o);
    (void)ArmError::fromArm(o);
    (void)Page<Subscription>::fromArm(o);
    (void)Page<Vault>::fromArm(o);

    QList<Policy> policies;
    if (auto p = Policy::fromArm(o))
        policies << p.value();
    if (auto page = Page<Policy>::fromArm(o))
        policies << page->items;
    QList<ProtectedItem> items;
    if (auto i = ProtectedItem::fromArm(o))
        items << i.value();
    if (auto page = Page<ProtectedItem>::fromArm(o))
        items << page->items;
    QList<RecoveryPoint> points;
    if (auto rp = RecoveryPoint::fromArm(o))
        points << rp.value();
    if (auto page = Page<RecoveryPoint>::fromArm(o))
        points << page->items;
    QList<Job> jobs;
    if (auto j = Job::fromArm(o))
        jobs << j.value();
    if (auto page = Page<Job>::fromArm(o))
        jobs << page->items;

    for (const Policy &p : std::as_const(policies)) {
        for (const QString &sub : { QStringLiteral("Full"), QStringLiteral("Log") }) {
            const RetentionRules rules = RetentionRules::forPolicy(p, sub);
            (void)rules.plan(kNow, 50);
            (void)rules.keeperOf(kNow.addDays(-3));
            (void)rules.runsOn(kNow.date());
        }
        (void)BackupCadence::forPolicy(p).isStale(kNow.addDays(-2), kNow);
        for (const RecoveryPoint &rp : std::as_const(points))
            (void)PointRetention::of(rp, p);
    }
    for (const Job &j : std::as_const(jobs))
        (void)j.elapsedMs(kNow);
    (void)Overview::build(items, policies, jobs, kNow);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString text = QString::fromUtf8(bytes);
    const ArmId id = ArmId::parse(text);
    (void)id.canonical();
    (void)id.scopeChain();
    (void)id.friendlyName();
    (void)sameArmId(text, id.canonical());
    // The readers' fast paths against their reference forms: a difference is a finding.
    if (BackupName::friendlyNameOf(text).toString() != BackupName::parse(text).friendlyName)
        __builtin_trap();
    const QString latin1 = QString::fromLatin1(bytes);
    const auto fromString = parseArmTime(latin1);
    const auto fromBytes = parseArmTime(QLatin1String(bytes.constData(), bytes.size()));
    if (fromString.has_value() != fromBytes.has_value() || (fromString && *fromString != *fromBytes))
        __builtin_trap();
    QList<char16_t> lowered(text.size());
    if (lowerAsciiInto(text, lowered.data())
        && QStringView(lowered.constData(), text.size()) != lowerId(text))
        __builtin_trap();
    (void)parseArmTime(text);
    (void)parseArmDuration(text);
    (void)armClockTime(text);

    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (!doc.isObject())
        return 0;
    const QJsonObject o = doc.object();
    parseBody(o);
    // A whole example file: parse each response body too.
    const QJsonObject responses = o.value(QStringLiteral("responses")).toObject();
    for (auto it = responses.begin(); it != responses.end(); ++it)
        parseBody(it.value().toObject().value(QStringLiteral("body")).toObject());
    return 0;
}
