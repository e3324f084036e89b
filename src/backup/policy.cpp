#include "backup/policy.h"

#include "backup/armreader.h"

namespace RestoreDesk::Backup {

namespace {

// Windows zone names ("Pacific Standard Time") as the API sends them, or IANA ids.
QTimeZone zoneNamed(const QString &name, bool *known)
{
    *known = true;
    if (name.isEmpty() || name.compare(QLatin1String("UTC"), Qt::CaseInsensitive) == 0)
        return QTimeZone::utc();
    const QByteArray iana = QTimeZone::windowsIdToDefaultIanaId(name.toUtf8());
    QTimeZone zone(iana.isEmpty() ? name.toUtf8() : iana);
    if (zone.isValid())
        return zone;
    *known = false;
    return QTimeZone::utc();
}

void readSchedule(ArmReader &r, Policy &p)
{
    ArmReader s = r.nested(r.object("properties.schedulePolicy", ArmReader::Required),
                           QStringLiteral("properties.schedulePolicy"));
    p.schedule = SchedulePolicy::read(s);
    r.absorb(s);
    ArmReader t = r.nested(r.object("properties.retentionPolicy", ArmReader::Required),
                           QStringLiteral("properties.retentionPolicy"));
    p.retention = RetentionPolicy::read(t);
    r.absorb(t);
}

void readSubPolicies(ArmReader &r, Policy &p)
{
    const QJsonArray subs = r.array("properties.subProtectionPolicy", ArmReader::Required);
    for (qsizetype i = 0; i < subs.size() && r.ok(); ++i) {
        const QString path = QStringLiteral("properties.subProtectionPolicy[%1]").arg(i);
        ArmReader s = r.nested(subs.at(i).toObject(), path);
        if (!subs.at(i).isObject())
            s.failType(QString(), QStringLiteral("object"));
        Policy::SubPolicy sub;
        sub.raw = subs.at(i).toObject();
        sub.type = s.string("policyType");
        ArmReader schedule = s.nested(s.object("schedulePolicy"), QStringLiteral("schedulePolicy"));
        sub.schedule = SchedulePolicy::read(schedule);
        s.absorb(schedule);
        ArmReader retention = s.nested(s.object("retentionPolicy"), QStringLiteral("retentionPolicy"));
        sub.retention = RetentionPolicy::read(retention);
        s.absorb(retention);
        r.absorb(s);
        p.subPolicies << sub;
    }
}

} // namespace

const Policy::SubPolicy *Policy::subPolicy(const QString &type) const
{
    for (const SubPolicy &s : subPolicies) {
        if (s.type.compare(type, Qt::CaseInsensitive) == 0)
            return &s;
    }
    return nullptr;
}

Result<Policy> Policy::fromArm(const QJsonObject &resource)
{
    ArmReader r(resource, QStringLiteral("Policy"));
    Policy p;
    p.raw = resource;
    p.id = r.string("id", ArmReader::Required);
    r.setSubject(p.id);
    p.armId = ArmId::parse(p.id);
    if (r.ok() && p.armId.kind != ArmId::Kind::Policy)
        r.failId(p.id, QStringLiteral("Policy"));
    p.name = r.string("name");
    if (p.name.isEmpty())
        p.name = p.armId.policy;
    r.object("properties", ArmReader::Required);
    p.backupManagementType = r.string("properties.backupManagementType");
    p.workloadType = r.string("properties.workLoadType");
    if (const auto count = r.integer("properties.protectedItemsCount", 0, 1000000000))
        p.protectedItemsCount = int(*count);
    if (!r.ok())
        return r.error();

    if (p.backupManagementType.compare(QLatin1String("AzureIaasVM"), Qt::CaseInsensitive) == 0)
        p.kind = Kind::IaasVm;
    else if (p.backupManagementType.compare(QLatin1String("AzureStorage"), Qt::CaseInsensitive) == 0)
        p.kind = Kind::FileShare;
    else if (p.backupManagementType.compare(QLatin1String("AzureWorkload"), Qt::CaseInsensitive) == 0)
        p.kind = Kind::Workload;
    else
        return p; // Unknown: shown by name with its raw JSON

    if (p.kind == Kind::Workload) {
        p.timeZoneName = r.string("properties.settings.timeZone");
        if (r.has("properties.settings.issqlcompression"))
            p.compression = r.boolean("properties.settings.issqlcompression");
        else if (r.has("properties.settings.isCompression"))
            p.compression = r.boolean("properties.settings.isCompression");
        readSubPolicies(r, p);
    } else {
        p.timeZoneName = r.string("properties.timeZone");
        readSchedule(r, p);
    }
    if (p.kind == Kind::IaasVm) {
        const QString generation = r.string("properties.policyType");
        p.generation = generation.compare(QLatin1String("V2"), Qt::CaseInsensitive) == 0
                || p.schedule.type == SchedulePolicy::Type::SimpleV2
            ? Generation::V2
            : Generation::V1;
        p.instantRpRetentionDays
            = int(r.integer("properties.instantRpRetentionRangeInDays", 0, 3650).value_or(0));
        p.snapshotConsistency = r.string("properties.snapshotConsistencyType");
    }
    if (r.has("properties.tieringPolicy.ArchivedRP")) {
        p.archiveTieringMode = r.string("properties.tieringPolicy.ArchivedRP.tieringMode");
        const auto count = r.integer("properties.tieringPolicy.ArchivedRP.duration", 0, 100000);
        const QString unit = r.string("properties.tieringPolicy.ArchivedRP.durationType");
        if (count && !unit.isEmpty()) {
            ArmReader d(QJsonObject { { QStringLiteral("retentionDuration"),
                                        QJsonObject { { QStringLiteral("count"), *count },
                                                      { QStringLiteral("durationType"), unit } } } },
                        QStringLiteral("Policy"), QStringLiteral("properties.tieringPolicy.ArchivedRP"));
            p.archiveAfter = RetentionPolicy::readDuration(d, "retentionDuration");
            r.absorb(d);
        }
    }
    if (!r.ok())
        return r.error();
    if (p.timeZoneName.isEmpty())
        p.timeZoneName = QStringLiteral("UTC");
    p.timeZone = zoneNamed(p.timeZoneName, &p.timeZoneKnown);
    return p;
}

} // namespace RestoreDesk::Backup
