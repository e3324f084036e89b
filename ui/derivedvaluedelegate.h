#pragma once

#include <QStyledItemDelegate>

namespace RestoreDesk {

// Draws the retention cells of the recovery-point table in italics when the value was derived
// from the policy rather than reported by the service (RecoveryPointModel::RetentionDerivedRole),
// so computed values never pass for the service's word. GUI thread; owned by its view.
class DerivedValueDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace RestoreDesk
