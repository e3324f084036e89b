#include "credentialspage.h"

#include "fictesterwidget.h"
#include "messagebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

CredentialsPage::CredentialsPage(QWidget *parent)
    : QWidget(parent)
    , m_identity(new QLineEdit(this))
    , m_list(new QPushButton(tr("List from the API"), this))
    , m_banner(new MessageBanner(this))
    , m_tester(new FicTesterWidget(this))
{
    setObjectName(QStringLiteral("credentialsPage"));
    m_identity->setObjectName(QStringLiteral("identityEdit"));
    m_list->setObjectName(QStringLiteral("listCredentialsButton"));
    m_banner->setObjectName(QStringLiteral("pageBanner"));
    m_identity->setPlaceholderText(tr(
        "/subscriptions/…/resourceGroups/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME"));
    auto row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Identity:"), this));
    row->addWidget(m_identity, 1);
    row->addWidget(m_list);
    auto layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(row);
    layout->addWidget(m_tester, 1);
    connect(m_list, &QPushButton::clicked, this, [this] { Q_EMIT listRequested(identityId()); });
    connect(m_identity, &QLineEdit::returnPressed, this, [this] {
        if (m_list->isEnabled())
            Q_EMIT listRequested(identityId());
    });
    connect(m_identity, &QLineEdit::textChanged, this, [this] { setBusy(m_busy); });
    setApiAvailable(false);
}

QString CredentialsPage::identityId() const
{
    return m_identity->text().trimmed();
}

void CredentialsPage::setIdentityId(const QString &id)
{
    m_identity->setText(id);
}

void CredentialsPage::setApiAvailable(bool available)
{
    m_api = available;
    setBusy(m_busy);
}

void CredentialsPage::setBusy(bool busy)
{
    m_busy = busy;
    m_list->setEnabled(m_api && !busy && !identityId().isEmpty());
    m_list->setToolTip(m_api ? tr("Lists the identity's federated credentials and checks whether you may "
                                  "create one.")
                             : tr("Sign in to list credentials from the API."));
}

} // namespace RestoreDesk
