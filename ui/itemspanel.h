#pragma once

#include "backup/protecteditem.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace RestoreDesk {

namespace Models {
class ProtectedItemModel;
class TextFilterProxy;
} // namespace Models
class ElidedLabel;
class ListPanel;

// The protected items of a vault: search (name, policy, VM, id), type and health filters, the
// table (sortable, keyboard-driven), and for the selected item its full resource id (copyable),
// its raw JSON and its recovery points. GUI thread; owned by the vault page.
class ItemsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ItemsPanel(QWidget *parent = nullptr);

    ListPanel *list() const { return m_list; }
    Models::ProtectedItemModel *model() const { return m_model; }
    QString selectedItemId() const;
    void selectItem(const QString &itemId);

Q_SIGNALS:
    void recoveryPointsRequested(const QString &itemId);

private:
    void applyFilters();
    void selectionChanged();

    Models::ProtectedItemModel *m_model;
    Models::TextFilterProxy *m_proxy;
    ListPanel *m_list;
    QLineEdit *m_search;
    QComboBox *m_type;
    QComboBox *m_health;
    ElidedLabel *m_id;
    QPushButton *m_copyId;
    QPushButton *m_rawJson;
    QPushButton *m_points;
};

} // namespace RestoreDesk
