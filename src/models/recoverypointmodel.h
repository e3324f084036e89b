#pragma once

#include "backup/policy.h"
#include "backup/recoverypoint.h"
#include "backup/retentionrules.h"

#include <QAbstractTableModel>
#include <QHash>

#include <memory>
#include <optional>
#include <vector>

namespace RestoreDesk::Models {

// Recovery points of one protected item for the timeline and table views, newest first: time,
// consistency, tier (snapshot / vault-standard / vault-archive, with "needs rehydration"), the
// retention rule that keeps each point and until when. Pages of a listing arrive through
// appendPoints() in any order and are merged in place with row insertions (never a reset): a
// page is sorted once (p log p), each of its runs finds its place by binary search (log n) and
// goes in with one beginInsertRows; a point seen again (same id) is updated, not duplicated.
// Retention comes from the service (recoveryPointProperties.ruleName / expiryTime) when it says;
// what it leaves out is computed from the item's policy (setPolicy) with Backup::RetentionRules
// and flagged (RetentionDerivedRole, tooltip). canFetchMore()/fetchMore() ask whoever loads the
// pages for the next one (moreRequested). Rows are compact (an item can have tens of thousands of
// points): times as numbers, names as indices into one table of the model's strings, the id as a
// shared prefix and its own last segment; only a point with something unusual (an unknown kind,
// log time ranges, a rehydrated copy, an unknown tier) keeps the whole parsed point, raw JSON
// included. GUI thread; owned by the page that shows it.
class RecoveryPointModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, ConsistencyColumn, TierColumn, RetentionColumn, ExpiresColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        RawJsonRole, // the service's JSON, kept for points the model keeps whole (see above); else empty
        NeedsRehydrationRole, // bool: only in the archive tier, not rehydrated now
        TimeRole, // QDateTime (UTC): the point's time; a log chain's end
        TierRole, // int (Tier): the fastest tier that holds the point
        TierMaskRole, // int: a bit (1 << Tier) for every tier that holds it
        ConsistencyRole, // int (Consistency)
        RuleRole, // QString: DailyRule, WeeklyRule… as the service names them (or computed)
        KeptUntilRole, // QDateTime (UTC); invalid when unknown
        RetentionDerivedRole, // bool: rule or expiry computed from the policy, not said by the service
        SortRole, // per column, a value that sorts (times as numbers, tiers by speed)
        SummaryRole, // the whole point in one line of words
    };
    enum class Tier { Snapshot, VaultStandard, VaultArchive, Unknown };
    enum class Consistency { Crash, FileSystem, Application, SqlFull, SqlDifferential, SqlLog, Other };

    explicit RecoveryPointModel(QObject *parent = nullptr);
    ~RecoveryPointModel() override;

    // Replaces every point (one reset).
    void setPoints(QList<Backup::RecoveryPoint> points);
    // Merges a page into the rows, newest first, with row insertions only.
    void appendPoints(const QList<Backup::RecoveryPoint> &page);
    void clear();

    // The item's policy: fills in the retention the service does not name. Recomputes the rows.
    void setPolicy(const Backup::Policy &policy);
    void clearPolicy();
    bool hasPolicy() const { return m_policy.has_value(); }

    // Whether the loader has more pages: fetchMore() then emits moreRequested() once until the
    // next page (or setMoreAvailable) arrives.
    void setMoreAvailable(bool more);
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    QString pointId(int row) const; // empty when out of range
    int rowOf(const QString &pointId) const; // -1 when absent; O(log n)

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString tierText(const Backup::RecoveryPoint &p);
    static Tier fastestTier(const Backup::RecoveryPoint &p);
    static Consistency consistencyOf(const Backup::RecoveryPoint &p);
    static QString consistencyText(const Backup::RecoveryPoint &p);
    // The words for `consistency`; `name` (as the service said it) when it is Other.
    static QString consistencyText(Consistency consistency, const QString &name);
    // "Daily", "Weekly", "Monthly", "Yearly", "Snapshot", "Retention"; other names as sent.
    static QString ruleText(const QString &ruleName);

Q_SIGNALS:
    void moreRequested();

private:
    struct Row;
    // Rows come from blocks the model owns (see takeRow): tens of thousands of small rows made a
    // page at a time would otherwise lie scattered among each page's freed JSON.
    struct RowDeleter
    {
        RecoveryPointModel *model = nullptr;
        void operator()(Row *row) const;
    };
    using RowPtr = std::unique_ptr<Row, RowDeleter>;
    using Rows = std::vector<RowPtr>;

    bool before(const RowPtr &a, const RowPtr &b) const;
    bool idBefore(const Row &a, const Row &b) const;
    RowPtr makeRow(const Backup::RecoveryPoint &point);
    Row *takeRow();
    void releaseRowBlocks();
    void computeRetention(Row &row);
    const Backup::RetentionRules *rulesOf(const Row &row) const; // nullptr without a valid policy
    qint64 snapshotUntilMs(const Row &row) const; // when the snapshot tier lets it go; Row::kNone
    void insertSorted(Rows fresh);
    void removeRow(int row);
    Row *findRow(const QString &pointId) const;
    void indexRow(Row *row);
    void unindexRow(Row *row);
    static size_t hashOf(const QString &pointId);
    QString idOf(const Row &row) const;
    quint16 intern(const QString &text);
    const QString &text(quint16 index) const { return m_strings.at(index); }
    QDateTime timeOf(const Row &row) const;
    QString tierTextOf(const Row &row) const;
    QString consistencyTextOf(const Row &row) const;
    bool needsRehydrationNow(const Row &row) const;
    QVariant displayData(const Row &row, int column) const;
    QVariant toolTipData(const Row &row, int column) const;
    QVariant sortData(const Row &row, int column) const;
    QString summary(const Row &row) const;

    std::vector<std::unique_ptr<Row[]>> m_rowBlocks; // before m_rows: outlives every row
    std::vector<Row *> m_freeRows; // in m_rowBlocks, not in use
    Rows m_rows;
    // Hash of the lower-case point id -> row (ids compared on lookup). One entry per hash, kept in
    // the table itself; the rare second row of an equal hash goes in m_sameHash.
    QHash<size_t, Row *> m_byId;
    QMultiHash<size_t, Row *> m_sameHash;
    QStringList m_strings { QString() }; // what rows name by index; 0 is the empty string
    QHash<QString, quint16> m_stringIndex;
    std::optional<Backup::Policy> m_policy;
    QHash<QString, Backup::RetentionRules> m_rules; // by sub-policy type (Full, Log…); "" for VM/share
    bool m_moreAvailable = false;
    bool m_moreRequested = false;
};

} // namespace RestoreDesk::Models
