#include "backup/pointretention.h"

#include "backup/policy.h"
#include "backup/recoverypoint.h"
#include "backup/retentionrules.h"

namespace RestoreDesk::Backup {

PointRetention PointRetention::of(const RecoveryPoint &point, const Policy &policy)
{
    const QString subPolicy = point.kind == RecoveryPoint::Kind::WorkloadSql && !point.consistency.isEmpty()
        ? point.consistency
        : QStringLiteral("Full");
    return of(point, RetentionRules::forPolicy(policy, subPolicy));
}

PointRetention PointRetention::of(const RecoveryPoint &point, const RetentionRules &rules)
{
    PointRetention r;
    const RetentionRules::Verdict v = rules.keeperOf(point.time);
    r.snapshotUntil = v.snapshotUntil;
    if (point.expiresAt.isValid() || !point.retentionRule.isEmpty()) {
        r.ruleName = point.retentionRule;
        r.keptUntil = point.expiresAt;
        return r;
    }
    r.computed = true;
    r.ruleName = RetentionRules::ruleName(v.rule);
    r.keptUntil = v.keptUntil;
    return r;
}

} // namespace RestoreDesk::Backup
