#include "models/recoverypointmodel.h"

#include "models/timetext.h"

#include "core/qtcompat.h"

#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <limits>

namespace RestoreDesk::Models {

using Backup::RecoveryPoint;
using Backup::RetentionRules;

struct RecoveryPointModel::Row
{
    static constexpr qint64 kNone = std::numeric_limits<qint64>::max();

    qint64 timeMs = std::numeric_limits<qint64>::min(); // sort key; no time sorts oldest
    // As said (recoveryPointProperties.expiryTime), or derived (expiryDerived), which leaves the
    // service's own as kNone; the snapshot tier's end is computed when a tooltip asks for it.
    qint64 keptUntilMs = kNone;
    // The id after its prefix, when that is a decimal number without leading zeros (as the
    // service names points): no text of its own per row. Any other id is kept whole.
    quint64 idNumber = 0;
    std::unique_ptr<const RecoveryPoint> whole; // only for points with something unusual
    quint16 idPrefix = 0; // in m_strings: the id up to its last '/'
    quint16 consistencyName = 0; // in m_strings: as the service named it
    quint16 serviceRule = 0; // in m_strings: recoveryPointProperties.ruleName
    quint16 rule = 0; // in m_strings: as said or derived
    quint8 kind = 0; // RecoveryPoint::Kind
    quint8 tier = quint8(Tier::Unknown);
    quint8 tierMask = 0;
    quint8 consistency = quint8(Consistency::Other);
    bool archiveOnly = false; // lives only in the archive tier
    bool ruleDerived = false;
    bool expiryDerived = false;
    bool idNumbered = false; // idPrefix + idNumber spell the id; else whole->id does
};

namespace {

constexpr quint16 kNoIndex = std::numeric_limits<quint16>::max();
constexpr size_t kRowsPerBlock = 256;

qint64 msOrNone(const QDateTime &t)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max();
}

// What a compact row cannot say: kept whole instead.
bool isUnusual(const RecoveryPoint &p)
{
    if (p.kind == RecoveryPoint::Kind::Unknown || !p.timeRanges.isEmpty())
        return true;
    for (const RecoveryPoint::Tier &t : p.tiers) {
        if (t.type == RecoveryPoint::Tier::Type::Unknown
            || t.status == RecoveryPoint::Tier::Status::Rehydrated || t.rehydratedUntil.isValid())
            return true;
    }
    return false;
}

} // namespace

// Newest first; equal times by id, so the order never depends on arrival.
bool RecoveryPointModel::before(const RowPtr &a, const RowPtr &b) const
{
    if (a->timeMs != b->timeMs)
        return a->timeMs > b->timeMs;
    return idBefore(*a, *b);
}

bool RecoveryPointModel::idBefore(const Row &a, const Row &b) const
{
    if (a.idNumbered && b.idNumbered && a.idPrefix == b.idPrefix) {
        // The usual case, the same item: the tails in text order ("10" before "9"), without
        // building the ids (only points of the same time get here).
        return QByteArray::number(a.idNumber) < QByteArray::number(b.idNumber);
    }
    return idOf(a) < idOf(b);
}

RecoveryPointModel::RecoveryPointModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

RecoveryPointModel::~RecoveryPointModel() = default;

quint16 RecoveryPointModel::intern(const QString &text)
{
    if (text.isEmpty())
        return 0;
    const auto known = m_stringIndex.constFind(text);
    if (known != m_stringIndex.cend())
        return *known;
    if (m_strings.size() >= kNoIndex)
        return kNoIndex;
    const auto index = quint16(m_strings.size());
    // A copy of its own: `text` may have been made by the worker thread that parsed the page,
    // and a string kept for the model's life would hold on to that thread's memory.
    const QString own(text.constData(), text.size());
    m_strings << own;
    m_stringIndex.insert(own, index);
    return index;
}

QString RecoveryPointModel::idOf(const Row &row) const
{
    return row.idNumbered ? text(row.idPrefix) + QString::number(row.idNumber) : row.whole->id;
}

QDateTime RecoveryPointModel::timeOf(const Row &row) const
{
    return row.timeMs == std::numeric_limits<qint64>::min() ? QDateTime()
                                                            : Compat::fromMSecsSinceEpochUtc(row.timeMs);
}

void RecoveryPointModel::RowDeleter::operator()(Row *row) const
{
    *row = Row(); // what it held (a whole point) goes now
    model->m_freeRows.push_back(row);
}

RecoveryPointModel::Row *RecoveryPointModel::takeRow()
{
    if (m_freeRows.empty()) {
        m_rowBlocks.push_back(std::make_unique<Row[]>(kRowsPerBlock));
        Row *block = m_rowBlocks.back().get();
        m_freeRows.reserve(m_freeRows.size() + kRowsPerBlock);
        for (size_t i = kRowsPerBlock; i > 0; --i) // handed out in address order
            m_freeRows.push_back(block + (i - 1));
    }
    Row *row = m_freeRows.back();
    m_freeRows.pop_back();
    return row;
}

void RecoveryPointModel::releaseRowBlocks()
{
    // Only when no row is in use (after m_rows was emptied).
    m_freeRows = std::vector<Row *>();
    m_rowBlocks = std::vector<std::unique_ptr<Row[]>>();
}

RecoveryPointModel::RowPtr RecoveryPointModel::makeRow(const RecoveryPoint &point)
{
    static_assert(sizeof(Row) <= 48, "one row per recovery point, tens of thousands of them: keep it small");
    RowPtr row(takeRow(), RowDeleter { this });
    const QDateTime time = point.latestTime();
    if (time.isValid())
        row->timeMs = time.toMSecsSinceEpoch();
    row->kind = quint8(point.kind);
    row->tier = quint8(fastestTier(point));
    for (const auto &[name, tier] :
         { std::pair { "InstantRP", Tier::Snapshot }, std::pair { "HardenedRP", Tier::VaultStandard },
           std::pair { "ArchivedRP", Tier::VaultArchive } }) {
        if (point.validTiers.contains(QLatin1String(name)))
            row->tierMask |= quint8(1 << int(tier));
    }
    row->archiveOnly = point.needsRehydration();
    row->consistency = quint8(consistencyOf(point));
    row->keptUntilMs = msOrNone(point.expiresAt);
    const qsizetype slash = point.id.lastIndexOf(QLatin1Char('/'));
    const QStringView tail = QStringView(point.id).mid(slash + 1);
    bool numeric = false;
    row->idNumber = tail.toULongLong(&numeric);
    // Only a number that prints back as the very same text (no sign, spaces or leading zeros).
    row->idNumbered = numeric && QString::number(row->idNumber) == tail;
    row->idPrefix = intern(point.id.left(slash + 1));
    row->consistencyName = intern(point.consistency);
    row->serviceRule = intern(point.retentionRule);
    if (row->idPrefix == kNoIndex || row->consistencyName == kNoIndex || row->serviceRule == kNoIndex) {
        // The string table is full (it never is for one item's points): keep every text whole.
        row->idPrefix = row->consistencyName = row->serviceRule = 0;
        row->idNumbered = false;
        row->whole = std::make_unique<const RecoveryPoint>(point);
    } else if (!row->idNumbered || isUnusual(point)) {
        row->whole = std::make_unique<const RecoveryPoint>(point);
    }
    computeRetention(*row);
    return row;
}

const RetentionRules *RecoveryPointModel::rulesOf(const Row &row) const
{
    // The sub-policy that keeps a workload point: its `type` (Full, Differential, Log…).
    const QString key = row.kind == quint8(RecoveryPoint::Kind::WorkloadSql)
        ? (row.whole ? row.whole->consistency : text(row.consistencyName)).toLower()
        : QString();
    const auto rules = m_rules.constFind(key);
    return rules == m_rules.cend() || !rules->isValid() ? nullptr : &*rules;
}

qint64 RecoveryPointModel::snapshotUntilMs(const Row &row) const
{
    const RetentionRules *rules = rulesOf(row);
    const QDateTime time = timeOf(row);
    return rules && time.isValid() ? msOrNone(rules->keeperOf(time).snapshotUntil) : Row::kNone;
}

void RecoveryPointModel::computeRetention(Row &row)
{
    row.rule = row.serviceRule;
    if (row.expiryDerived)
        row.keptUntilMs = Row::kNone; // back to what the service said: nothing
    row.ruleDerived = false;
    row.expiryDerived = false;
    const RetentionRules *rules = rulesOf(row);
    const QDateTime time = timeOf(row);
    if (!rules || !time.isValid())
        return;
    const RetentionRules::Verdict v = rules->keeperOf(time);
    if (row.rule == 0 && v.rule != RetentionRules::Rule::None) {
        const quint16 derived = intern(RetentionRules::ruleName(v.rule));
        if (derived != kNoIndex) {
            row.rule = derived;
            row.ruleDerived = true;
        }
    }
    if (row.keptUntilMs == Row::kNone && v.keptUntil.isValid()) {
        row.keptUntilMs = v.keptUntil.toMSecsSinceEpoch();
        row.expiryDerived = true;
    }
}

size_t RecoveryPointModel::hashOf(const QString &pointId)
{
    // Ids compare without regard to case (ARM spells them both ways): the hash of the lower-case
    // id, so a row keeps no second copy of its id.
    return qHash(pointId.toLower());
}

RecoveryPointModel::Row *RecoveryPointModel::findRow(const QString &pointId) const
{
    const size_t h = hashOf(pointId);
    const auto matches
        = [&pointId, this](const Row *row) { return idOf(*row).compare(pointId, Qt::CaseInsensitive) == 0; };
    Row *first = m_byId.value(h);
    if (!first)
        return nullptr;
    if (matches(first))
        return first;
    for (auto it = m_sameHash.constFind(h); it != m_sameHash.cend() && it.key() == h; ++it) {
        if (matches(*it))
            return *it;
    }
    return nullptr;
}

void RecoveryPointModel::indexRow(Row *row)
{
    const size_t h = hashOf(idOf(*row));
    Row *&slot = m_byId[h];
    if (!slot)
        slot = row;
    else
        m_sameHash.insert(h, row);
}

void RecoveryPointModel::unindexRow(Row *row)
{
    const size_t h = hashOf(idOf(*row));
    const auto it = m_byId.find(h);
    if (it == m_byId.end())
        return;
    if (*it != row) {
        m_sameHash.remove(h, row);
        return;
    }
    // The first of its hash leaves: another of the same hash (if any) takes its place.
    const auto other = m_sameHash.find(h);
    if (other == m_sameHash.end()) {
        m_byId.erase(it);
    } else {
        *it = *other;
        m_sameHash.erase(other);
    }
}

void RecoveryPointModel::setPoints(QList<RecoveryPoint> points)
{
    beginResetModel();
    m_rows.clear();
    m_byId.clear();
    m_sameHash.clear();
    releaseRowBlocks();
    QSet<QString> seen; // lower-case ids
    for (const RecoveryPoint &p : std::as_const(points)) {
        const QString key = p.id.toLower();
        if (seen.contains(key))
            continue;
        seen.insert(key);
        m_rows.push_back(makeRow(p));
        indexRow(m_rows.back().get());
    }
    std::sort(m_rows.begin(), m_rows.end(), [this](const auto &a, const auto &b) { return before(a, b); });
    m_moreRequested = false;
    endResetModel();
}

void RecoveryPointModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_byId.clear();
    m_sameHash.clear();
    releaseRowBlocks();
    m_moreRequested = false;
    endResetModel();
}

void RecoveryPointModel::appendPoints(const QList<RecoveryPoint> &page)
{
    m_moreRequested = false;
    Rows fresh;
    fresh.reserve(size_t(page.size()));
    QHash<QString, size_t> inPage; // lower-case id -> where in `fresh`
    for (const RecoveryPoint &p : page) {
        RowPtr row = makeRow(p);
        const QString key = p.id.toLower();
        if (const auto seen = inPage.constFind(key); seen != inPage.cend()) {
            fresh[*seen] = std::move(row); // the later copy of a page wins
            continue;
        }
        if (Row *existing = findRow(p.id)) {
            const int at = rowOf(p.id);
            if (existing->timeMs == row->timeMs) {
                *existing = std::move(*row);
                Q_EMIT dataChanged(index(at, 0), index(at, ColumnCount - 1));
                continue;
            }
            removeRow(at); // its time changed: it moves
        }
        inPage.insert(key, fresh.size());
        fresh.push_back(std::move(row));
    }
    insertSorted(std::move(fresh));
}

void RecoveryPointModel::insertSorted(Rows fresh)
{
    const auto less = [this](const RowPtr &a, const RowPtr &b) { return before(a, b); };
    std::sort(fresh.begin(), fresh.end(), less);
    // Consecutive new rows that land between the same two old rows go in as one run.
    size_t i = 0;
    while (i < fresh.size()) {
        const auto at = std::lower_bound(m_rows.begin(), m_rows.end(), fresh[i], less);
        const size_t pos = size_t(at - m_rows.begin());
        size_t j = i + 1;
        while (j < fresh.size() && (pos == m_rows.size() || before(fresh[j], m_rows[pos])))
            ++j;
        beginInsertRows({}, int(pos), int(pos + (j - i) - 1));
        for (size_t k = i; k < j; ++k)
            indexRow(fresh[k].get());
        m_rows.insert(m_rows.begin() + qptrdiff(pos), std::make_move_iterator(fresh.begin() + qptrdiff(i)),
                      std::make_move_iterator(fresh.begin() + qptrdiff(j)));
        endInsertRows();
        i = j;
    }
}

void RecoveryPointModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    Row *gone = m_rows[size_t(row)].get();
    unindexRow(gone);
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
    for (const RowPtr &row : m_rows)
        computeRetention(*row);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void RecoveryPointModel::clearPolicy()
{
    m_policy.reset();
    m_rules.clear();
    for (const RowPtr &row : m_rows)
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

QString RecoveryPointModel::pointId(int row) const
{
    return row >= 0 && size_t(row) < m_rows.size() ? idOf(*m_rows[size_t(row)]) : QString();
}

int RecoveryPointModel::rowOf(const QString &pointId) const
{
    const Row *row = findRow(pointId);
    if (!row)
        return -1;
    // Binary search on the row's own key, which is unique (time, then id).
    const auto at = std::partition_point(m_rows.begin(), m_rows.end(), [this, row](const RowPtr &r) {
        if (r->timeMs != row->timeMs)
            return r->timeMs > row->timeMs;
        return r.get() != row && idBefore(*r, *row);
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
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        return toolTipData(row, index.column());
    case IdRole:
        return idOf(row);
    case RawJsonRole:
        return row.whole ? QString::fromUtf8(QJsonDocument(row.whole->raw).toJson(QJsonDocument::Indented))
                         : QString();
    case NeedsRehydrationRole:
        return needsRehydrationNow(row);
    case TimeRole:
        return timeOf(row);
    case TierRole:
        return int(row.tier);
    case TierMaskRole:
        return int(row.tierMask);
    case ConsistencyRole:
        return int(row.consistency);
    case RuleRole:
        return text(row.rule);
    case KeptUntilRole:
        return row.keptUntilMs == Row::kNone ? QDateTime() : Compat::fromMSecsSinceEpochUtc(row.keptUntilMs);
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

bool RecoveryPointModel::needsRehydrationNow(const Row &row) const
{
    if (row.whole)
        return row.whole->needsRehydration() && !row.whole->isRehydratedAt(QDateTime::currentDateTimeUtc());
    return row.archiveOnly; // a compact row has no rehydrated copy
}

QString RecoveryPointModel::tierTextOf(const Row &row) const
{
    if (row.whole)
        return tierText(*row.whole);
    QStringList parts;
    if (row.tierMask & (1 << int(Tier::Snapshot)))
        parts << tr("snapshot");
    if (row.tierMask & (1 << int(Tier::VaultStandard)))
        parts << tr("vault-standard");
    if (row.tierMask & (1 << int(Tier::VaultArchive)))
        parts << (row.archiveOnly ? tr("vault-archive (needs rehydration)") : tr("vault-archive"));
    return parts.isEmpty() ? tr("unknown") : parts.join(QStringLiteral(" + "));
}

QString RecoveryPointModel::consistencyTextOf(const Row &row) const
{
    return consistencyText(Consistency(row.consistency), text(row.consistencyName));
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
    switch (column) {
    case TimeColumn:
        if (row.whole && !row.whole->time.isValid() && !row.whole->timeRanges.isEmpty())
            return tr("%1 – %2").arg(localTimeText(row.whole->timeRanges.first().start),
                                     localTimeText(timeOf(row)));
        return localTimeText(timeOf(row));
    case ConsistencyColumn:
        return consistencyTextOf(row);
    case TierColumn:
        return tierTextOf(row);
    case RetentionColumn:
        return row.rule == 0 ? tr("—") : ruleText(text(row.rule));
    case ExpiresColumn:
        return row.keptUntilMs != Row::kNone ? localTimeText(Compat::fromMSecsSinceEpochUtc(row.keptUntilMs))
                                             : tr("—");
    default:
        return {};
    }
}

QVariant RecoveryPointModel::toolTipData(const Row &row, int column) const
{
    switch (column) {
    case TimeColumn:
        return tr("%1 UTC\n%2").arg(timeOf(row).toString(Qt::ISODate), idOf(row));
    case TierColumn: {
        QStringList lines;
        if (needsRehydrationNow(row))
            lines << tr("Only in the archive tier: a restore needs rehydration first, which takes hours.");
        if (row.tierMask & (1 << int(Tier::Snapshot))) {
            const qint64 snapshotUntil = snapshotUntilMs(row);
            lines << (snapshotUntil != Row::kNone
                          ? tr("Snapshot (instant restore) kept until %1.")
                                .arg(localTimeText(Compat::fromMSecsSinceEpochUtc(snapshotUntil)))
                          : tr("Snapshot (instant restore): the fastest restore."));
        }
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
    }
    case RetentionColumn:
    case ExpiresColumn:
        if (row.ruleDerived || row.expiryDerived)
            return tr("Derived from the policy “%1”: the service did not say which rule keeps this point "
                      "or until when.")
                .arg(m_policy ? m_policy->name : QString());
        if (row.rule == 0 && row.keptUntilMs == Row::kNone)
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
        return consistencyTextOf(row);
    case TierColumn:
        return int(row.tier);
    case RetentionColumn:
        return ruleText(text(row.rule));
    case ExpiresColumn:
        return row.keptUntilMs; // none sorts last (the largest)
    default:
        return {};
    }
}

QString RecoveryPointModel::summary(const Row &row) const
{
    QString line
        = tr("%1 · %2 · %3").arg(localTimeText(timeOf(row)), consistencyTextOf(row), tierTextOf(row));
    if (row.rule != 0 || row.keptUntilMs != Row::kNone) {
        line += tr(" · kept by %1 until %2")
                    .arg(row.rule == 0 ? tr("an unnamed rule") : ruleText(text(row.rule)),
                         row.keptUntilMs != Row::kNone
                             ? localTimeText(Compat::fromMSecsSinceEpochUtc(row.keptUntilMs))
                             : tr("an unknown date"));
        if (row.ruleDerived || row.expiryDerived)
            line += tr(" (derived from the policy)");
    }
    return line;
}

} // namespace RestoreDesk::Models
