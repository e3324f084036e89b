#pragma once

#include "backup/policy.h"
#include "estatepalette.h"

#include <QDateTime>
#include <QList>

namespace RestoreDesk {

// One row of the policy picture: a retention rule (or a workload sub-policy), what it keeps and
// for how long. Built by retentionRows() with Backup::RetentionRules (each rule alone, so a row's
// marks are exactly the points that rule keeps at `now`); never re-derived here. Value type; GUI
// thread (its words are translated).
struct RetentionRow
{
    QString label; // "Weekly (Sunday): 12 weeks"
    QString detail; // "12 recovery points kept now; the oldest 11 weeks ago"
    EstatePalette::Accent accent = EstatePalette::Accent::Daily;
    qint64 keepSecs = 0; // how long the rule keeps a point
    QList<qint64> ageSecs; // the points it keeps now, by age
    bool continuous = false; // a log chain: any moment inside the band can be restored
};

// The rows for a policy at `now`: VM and file-share policies one per enabled rule (snapshot tier
// first, then daily, weekly, monthly, yearly); workload policies one per sub-policy rule ("Full ·
// Daily: 30 days", "Log (every 60 minutes): 30 days"). Empty when the policy is not drawn (unknown
// kind or retention type): `whyNot` then says so.
QList<RetentionRow> retentionRows(const Backup::Policy &policy, const QDateTime &now, QString *whyNot);

} // namespace RestoreDesk
