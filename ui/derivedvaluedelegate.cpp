#include "derivedvaluedelegate.h"

#include "models/recoverypointmodel.h"

namespace RestoreDesk {

void DerivedValueDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(Models::RecoveryPointModel::RetentionDerivedRole).toBool())
        option->font.setItalic(true);
}

} // namespace RestoreDesk
