#pragma once

#include "access/effectiveaccess.h"

#include <QAbstractTableModel>

#include <functional>

namespace RestoreDesk::Models {

// "What can I do here": one row per backup operation with its verdict, what decided it (role,
// scope, pattern) or the action that is missing. The words come from the view (ui/text) through
// setWording(); without it the model shows keys and codes. GUI thread; owned by its view's parent.
class OperationCheckModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { OperationColumn, StateColumn, DecidedByColumn, PatternColumn, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1, StateRole, AllowedRole, MissingActionsRole };

    struct Wording
    {
        std::function<QString(Access::BackupOperation::Id)> operation;
        std::function<QString(Access::RequirementCheck::State)> state;
        std::function<QString(const Access::OperationCheck &)> verdict; // tooltip / "decided by"
    };

    explicit OperationCheckModel(QObject *parent = nullptr);

    void setWording(Wording wording);
    void setChecks(QList<Access::OperationCheck> checks);
    const Access::OperationCheck *check(int row) const;
    int rowOf(Access::BackupOperation::Id id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // What decided the verdict: the first grant's role and scope, or the first missing action.
    static QString decidedBy(const Access::OperationCheck &check);
    static QString decidingPattern(const Access::OperationCheck &check);

private:
    QList<Access::OperationCheck> m_checks;
    Wording m_wording;
};

} // namespace RestoreDesk::Models
