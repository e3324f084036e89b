#include "retentionrows.h"

#include "models/policytext.h"
#include "models/timetext.h"

#include <QCoreApplication>

#include <algorithm>

namespace RestoreDesk {

namespace {

using Backup::RetentionPolicy;
using Backup::RetentionRules;
using Backup::SchedulePolicy;
using EstatePalette::Accent;

// The translation context of the rows' words.
struct RetentionRows
{
    Q_DECLARE_TR_FUNCTIONS(RetentionRows)
};

QString detailFor(const QList<qint64> &ages)
{
    if (ages.isEmpty())
        return RetentionRows::tr("No recovery point kept by this rule right now.");
    const qint64 oldest = *std::max_element(ages.begin(), ages.end());
    if (ages.size() == 1)
        return RetentionRows::tr("1 recovery point kept now, %1 old").arg(Models::durationText(oldest));
    return RetentionRows::tr("%1 recovery points kept now; the oldest %2 old")
        .arg(ages.size())
        .arg(Models::durationText(oldest));
}

QList<qint64> agesOf(const QList<RetentionRules::Point> &points, const QDateTime &now)
{
    QList<qint64> ages;
    ages.reserve(points.size());
    for (const RetentionRules::Point &p : points)
        ages << p.time.secsTo(now);
    return ages;
}

// The snapshot tier: every scheduled backup of the last `days` days whose snapshot still exists.
RetentionRow snapshotRow(const QString &prefix, const RetentionRules &rules, int days, const QDateTime &now)
{
    RetentionRow row;
    row.label = prefix
        + RetentionRows::tr("Snapshot: %1")
              .arg(PolicyText::duration({ days, RetentionPolicy::Duration::Unit::Days }));
    row.accent = Accent::Snapshot;
    row.keepSecs = qint64(days) * 86400;
    const QDate today = now.toTimeZone(rules.timeZone()).date();
    for (int back = 0; back <= days; ++back) {
        for (const QDateTime &t : rules.runsOn(today.addDays(-back))) {
            if (t <= now && rules.keeperOf(t).snapshotUntil > now)
                row.ageSecs << t.secsTo(now);
        }
    }
    row.detail = RetentionRows::tr("Instant restore from the snapshot. ") + detailFor(row.ageSecs);
    return row;
}

void addLongTerm(QList<RetentionRow> &rows, const QString &prefix, const SchedulePolicy &schedule,
                 const RetentionPolicy &retention, const QTimeZone &zone, int instantDays,
                 const QDateTime &now)
{
    if (instantDays > 0)
        rows << snapshotRow(prefix, RetentionRules(schedule, retention, zone, instantDays), instantDays, now);
    const struct
    {
        RetentionRules::Rule which;
        const RetentionPolicy::Rule RetentionPolicy::*rule;
        Accent accent;
    } kRules[] = { { RetentionRules::Rule::Daily, &RetentionPolicy::daily, Accent::Daily },
                   { RetentionRules::Rule::Weekly, &RetentionPolicy::weekly, Accent::Weekly },
                   { RetentionRules::Rule::Monthly, &RetentionPolicy::monthly, Accent::Monthly },
                   { RetentionRules::Rule::Yearly, &RetentionPolicy::yearly, Accent::Yearly } };
    for (const auto &k : kRules) {
        const RetentionPolicy::Rule &rule = retention.*(k.rule);
        if (!rule.enabled || !rule.duration.isSet())
            continue;
        // This rule alone: the points it keeps, whichever rule keeps them longest.
        RetentionPolicy only = retention;
        for (RetentionPolicy::Rule *r : { &only.daily, &only.weekly, &only.monthly, &only.yearly })
            r->enabled = r == &(only.*(k.rule));
        RetentionRow row;
        row.label = prefix
            + RetentionRows::tr("%1: %2").arg(PolicyText::ruleLabel(k.which, rule),
                                              PolicyText::duration(rule.duration));
        row.accent = k.accent;
        row.keepSecs = now.secsTo(rule.duration.after(now));
        row.ageSecs = agesOf(RetentionRules(schedule, only, zone).plan(now), now);
        row.detail = detailFor(row.ageSecs);
        rows << row;
    }
}

RetentionRow simpleRow(const QString &name, const SchedulePolicy &schedule, const RetentionPolicy &retention,
                       const QTimeZone &zone, const QDateTime &now)
{
    RetentionRow row;
    row.keepSecs = now.secsTo(retention.simple.after(now));
    if (schedule.frequency == SchedulePolicy::Frequency::Log) {
        const int minutes = schedule.logFrequencyMinutes;
        row.label = RetentionRows::tr("%1 (every %2): %3")
                        .arg(name,
                             minutes == 1 ? RetentionRows::tr("minute")
                                          : RetentionRows::tr("%1 minutes").arg(minutes),
                             PolicyText::duration(retention.simple));
        row.accent = Accent::Log;
        row.continuous = true;
        row.detail = RetentionRows::tr("A chain of log backups: any moment of the last %1 can be restored.")
                         .arg(PolicyText::duration(retention.simple));
        return row;
    }
    row.label = RetentionRows::tr("%1: %2").arg(name, PolicyText::duration(retention.simple));
    row.accent = Accent::Weekly;
    row.ageSecs = agesOf(RetentionRules(schedule, retention, zone).plan(now), now);
    row.detail = detailFor(row.ageSecs);
    return row;
}

} // namespace

QList<RetentionRow> retentionRows(const Backup::Policy &policy, const QDateTime &now, QString *whyNot)
{
    QList<RetentionRow> rows;
    const auto notDrawn = [&](const QString &why) {
        if (whyNot)
            *whyNot = why;
        return QList<RetentionRow>();
    };
    switch (policy.kind) {
    case Backup::Policy::Kind::Unknown:
        return notDrawn(RetentionRows::tr("This policy kind (%1) is not drawn; see the raw JSON.")
                            .arg(policy.backupManagementType.isEmpty() ? RetentionRows::tr("unknown")
                                                                       : policy.backupManagementType));
    case Backup::Policy::Kind::IaasVm:
    case Backup::Policy::Kind::FileShare:
        if (policy.retention.type == RetentionPolicy::Type::LongTerm)
            addLongTerm(rows, QString(), policy.schedule, policy.retention, policy.timeZone,
                        policy.instantRpRetentionDays, now);
        else if (policy.retention.type == RetentionPolicy::Type::Simple)
            rows << simpleRow(RetentionRows::tr("Retention"), policy.schedule, policy.retention,
                              policy.timeZone, now);
        break;
    case Backup::Policy::Kind::Workload:
        for (const Backup::Policy::SubPolicy &sub : policy.subPolicies) {
            const QString name = PolicyText::subPolicyName(sub.type);
            if (sub.retention.type == RetentionPolicy::Type::LongTerm)
                addLongTerm(rows, RetentionRows::tr("%1 · ").arg(name), sub.schedule, sub.retention,
                            policy.timeZone, 0, now);
            else if (sub.retention.type == RetentionPolicy::Type::Simple)
                rows << simpleRow(name, sub.schedule, sub.retention, policy.timeZone, now);
        }
        break;
    }
    if (rows.isEmpty())
        return notDrawn(RetentionRows::tr("This policy's retention (%1) is not drawn; see the raw JSON.")
                            .arg(policy.retention.typeText.isEmpty() ? RetentionRows::tr("none")
                                                                     : policy.retention.typeText));
    if (whyNot)
        whyNot->clear();
    return rows;
}

} // namespace RestoreDesk
