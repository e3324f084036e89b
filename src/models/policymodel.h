#pragma once

#include "backup/policy.h"

#include <QAbstractTableModel>
#include <QHash>

namespace RestoreDesk::Models {

// The backup policies of a vault for the policies list: name, kind (VM V1/V2, file share, SQL,
// or the service's own word for a kind the console does not know), how often it runs, how long
// it keeps, and how many items use it. GUI thread; owned by its panel.
class PolicyModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, KindColumn, ScheduleColumn, KeepsColumn, ItemsColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, SortRole, RawJsonRole, SearchTextRole };

    explicit PolicyModel(QObject *parent = nullptr);

    // Adds the policies not listed yet; one already listed (same id, any casing) is updated in
    // place, so a page delivered twice never shows a policy twice.
    void append(const QList<Backup::Policy> &policies);
    void clear();
    const Backup::Policy *policy(int row) const;
    const Backup::Policy *policy(const QString &id) const;
    const QList<Backup::Policy> &policies() const { return m_policies; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindText(const Backup::Policy &policy);
    static QString scheduleText(const Backup::Policy &policy, const Backup::SchedulePolicy &schedule);
    static QString durationText(const Backup::RetentionPolicy::Duration &duration);
    static QString keepsText(const Backup::Policy &policy); // the longest rule: "5 years (yearly)"

private:
    QList<Backup::Policy> m_policies;
    QHash<QString, int> m_rowById; // lower-case id -> row
};

} // namespace RestoreDesk::Models
