#pragma once

#include "backup/backupcadence.h"
#include "backup/policy.h"

#include <QDateTime>
#include <QList>

#include <vector>

namespace RestoreDesk::Models {

// Where an item's recovery points are missing: two consecutive points further apart than the
// policy's schedule allows (Backup::BackupCadence: the longest scheduled gap plus the start delay)
// *and* with a scheduled backup between them that the policy would still keep now (the plan of
// Backup::RetentionRules). The second test keeps retention's own thinning (weekly points after
// the daily ones expire) from looking like missed backups. The newest point counts as a gap's
// start when it is older than allowed ("open" gap up to now). SQL points are judged by the Full
// sub-policy (log backups are not listed one by one). Without a policy nothing is judged. Value
// type; pure; any thread.
class RecoveryPointGaps
{
public:
    struct Gap
    {
        qint64 fromMs = 0; // the point before the gap
        qint64 toMs = 0; // the point after it, or now
        bool open = false; // no point since `fromMs`
    };

    void setPolicy(const Backup::Policy &policy, const QDateTime &now);
    void clear();
    bool canJudge() const { return m_cadence.isKnown(); }
    const Backup::BackupCadence &cadence() const { return m_cadence; }

    // `timesMs` ascending.
    QList<Gap> find(const std::vector<qint64> &timesMs, qint64 nowMs) const;

private:
    bool expectsPointBetween(qint64 fromMs, qint64 toMs) const;

    Backup::BackupCadence m_cadence;
    std::vector<qint64> m_expected; // scheduled backups kept at `now`, ascending
};

} // namespace RestoreDesk::Models
