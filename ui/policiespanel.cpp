#include "policiespanel.h"

#include "jsondialog.h"
#include "listpanel.h"
#include "models/policymodel.h"
#include "models/textfilterproxy.h"

#include <QHeaderView>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace RestoreDesk {

using Models::PolicyModel;

PoliciesPanel::PoliciesPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new PolicyModel(this))
    , m_proxy(new Models::TextFilterProxy(PolicyModel::SearchTextRole, PolicyModel::SortRole, this))
    , m_list(new ListPanel(tr("policies"), Backup::Listing::Policies, this))
    , m_split(new QSplitter(Qt::Vertical, this))
    , m_rawJson(new QPushButton(tr("Raw JSON"), this))
{
    setObjectName(QStringLiteral("policiesPanel"));
    m_list->table()->setObjectName(QStringLiteral("policiesTableView"));
    m_rawJson->setObjectName(QStringLiteral("policyRawJsonButton"));
    m_proxy->setSourceModel(m_model);
    m_list->setModel(m_proxy);
    m_list->table()->sortByColumn(PolicyModel::NameColumn, Qt::AscendingOrder);
    m_list->table()->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    auto top = new QWidget(this);
    auto topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_list, 1);
    topLayout->addWidget(m_rawJson, 0, Qt::AlignRight);
    m_split->addWidget(top);
    m_split->setStretchFactor(0, 1);
    m_split->setChildrenCollapsible(false);
    top->setMinimumHeight(160);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);
    m_rawJson->setEnabled(false);
    connect(m_list->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        const Backup::Policy *p = selectedPolicy();
        m_rawJson->setEnabled(p != nullptr);
        if (p)
            Q_EMIT policySelected(p->id);
    });
    connect(m_rawJson, &QPushButton::clicked, this, [this] {
        const QModelIndex i = m_list->table()->currentIndex();
        if (i.isValid())
            JsonDialog::show(i.siblingAtColumn(0).data().toString(),
                             i.data(PolicyModel::RawJsonRole).toString(), this);
    });
}

void PoliciesPanel::setDetail(QWidget *detail)
{
    m_split->addWidget(detail);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 3);
    m_split->setSizes({ 220, 380 });
}

const Backup::Policy *PoliciesPanel::selectedPolicy() const
{
    return m_model->policy(m_proxy->mapToSource(m_list->table()->currentIndex()).row());
}

void PoliciesPanel::selectPolicy(const QString &policyId)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (i.data(PolicyModel::IdRole).toString().compare(policyId, Qt::CaseInsensitive) == 0) {
            m_list->table()->setCurrentIndex(i);
            return;
        }
    }
}

} // namespace RestoreDesk
