#include "estatefields.h"

#include "backup/pointretention.h"
#include "jsonelementtext.h"

#include <QJsonArray>

namespace RestoreDesk::Cli::EstateFields {

using Backup::Job;
using Backup::Policy;
using Backup::ProtectedItem;
using Backup::RecoveryPoint;
using Backup::RetentionPolicy;
using Backup::SchedulePolicy;

namespace {

const char *const kDays[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

QString clock(const QTime &t)
{
    return t.toString(QStringLiteral("HH:mm"));
}

QString schedule(const SchedulePolicy &s)
{
    QStringList times;
    for (const QTime &t : s.runTimes)
        times << clock(t);
    switch (s.frequency) {
    case SchedulePolicy::Frequency::Daily:
        return QStringLiteral("daily at %1").arg(times.join(QStringLiteral(", ")));
    case SchedulePolicy::Frequency::Weekly: {
        QStringList days;
        for (int d : s.runDays) {
            if (d >= 1 && d <= 7)
                days << QLatin1String(kDays[d - 1]);
        }
        return QStringLiteral("weekly on %1 at %2")
            .arg(days.join(QStringLiteral(", ")), times.join(QStringLiteral(", ")));
    }
    case SchedulePolicy::Frequency::Hourly:
        return QStringLiteral("every %1 h from %2 for %3 h")
            .arg(s.hourlyInterval)
            .arg(clock(s.windowStart))
            .arg(s.windowHours);
    case SchedulePolicy::Frequency::Log:
        return QStringLiteral("every %1 min").arg(s.logFrequencyMinutes);
    case SchedulePolicy::Frequency::Unknown:
        break;
    }
    return s.typeText.isEmpty() ? QStringLiteral("unknown") : s.typeText;
}

QString duration(const RetentionPolicy::Duration &d)
{
    switch (d.unit) {
    case RetentionPolicy::Duration::Unit::Days:
        return QStringLiteral("%1 d").arg(d.count);
    case RetentionPolicy::Duration::Unit::Weeks:
        return QStringLiteral("%1 w").arg(d.count);
    case RetentionPolicy::Duration::Unit::Months:
        return QStringLiteral("%1 mo").arg(d.count);
    case RetentionPolicy::Duration::Unit::Years:
        return QStringLiteral("%1 y").arg(d.count);
    case RetentionPolicy::Duration::Unit::Invalid:
        break;
    }
    return QString();
}

QString retention(const RetentionPolicy &r)
{
    if (r.simple.isSet())
        return duration(r.simple);
    QStringList parts;
    const std::pair<const RetentionPolicy::Rule *, const char *> rules[] = {
        { &r.daily, "daily" }, { &r.weekly, "weekly" }, { &r.monthly, "monthly" }, { &r.yearly, "yearly" }
    };
    for (const auto &[rule, name] : rules) {
        if (rule->enabled && rule->duration.isSet())
            parts << QStringLiteral("%1 %2").arg(QLatin1String(name), duration(rule->duration));
    }
    return parts.isEmpty() ? (r.typeText.isEmpty() ? QStringLiteral("unknown") : r.typeText)
                           : parts.join(QStringLiteral(", "));
}

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

QJsonArray problems(const QList<Job::Problem> &list)
{
    QJsonArray out;
    for (const Job::Problem &p : list)
        out.append(QJsonObject {
            { QStringLiteral("code"), p.code },
            { QStringLiteral("message"), p.message },
            { QStringLiteral("title"), p.title },
            { QStringLiteral("recommendations"), QJsonArray::fromStringList(p.recommendations) } });
    return out;
}

QString problemsText(const QList<Job::Problem> &list)
{
    QStringList lines;
    for (const Job::Problem &p : list) {
        QString line = p.code.isEmpty() ? p.message : p.code + QStringLiteral(": ") + p.message;
        for (const QString &r : p.recommendations)
            line += QStringLiteral("\n  → ") + r;
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString itemKindText(ProtectedItem::Kind kind)
{
    switch (kind) {
    case ProtectedItem::Kind::Vm:
        return QStringLiteral("VM");
    case ProtectedItem::Kind::FileShare:
        return QStringLiteral("file share");
    case ProtectedItem::Kind::SqlDatabase:
        return QStringLiteral("SQL database");
    case ProtectedItem::Kind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString policyKindText(const Policy &p)
{
    switch (p.kind) {
    case Policy::Kind::IaasVm:
        return p.generation == Policy::Generation::V2 ? QStringLiteral("VM (enhanced)")
                                                      : QStringLiteral("VM (standard)");
    case Policy::Kind::FileShare:
        return QStringLiteral("file share");
    case Policy::Kind::Workload:
        return QStringLiteral("SQL in VM");
    case Policy::Kind::Unknown:
        break;
    }
    return p.backupManagementType.isEmpty() ? QStringLiteral("unknown") : p.backupManagementType;
}

QString scheduleText(const Policy &p)
{
    QString text;
    if (p.kind == Policy::Kind::Workload) {
        QStringList parts;
        for (const Policy::SubPolicy &s : p.subPolicies)
            parts << s.type + QStringLiteral(" ") + schedule(s.schedule);
        text = parts.join(QStringLiteral("; "));
    } else {
        text = schedule(p.schedule);
    }
    // Schedule clocks are read in the policy's time zone.
    return text
        + QStringLiteral(" (%1)").arg(p.timeZoneName.isEmpty() ? QStringLiteral("UTC") : p.timeZoneName);
}

QString retentionText(const Policy &p)
{
    if (p.kind == Policy::Kind::Workload) {
        QStringList parts;
        for (const Policy::SubPolicy &s : p.subPolicies)
            parts << s.type + QStringLiteral(" ") + retention(s.retention);
        return parts.join(QStringLiteral("; "));
    }
    return retention(p.retention);
}

QString durationText(qint64 ms)
{
    const qint64 s = qMax<qint64>(0, ms / 1000);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return s % 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60)
                      : QStringLiteral("%1 min").arg(s / 60);
    if (s < 86400)
        return (s / 60) % 60 ? QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60)
                             : QStringLiteral("%1 h").arg(s / 3600);
    return (s / 3600) % 24 ? QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s / 3600) % 24)
                           : QStringLiteral("%1 d").arg(s / 86400);
}

QString isoDuration(qint64 ms)
{
    ms = qMax<qint64>(0, ms);
    const qint64 s = ms / 1000;
    QString out = QStringLiteral("PT");
    if (s >= 3600)
        out += QStringLiteral("%1H").arg(s / 3600);
    if (s >= 60)
        out += QStringLiteral("%1M").arg((s / 60) % 60);
    out += ms % 1000 ? QStringLiteral("%1.%2S").arg(s % 60).arg(ms % 1000, 3, 10, QLatin1Char('0'))
                     : QStringLiteral("%1S").arg(s % 60);
    return out;
}

ShownResource subscription(const Backup::Subscription &s)
{
    ShownResource r;
    r.addText(QStringLiteral("name"), s.displayName);
    r.addText(QStringLiteral("subscriptionId"), s.subscriptionId);
    r.addText(QStringLiteral("state"), s.state);
    r.addText(QStringLiteral("tenantId"), s.tenantId);
    r.addText(QStringLiteral("id"), s.id);
    return r;
}

ShownResource vault(const Backup::Vault &v, const QString &subscriptionName)
{
    ShownResource r;
    r.addText(QStringLiteral("name"), v.name);
    r.addText(QStringLiteral("resourceGroup"), v.resourceGroup());
    r.addText(QStringLiteral("location"), v.location);
    r.add(QStringLiteral("subscriptionName"),
          subscriptionName.isEmpty() ? QJsonValue() : QJsonValue(subscriptionName));
    r.addText(QStringLiteral("subscriptionId"), v.subscriptionId());
    r.addText(QStringLiteral("sku"), v.sku);
    r.addText(QStringLiteral("provisioningState"), v.provisioningState);
    r.addText(QStringLiteral("id"), v.id);
    return r;
}

ShownResource vaultDetails(const Backup::Vault &v)
{
    ShownResource r = vault(v);
    auto flag = [](const std::optional<bool> &b) { return b ? QJsonValue(*b) : QJsonValue(); };
    r.add(QStringLiteral("storageRedundancy"), v.storageRedundancy);
    r.add(QStringLiteral("crossRegionRestore"), flag(v.crossRegionRestore));
    r.add(QStringLiteral("softDeleteState"), v.softDeleteState);
    r.add(QStringLiteral("softDeleteRetentionDays"),
          v.softDeleteRetentionDays ? QJsonValue(*v.softDeleteRetentionDays) : QJsonValue());
    r.add(QStringLiteral("immutabilityState"), v.immutabilityState);
    r.add(QStringLiteral("multiUserAuthorization"), v.multiUserAuthorization);
    r.add(QStringLiteral("publicNetworkAccess"), v.publicNetworkAccess);
    r.add(QStringLiteral("secureScore"), v.secureScore);
    r.add(QStringLiteral("bcdrSecurityLevel"), v.bcdrSecurityLevel);
    r.add(QStringLiteral("identityType"), v.identityType);
    return r;
}

ShownResource policy(const Policy &p)
{
    ShownResource r;
    r.addText(QStringLiteral("name"), p.name);
    r.addText(QStringLiteral("kind"), policyKindText(p));
    r.addText(QStringLiteral("schedule"), scheduleText(p));
    r.addText(QStringLiteral("retention"), retentionText(p));
    r.add(QStringLiteral("protectedItems"),
          p.protectedItemsCount ? QJsonValue(*p.protectedItemsCount) : QJsonValue());
    r.addText(QStringLiteral("id"), p.id);
    r.addText(QStringLiteral("backupManagementType"), p.backupManagementType);
    r.addText(QStringLiteral("timeZone"), p.timeZoneName.isEmpty() ? QStringLiteral("UTC") : p.timeZoneName);
    return r;
}

ShownResource policyDetails(const Policy &p)
{
    ShownResource r = policy(p);
    if (!p.workloadType.isEmpty())
        r.addText(QStringLiteral("workloadType"), p.workloadType);
    if (p.kind == Policy::Kind::IaasVm)
        r.add(QStringLiteral("instantRestoreDays"), p.instantRpRetentionDays);
    if (!p.snapshotConsistency.isEmpty())
        r.addText(QStringLiteral("snapshotConsistency"), p.snapshotConsistency);
    if (!p.archiveTieringMode.isEmpty())
        r.addText(QStringLiteral("archiveTiering"), p.archiveTieringMode);
    if (p.compression)
        r.add(QStringLiteral("compression"), *p.compression);
    return r;
}

ShownResource item(const ProtectedItem &i)
{
    ShownResource r;
    r.addText(QStringLiteral("friendlyName"), i.friendlyName);
    r.addText(QStringLiteral("kind"), itemKindText(i.kind));
    r.addText(QStringLiteral("host"), i.hostName());
    r.addText(QStringLiteral("policy"), i.policyName);
    r.addText(QStringLiteral("health"),
              i.healthText.isEmpty() ? ProtectedItem::healthName(i.health) : i.healthText);
    r.addText(QStringLiteral("protectionState"), i.protectionStateText);
    r.addTime(QStringLiteral("lastBackupTime"), i.lastBackupTime);
    r.addText(QStringLiteral("lastBackupStatus"), i.lastBackupStatus);
    r.addTime(QStringLiteral("lastRecoveryPoint"), i.lastRecoveryPoint);
    r.addText(QStringLiteral("id"), i.id);
    r.addText(QStringLiteral("name"), i.name);
    return r;
}

QByteArray itemElement(const ProtectedItem &i, const QString &vaultName)
{
    QByteArray out;
    out.reserve(1024);
    appendItemElement(out, i, vaultName);
    return out;
}

void appendItemElement(QByteArray &out, const ProtectedItem &i, const QString &vaultName)
{
    // The fields of item() and the vault, in the JSON object's (sorted) key order.
    JsonElementText e(out);
    auto time = [&e](QLatin1String key, const QDateTime &t) {
        char text[ShownResource::kIsoTimeSize];
        if (const qsizetype n = ShownResource::isoTimeLatin1(t, text))
            e.string(key, QLatin1String(text, n));
        else if (t.isValid())
            e.string(key, ShownResource::isoTimeText(t));
        else
            e.null(key);
    };
    e.string(QLatin1String("friendlyName"), i.friendlyName);
    e.string(QLatin1String("health"),
             i.healthText.isEmpty() ? ProtectedItem::healthName(i.health) : i.healthText);
    e.string(QLatin1String("host"), i.hostNameView());
    e.string(QLatin1String("id"), i.id);
    e.string(QLatin1String("kind"), itemKindText(i.kind));
    e.string(QLatin1String("lastBackupStatus"), i.lastBackupStatus);
    time(QLatin1String("lastBackupTime"), i.lastBackupTime);
    time(QLatin1String("lastRecoveryPoint"), i.lastRecoveryPoint);
    e.string(QLatin1String("name"), i.name);
    e.string(QLatin1String("policy"), i.policyName);
    e.string(QLatin1String("protectionState"), i.protectionStateText);
    e.string(QLatin1String("vault"), vaultName);
    e.finish();
}

ShownResource itemDetails(const ProtectedItem &i)
{
    ShownResource r = item(i);
    r.addText(QStringLiteral("protectedItemType"), i.protectedItemType);
    r.addText(QStringLiteral("backupManagementType"), i.backupManagementType);
    r.addText(QStringLiteral("workloadType"), i.workloadType);
    r.addText(QStringLiteral("sourceResourceId"), i.sourceResourceId);
    r.addText(QStringLiteral("policyId"), i.policyId);
    r.addText(QStringLiteral("protectionStatus"), i.protectionStatus);
    // The container's name is the id's path segment; Azure Backup's properties.containerName drops
    // its first part.
    r.addText(QStringLiteral("containerName"),
              i.armId.container.isEmpty() ? i.containerName : i.armId.container);
    if (!i.serverName.isEmpty())
        r.addText(QStringLiteral("serverName"), i.serverName);
    if (!i.parentName.isEmpty())
        r.addText(QStringLiteral("parentName"), i.parentName);
    r.add(QStringLiteral("softDeleted"), i.softDeleted);
    return r;
}

ShownResource point(const RecoveryPoint &p, const Policy *policy)
{
    ShownResource r;
    QDateTime time = p.time;
    QJsonArray ranges;
    QStringList rangeText;
    for (const RecoveryPoint::TimeRange &t : p.timeRanges) {
        ranges.append(QJsonObject { { QStringLiteral("start"), ShownResource::isoTime(t.start) },
                                    { QStringLiteral("end"), ShownResource::isoTime(t.end) } });
        rangeText << ShownResource::localTime(t.start) + QStringLiteral(" – ")
                + ShownResource::localTime(t.end);
    }
    if (time.isValid())
        r.addTime(QStringLiteral("time"), time);
    else
        r.add(QStringLiteral("time"), QJsonValue(), rangeText.join(QStringLiteral(", ")));
    r.addText(QStringLiteral("consistency"), p.consistency);
    r.add(QStringLiteral("tiers"), QJsonArray::fromStringList(p.validTiers));
    Backup::PointRetention kept;
    if (policy) {
        kept = Backup::PointRetention::of(p, *policy);
    } else {
        kept.ruleName = p.retentionRule;
        kept.keptUntil = p.expiresAt;
    }
    r.addText(QStringLiteral("retentionRule"), kept.ruleName);
    r.addTime(QStringLiteral("expiresAt"), kept.keptUntil);
    r.addText(QStringLiteral("name"), p.name);
    r.addText(QStringLiteral("id"), p.id);
    r.addText(QStringLiteral("objectType"), p.objectType);
    if (!ranges.isEmpty())
        r.add(QStringLiteral("timeRanges"), ranges, rangeText.join(QStringLiteral(", ")));
    if (p.immutable)
        r.add(QStringLiteral("immutable"), *p.immutable);
    if (kept.computed && (!kept.ruleName.isEmpty() || kept.keptUntil.isValid()))
        r.add(QStringLiteral("retentionComputed"), true);
    return r;
}

ShownResource job(const Job &j)
{
    ShownResource r;
    r.addText(QStringLiteral("operation"), j.operation);
    // A status word the console does not know is shown as the service sent it, never "Unknown".
    r.addText(QStringLiteral("status"),
              j.status == Job::Status::Unknown && !j.statusText.isEmpty() ? j.statusText
                                                                          : Job::statusName(j.status));
    r.addText(QStringLiteral("item"), j.entityFriendlyName);
    r.addTime(QStringLiteral("startTime"), j.startTime);
    const std::optional<qint64> ms = j.elapsedMs(QDateTime::currentDateTimeUtc());
    r.add(QStringLiteral("duration"), ms ? QJsonValue(isoDuration(*ms)) : QJsonValue(),
          ms ? durationText(*ms) : QString());
    r.addText(QStringLiteral("name"), j.name);
    r.addText(QStringLiteral("id"), j.id);
    r.addTime(QStringLiteral("endTime"), j.endTime);
    r.addText(QStringLiteral("jobType"), j.jobType);
    r.addText(QStringLiteral("backupManagementType"), j.backupManagementType);
    return r;
}

ShownResource jobDetails(const Job &j)
{
    ShownResource r = job(j);
    r.addText(QStringLiteral("statusText"), j.statusText);
    r.add(QStringLiteral("percent"), optionalNumber(j.percent),
          j.percent ? QStringLiteral("%1 %").arg(*j.percent) : QString());
    r.add(QStringLiteral("remaining"), j.remainingMs ? QJsonValue(isoDuration(*j.remainingMs)) : QJsonValue(),
          j.remainingMs ? durationText(*j.remainingMs) : QString());
    r.addText(QStringLiteral("currentTask"), j.currentTask);
    // Warnings as prominently as errors: "completed with warnings" must not pass for plain success.
    r.add(QStringLiteral("errors"), problems(j.errors), problemsText(j.errors));
    r.add(QStringLiteral("warnings"), problems(j.warnings), problemsText(j.warnings));
    QJsonArray tasks;
    QStringList taskLines;
    for (const Job::Task &t : j.tasks) {
        tasks.append(QJsonObject { { QStringLiteral("name"), t.name },
                                   { QStringLiteral("status"), t.status },
                                   { QStringLiteral("startTime"), ShownResource::isoTime(t.startTime) },
                                   { QStringLiteral("endTime"), ShownResource::isoTime(t.endTime) },
                                   { QStringLiteral("duration"),
                                     t.durationMs ? QJsonValue(isoDuration(*t.durationMs)) : QJsonValue() },
                                   { QStringLiteral("percent"), optionalNumber(t.percent) } });
        taskLines << QStringLiteral("%1: %2%3")
                         .arg(t.name, t.status,
                              t.durationMs ? QStringLiteral(" (%1)").arg(durationText(*t.durationMs))
                                           : QString());
    }
    r.add(QStringLiteral("tasks"), tasks, taskLines.join(QLatin1Char('\n')));
    QJsonObject bag;
    QStringList bagLines;
    for (auto it = j.propertyBag.cbegin(); it != j.propertyBag.cend(); ++it) {
        bag.insert(it.key(), it.value());
        bagLines << it.key() + QStringLiteral(": ") + it.value();
    }
    r.add(QStringLiteral("propertyBag"), bag, bagLines.join(QLatin1Char('\n')));
    r.addText(QStringLiteral("activityId"), j.activityId);
    // What went wrong (or only partly right) next to the status, before the rest.
    r.putFirst({ QStringLiteral("operation"), QStringLiteral("status"), QStringLiteral("errors"),
                 QStringLiteral("warnings"), QStringLiteral("item"), QStringLiteral("percent"),
                 QStringLiteral("currentTask"), QStringLiteral("remaining") });
    return r;
}

} // namespace RestoreDesk::Cli::EstateFields
