#include "models/recoverypointgaps.h"

#include "backup/retentionrules.h"

#include <algorithm>

namespace RestoreDesk::Models {

void RecoveryPointGaps::setPolicy(const Backup::Policy &policy, const QDateTime &now)
{
    clear();
    Backup::RetentionRules rules;
    if (policy.kind == Backup::Policy::Kind::Workload) {
        const Backup::Policy::SubPolicy *full = policy.subPolicy(QStringLiteral("Full"));
        if (!full)
            return;
        m_cadence = Backup::BackupCadence::forSchedule(full->schedule);
        rules = Backup::RetentionRules::forPolicy(policy, QStringLiteral("Full"));
    } else {
        m_cadence = Backup::BackupCadence::forPolicy(policy);
        rules = Backup::RetentionRules::forPolicy(policy);
    }
    if (!rules.isValid()) {
        m_cadence = {};
        return;
    }
    const QList<Backup::RetentionRules::Point> plan = rules.plan(now);
    m_expected.reserve(size_t(plan.size()));
    for (const Backup::RetentionRules::Point &p : plan)
        m_expected.push_back(p.time.toMSecsSinceEpoch());
    std::sort(m_expected.begin(), m_expected.end());
}

void RecoveryPointGaps::clear()
{
    m_cadence = {};
    m_expected.clear();
}

bool RecoveryPointGaps::expectsPointBetween(qint64 fromMs, qint64 toMs) const
{
    // A scheduled backup runs up to the start delay late: one scheduled within the slack before
    // a point may be that point.
    const qint64 slackMs = m_cadence.slackSecs * 1000;
    const auto it = std::upper_bound(m_expected.begin(), m_expected.end(), fromMs);
    return it != m_expected.end() && *it < toMs - slackMs;
}

QList<RecoveryPointGaps::Gap> RecoveryPointGaps::find(const std::vector<qint64> &timesMs, qint64 nowMs) const
{
    QList<Gap> gaps;
    if (!canJudge() || timesMs.empty())
        return gaps;
    const qint64 allowedMs = m_cadence.allowedAgeSecs() * 1000;
    for (size_t i = 1; i < timesMs.size(); ++i) {
        const qint64 a = timesMs[i - 1];
        const qint64 b = timesMs[i];
        if (b - a > allowedMs && expectsPointBetween(a, b))
            gaps << Gap { a, b, false };
    }
    const qint64 newest = timesMs.back();
    if (nowMs - newest > allowedMs && expectsPointBetween(newest, nowMs))
        gaps << Gap { newest, nowMs, true };
    return gaps;
}

} // namespace RestoreDesk::Models
