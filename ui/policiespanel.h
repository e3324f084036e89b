#pragma once

#include <QWidget>

class QPushButton;
class QSplitter;

namespace RestoreDesk {

namespace Backup {
struct Policy;
}
namespace Models {
class PolicyModel;
class TextFilterProxy;
} // namespace Models
class ListPanel;

// The backup policies of a vault: the list (how often each runs, how long it keeps, how many
// items use it) beside the selected policy's detail (its schedule and retention drawn), with the
// raw JSON one click away. GUI thread; owned by the vault page.
class PoliciesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PoliciesPanel(QWidget *parent = nullptr);

    ListPanel *list() const { return m_list; }
    Models::PolicyModel *model() const { return m_model; }
    // The widget that shows the selected policy (the vault page provides it).
    void setDetail(QWidget *detail);
    const Backup::Policy *selectedPolicy() const;
    void selectPolicy(const QString &policyId);

Q_SIGNALS:
    void policySelected(const QString &policyId);

private:
    Models::PolicyModel *m_model;
    Models::TextFilterProxy *m_proxy;
    ListPanel *m_list;
    QSplitter *m_split;
    QPushButton *m_rawJson;
};

} // namespace RestoreDesk
