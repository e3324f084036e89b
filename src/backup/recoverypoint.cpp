#include "backup/recoverypoint.h"

#include "backup/armreader.h"

#include <QJsonArray>

namespace RestoreDesk::Backup {

namespace {

using Tier = RecoveryPoint::Tier;

// Older payloads numbered the tier types and statuses in the order of the API's enums:
// RecoveryPointTierType Invalid, InstantRP, HardenedRP, ArchivedRP; RecoveryPointTierStatus
// Invalid, Valid, Disabled, Deleted, Rehydrated.
const char *const kTypeNames[] = { "Invalid", "InstantRP", "HardenedRP", "ArchivedRP" };
const char *const kStatusNames[] = { "Invalid", "Valid", "Disabled", "Deleted", "Rehydrated" };

// A tier member that may be a string or a number; the canonical name, or as sent.
QString enumText(ArmReader &r, const char *path, const char *const *names, int count)
{
    const QJsonValue v = r.value(path);
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        const int n = int(d);
        if (double(n) == d && n >= 0 && n < count)
            return QLatin1String(names[n]);
        r.failValue(QString::fromLatin1(path), QString::number(d));
        return {};
    }
    if (!v.isUndefined())
        r.failType(QString::fromLatin1(path), QStringLiteral("string or number"));
    return {};
}

Tier readTier(ArmReader &r)
{
    Tier t;
    t.typeName = enumText(r, "type", kTypeNames, 4);
    t.statusName = enumText(r, "status", kStatusNames, 5);
    if (t.typeName == QLatin1String("InstantRP"))
        t.type = Tier::Type::Instant;
    else if (t.typeName == QLatin1String("HardenedRP"))
        t.type = Tier::Type::Hardened;
    else if (t.typeName == QLatin1String("ArchivedRP"))
        t.type = Tier::Type::Archived;
    static const struct
    {
        const char *name;
        Tier::Status status;
    } kStatuses[] = { { "Valid", Tier::Status::Valid },
                      { "Disabled", Tier::Status::Disabled },
                      { "Deleted", Tier::Status::Deleted },
                      { "Rehydrated", Tier::Status::Rehydrated },
                      { "Invalid", Tier::Status::Invalid } };
    for (const auto &s : kStatuses) {
        if (t.statusName.compare(QLatin1String(s.name), Qt::CaseInsensitive) == 0)
            t.status = s.status;
    }
    t.rehydratedUntil = r.time("extendedInfo.RehydratedRPExpiryTime");
    return t;
}

void readTiers(ArmReader &r, RecoveryPoint &p)
{
    const QJsonArray tiers = r.array("properties.recoveryPointTierDetails");
    for (qsizetype i = 0; i < tiers.size() && r.ok(); ++i) {
        ArmReader t = r.nested(tiers.at(i).toObject(),
                               QStringLiteral("properties.recoveryPointTierDetails[%1]").arg(i));
        if (!tiers.at(i).isObject())
            t.failType(QString(), QStringLiteral("object"));
        const Tier tier = readTier(t);
        if (!r.absorb(t))
            break;
        p.tiers << tier;
        if (tier.usable() && !tier.typeName.isEmpty())
            p.validTiers << tier.typeName;
    }
}

void readMoveReadiness(ArmReader &r, RecoveryPoint &p)
{
    const QJsonObject readiness = r.object("properties.recoveryPointMoveReadinessInfo");
    for (auto it = readiness.begin(); it != readiness.end() && r.ok(); ++it) {
        ArmReader m = r.nested(it.value().toObject(),
                               QStringLiteral("properties.recoveryPointMoveReadinessInfo.") + it.key());
        if (!it.value().isObject())
            m.failType(QString(), QStringLiteral("object"));
        RecoveryPoint::MoveReadiness entry;
        entry.tier = it.key().compare(QLatin1String("Archive"), Qt::CaseInsensitive) == 0
            ? QStringLiteral("ArchivedRP")
            : it.key();
        entry.ready = m.boolean("isReadyForMove").value_or(false);
        entry.info = m.string("additionalInfo");
        if (r.absorb(m))
            p.moveReadiness << entry;
    }
}

void readTimeRanges(ArmReader &r, RecoveryPoint &p)
{
    const QJsonArray ranges = r.array("properties.timeRanges");
    for (qsizetype i = 0; i < ranges.size() && r.ok(); ++i) {
        ArmReader t = r.nested(ranges.at(i).toObject(), QStringLiteral("properties.timeRanges[%1]").arg(i));
        if (!ranges.at(i).isObject())
            t.failType(QString(), QStringLiteral("object"));
        const RecoveryPoint::TimeRange range { t.time("startTime", ArmReader::Required),
                                               t.time("endTime", ArmReader::Required) };
        if (t.ok() && range.end < range.start)
            t.failValue(QStringLiteral("endTime"), range.end.toString(Qt::ISODate));
        if (r.absorb(t))
            p.timeRanges << range;
    }
}

} // namespace

QDateTime RecoveryPoint::latestTime() const
{
    if (time.isValid())
        return time.toUTC();
    QDateTime end;
    for (const TimeRange &r : timeRanges) {
        if (!end.isValid() || r.end > end)
            end = r.end;
    }
    return end.toUTC();
}

bool RecoveryPoint::isRehydratedAt(const QDateTime &now) const
{
    const Tier *archived = tier(Tier::Type::Archived);
    return archived && archived->status == Tier::Status::Rehydrated
        && (!archived->rehydratedUntil.isValid() || archived->rehydratedUntil > now);
}

const RecoveryPoint::Tier *RecoveryPoint::tier(Tier::Type type) const
{
    for (const Tier &t : tiers) {
        if (t.type == type)
            return &t;
    }
    return nullptr;
}

const RecoveryPoint::MoveReadiness *RecoveryPoint::archiveReadiness() const
{
    for (const MoveReadiness &m : moveReadiness) {
        if (m.tier == QLatin1String("ArchivedRP"))
            return &m;
    }
    return nullptr;
}

Result<RecoveryPoint> RecoveryPoint::fromArm(const QJsonObject &resource)
{
    ArmReader r(resource, QStringLiteral("RecoveryPoint"));
    RecoveryPoint p;
    p.raw = resource;
    p.id = r.string("id", ArmReader::Required);
    r.setSubject(p.id);
    p.name = r.string("name");
    if (p.name.isEmpty())
        p.name = p.id.section(QLatin1Char('/'), -1);
    r.object("properties", ArmReader::Required);
    p.objectType = r.string("properties.objectType");
    if (!r.ok())
        return r.error();
    if (p.objectType == QLatin1String("IaasVMRecoveryPoint")) {
        p.kind = Kind::IaasVm;
        p.time = r.time("properties.recoveryPointTime", ArmReader::Required);
        p.consistency = r.string("properties.recoveryPointType");
        p.vmSize = r.string("properties.virtualMachineSize");
        p.sourceVmEncrypted = r.boolean("properties.isSourceVMEncrypted");
        p.zones = r.strings("properties.zones");
    } else if (p.objectType.startsWith(QLatin1String("AzureWorkloadSQL"))) {
        p.kind = Kind::WorkloadSql;
        readTimeRanges(r, p);
        p.time = r.time("properties.recoveryPointTimeInUTC",
                        p.timeRanges.isEmpty() ? ArmReader::Required : ArmReader::Optional);
        p.consistency = r.string("properties.type");
    } else if (p.objectType == QLatin1String("AzureFileShareRecoveryPoint")) {
        p.kind = Kind::FileShare;
        p.time = r.time("properties.recoveryPointTime", ArmReader::Required);
        p.consistency = r.string("properties.recoveryPointType");
        p.sizeInGb = r.number("properties.recoveryPointSizeInGB", 0, 1e9);
    } else {
        // Unknown subtype: keep it, with whatever time it has.
        p.time = r.time(r.has("properties.recoveryPointTime") ? "properties.recoveryPointTime"
                                                              : "properties.recoveryPointTimeInUTC");
    }
    readTiers(r, p);
    readMoveReadiness(r, p);
    p.retentionRule = r.string("properties.recoveryPointProperties.ruleName");
    p.expiresAt = r.time("properties.recoveryPointProperties.expiryTime");
    p.immutable = r.boolean("properties.recoveryPointProperties.immutabilityProperties.isImmutable");
    p.immutableUntil = r.time("properties.recoveryPointProperties.immutabilityProperties.expiryTime");
    if (!r.ok())
        return r.error();
    return p;
}

} // namespace RestoreDesk::Backup
