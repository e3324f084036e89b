#include "models/recoverypointmodel.h"

#include "models/timetext.h"

#include <QJsonDocument>

#include <algorithm>
#include <limits>

namespace RestoreDesk::Models {

using Backup::RecoveryPoint;
using Backup::RetentionRules;

struct RecoveryPointModel::Row
{
    RecoveryPoint point;
    QDateTime time; // the point's time, or the end of its log chain
    qint64 timeMs = std::numeric_limits<qint64>::min(); // sort key; no time sorts oldest
    Tier tier = Tier::Unknown;
    int tierMask = 0;
    Consistency consistency = Consistency::Other;
    QString rule;
    QDateTime keptUntil;
    QDateTime snapshotUntil;
    bool ruleDerived = false;
    bool expiryDerived = false;
};

namespace {

QDateTime effectiveTime(const RecoveryPoint &p)
{
    if (p.time.isValid())
        return p.time.toUTC();
    QDateTime end;
    for (const RecoveryPoint::TimeRange &r : p.timeRanges) {
        if (!end.isValid() || r.end > end)
            end = r.end;
    }
    return end.toUTC();
}

// The sub-policy that keeps a workload point: its `type` (Full, Differential, Log…).
QString rulesKey(const RecoveryPoint &p)
{
    return p.kind == RecoveryPoint::Kind::WorkloadSql ? p.consistency.toLower() : QString();
}

} // namespace

// Newest first; equal times by id, so the order never depends on arrival.
bool RecoveryPointModel::before(const std::unique_ptr<Row> &a, const std::unique_ptr<Row> &b)
{
    if (a->timeMs != b->timeMs)
        return a->timeMs > b->timeMs;
    return a->point.id < b->point.id;
}

RecoveryPointModel::RecoveryPointModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

RecoveryPointModel::~RecoveryPointModel() = default;

std::unique_ptr<RecoveryPointModel::Row> RecoveryPointModel::makeRow(const RecoveryPoint &point) const
{
    auto row = std::make_unique<Row>();
    row->point = point;
    row->time = effectiveTime(point);
    if (row->time.isValid())
        row->timeMs = row->time.toMSecsSinceEpoch();
    row->tier = fastestTier(point);
    for (const auto &[name, tier] :
         { std::pair { "InstantRP", Tier::Snapshot }, std::pair { "HardenedRP", Tier::VaultStandard },
           std::pair { "ArchivedRP", Tier::VaultArchive } }) {
        if (point.validTiers.contains(QLatin1String(name)))
            row->tierMask |= 1 << int(tier);
    }
    row->consistency = consistencyOf(point);
    computeRetention(*row);
    return row;
}

void RecoveryPointModel::computeRetention(Row &row) const
{
    row.rule = row.point.retentionRule;
    row.keptUntil = row.point.expiresAt.toUTC();
    row.snapshotUntil = {};
    row.ruleDerived = false;
    row.expiryDerived = false;
    const auto rules = m_rules.constFind(rulesKey(row.point));
    if (rules == m_rules.cend() || !rules->isValid() || !row.time.isValid())
        return;
    const RetentionRules::Verdict v = rules->keeperOf(row.time);
    row.snapshotUntil = v.snapshotUntil;
    if (row.rule.isEmpty() && v.rule != RetentionRules::Rule::None) {
        row.rule = RetentionRules::ruleName(v.rule);
        row.ruleDerived = true;
    }
    if (!row.keptUntil.isValid() && v.keptUntil.isValid()) {
        row.keptUntil = v.keptUntil;
        row.expiryDerived = true;
    }
}

void RecoveryPointModel::setPoints(QList<RecoveryPoint> points)
{
    Rows rows;
    rows.reserve(size_t(points.size()));
    QHash<QString, Row *> byId;
    for (const RecoveryPoint &p : std::as_const(points)) {
        if (byId.contains(p.id))
            continue;
        rows.push_back(makeRow(p));
        byId.insert(p.id, rows.back().get());
    }
    std::sort(rows.begin(), rows.end(), before);
    beginResetModel();
    m_rows = std::move(rows);
    m_byId = std::move(byId);
    m_moreRequested = false;
    endResetModel();
}

void RecoveryPointModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_byId.clear();
    m_moreRequested = false;
    endResetModel();
}

void RecoveryPointModel::appendPoints(const QList<RecoveryPoint> &page)
{
    m_moreRequested = false;
    Rows fresh;
    fresh.reserve(size_t(page.size()));
    QHash<QString, size_t> inPage;
    for (const RecoveryPoint &p : page) {
        std::unique_ptr<Row> row = makeRow(p);
        if (const auto seen = inPage.constFind(p.id); seen != inPage.cend()) {
            fresh[*seen] = std::move(row); // the later copy of a page wins
            continue;
        }
        if (Row *existing = m_byId.value(p.id)) {
            const int at = rowOf(p.id);
            if (existing->timeMs == row->timeMs) {
                *existing = std::move(*row);
                Q_EMIT dataChanged(index(at, 0), index(at, ColumnCount - 1));
                continue;
            }
            removeRow(at); // its time changed: it moves
        }
        inPage.insert(p.id, fresh.size());
        fresh.push_back(std::move(row));
    }
    insertSorted(std::move(fresh));
}

void RecoveryPointModel::insertSorted(Rows fresh)
{
    std::sort(fresh.begin(), fresh.end(), before);
    // Consecutive new rows that land between the same two old rows go in as one run.
    size_t i = 0;
    while (i < fresh.size()) {
        const auto at = std::lower_bound(m_rows.begin(), m_rows.end(), fresh[i], before);
        const size_t pos = size_t(at - m_rows.begin());
        size_t j = i + 1;
        while (j < fresh.size() && (pos == m_rows.size() || before(fresh[j], m_rows[pos])))
            ++j;
        beginInsertRows({}, int(pos), int(pos + (j - i) - 1));
        for (size_t k = i; k < j; ++k)
            m_byId.insert(fresh[k]->point.id, fresh[k].get());
        m_rows.insert(m_rows.begin() + qptrdiff(pos), std::make_move_iterator(fresh.begin() + qptrdiff(i)),
                      std::make_move_iterator(fresh.begin() + qptrdiff(j)));
        endInsertRows();
        i = j;
    }
}

void RecoveryPointModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_byId.remove(m_rows[size_t(row)]->point.id);
    m_rows.erase(m_rows.begin() + row);
    endRemoveRows();
}

void RecoveryPointModel::setPolicy(const Backup::Policy &policy)
{
    m_policy = policy;
    m_rules.clear();
    if (policy.kind == Backup::Policy::Kind::Workload) {
        for (const Backup::Policy::SubPolicy &sub : policy.subPolicies)
            m_rules.insert(sub.type.toLower(), RetentionRules::forPolicy(policy, sub.type));
    } else {
        m_rules.insert(QString(), RetentionRules::forPolicy(policy));
    }
    for (const std::unique_ptr<Row> &row : m_rows)
        computeRetention(*row);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void RecoveryPointModel::clearPolicy()
{
    m_policy.reset();
    m_rules.clear();
    for (const std::unique_ptr<Row> &row : m_rows)
        computeRetention(*row);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void RecoveryPointModel::setMoreAvailable(bool more)
{
    m_moreAvailable = more;
    m_moreRequested = false;
}

bool RecoveryPointModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_moreAvailable && !m_moreRequested;
}

void RecoveryPointModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_moreRequested = true;
    Q_EMIT moreRequested();
}

const RecoveryPoint *RecoveryPointModel::point(int row) const
{
    return row >= 0 && size_t(row) < m_rows.size() ? &m_rows[size_t(row)]->point : nullptr;
}

int RecoveryPointModel::rowOf(const QString &pointId) const
{
    Row *row = m_byId.value(pointId);
    if (!row)
        return -1;
    // Binary search on the row's own key, which is unique (time, then id).
    const auto at = std::partition_point(m_rows.begin(), m_rows.end(), [row](const std::unique_ptr<Row> &r) {
        return r->timeMs != row->timeMs ? r->timeMs > row->timeMs : r->point.id < row->point.id;
    });
    return at != m_rows.end() && at->get() == row ? int(at - m_rows.begin()) : -1;
}

int RecoveryPointModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecoveryPointModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecoveryPointModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = *m_rows[size_t(index.row())];
    const RecoveryPoint &p = row.point;
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        return toolTipData(row, index.column());
    case IdRole:
        return p.id;
    case RawJsonRole:
        return QString::fromUtf8(QJsonDocument(p.raw).toJson(QJsonDocument::Indented));
    case NeedsRehydrationRole:
        return p.needsRehydration() && !p.isRehydratedAt(QDateTime::currentDateTimeUtc());
    case TimeRole:
        return row.time;
    case TierRole:
        return int(row.tier);
    case TierMaskRole:
        return row.tierMask;
    case ConsistencyRole:
        return int(row.consistency);
    case RuleRole:
        return row.rule;
    case KeptUntilRole:
        return row.keptUntil;
    case RetentionDerivedRole:
        return row.ruleDerived || row.expiryDerived;
    case SortRole:
        return sortData(row, index.column());
    case SummaryRole:
        return summary(row);
    default:
        return {};
    }
}

QVariant RecoveryPointModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const bool tip = role == Qt::ToolTipRole;
    switch (section) {
    case TimeColumn:
        return tip ? tr("When the recovery point was taken, in local time") : tr("Time");
    case ConsistencyColumn:
        return tip ? tr("Crash-consistent, file-system consistent or application consistent; SQL full, "
                        "differential or log")
                   : tr("Consistency");
    case TierColumn:
        return tip ? tr("Where the point is stored: snapshot (fastest restore), vault-standard, or "
                        "vault-archive (needs rehydration before a restore)")
                   : tr("Tier");
    case RetentionColumn:
        return tip ? tr("The retention rule that keeps the point; in italics when derived from the policy")
                   : tr("Kept by");
    case ExpiresColumn:
        return tip ? tr("When the rule lets the point expire; in italics when derived from the policy")
                   : tr("Kept until");
    default:
        return {};
    }
}

QVariant RecoveryPointModel::displayData(const Row &row, int column) const
{
    const RecoveryPoint &p = row.point;
    switch (column) {
    case TimeColumn:
        if (!p.time.isValid() && !p.timeRanges.isEmpty())
            return tr("%1 – %2").arg(localTimeText(p.timeRanges.first().start), localTimeText(row.time));
        return localTimeText(row.time);
    case ConsistencyColumn:
        return consistencyText(p);
    case TierColumn:
        return tierText(p);
    case RetentionColumn:
        return row.rule.isEmpty() ? tr("—") : ruleText(row.rule);
    case ExpiresColumn:
        return row.keptUntil.isValid() ? localTimeText(row.keptUntil) : tr("—");
    default:
        return {};
    }
}

QVariant RecoveryPointModel::toolTipData(const Row &row, int column) const
{
    const RecoveryPoint &p = row.point;
    switch (column) {
    case TimeColumn:
        return tr("%1 UTC\n%2").arg(row.time.toString(Qt::ISODate), p.id);
    case TierColumn: {
        QStringList lines;
        if (p.needsRehydration() && !p.isRehydratedAt(QDateTime::currentDateTimeUtc()))
            lines << tr("Only in the archive tier: a restore needs rehydration first, which takes hours.");
        if (row.tierMask & (1 << int(Tier::Snapshot)))
            lines << (row.snapshotUntil.isValid() ? tr("Snapshot (instant restore) kept until %1.")
                                                        .arg(localTimeText(row.snapshotUntil))
                                                  : tr("Snapshot (instant restore): the fastest restore."));
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
    }
    case RetentionColumn:
    case ExpiresColumn:
        if (row.ruleDerived || row.expiryDerived)
            return tr("Derived from the policy “%1”: the service did not say which rule keeps this point "
                      "or until when.")
                .arg(m_policy ? m_policy->name : QString());
        if (row.rule.isEmpty() && !row.keptUntil.isValid())
            return tr("The service did not say, and the item's policy is not known.");
        return tr("As the service reports it.");
    default:
        return {};
    }
}

QVariant RecoveryPointModel::sortData(const Row &row, int column) const
{
    switch (column) {
    case TimeColumn:
        return row.timeMs;
    case ConsistencyColumn:
        return consistencyText(row.point);
    case TierColumn:
        return int(row.tier);
    case RetentionColumn:
        return ruleText(row.rule);
    case ExpiresColumn:
        return row.keptUntil.isValid() ? row.keptUntil.toMSecsSinceEpoch()
                                       : std::numeric_limits<qint64>::max();
    default:
        return {};
    }
}

QString RecoveryPointModel::summary(const Row &row) const
{
    QString text
        = tr("%1 · %2 · %3").arg(localTimeText(row.time), consistencyText(row.point), tierText(row.point));
    if (!row.rule.isEmpty() || row.keptUntil.isValid()) {
        text += tr(" · kept by %1 until %2")
                    .arg(row.rule.isEmpty() ? tr("an unnamed rule") : ruleText(row.rule),
                         row.keptUntil.isValid() ? localTimeText(row.keptUntil) : tr("an unknown date"));
        if (row.ruleDerived || row.expiryDerived)
            text += tr(" (derived from the policy)");
    }
    return text;
}

} // namespace RestoreDesk::Models
