#include "accessherepage.h"

#include "effectivepermissionswidget.h"
#include "messagebanner.h"
#include "text/errortext.h"

#include <QLabel>
#include <QVBoxLayout>

namespace RestoreDesk {

AccessHerePage::AccessHerePage(QWidget *parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_banner(new MessageBanner(this))
    , m_permissions(new EffectivePermissionsWidget(this))
{
    setObjectName(QStringLiteral("accessHerePage"));
    m_status->setObjectName(QStringLiteral("accessStatusLabel"));
    m_banner->setObjectName(QStringLiteral("pageBanner"));
    m_status->setWordWrap(true);
    auto layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_status);
    layout->addWidget(m_permissions, 1);
    showNoScope();
}

QString AccessHerePage::statusText() const
{
    return m_status->text();
}

void AccessHerePage::showNoScope()
{
    m_banner->clear();
    m_permissions->setVisible(false);
    m_status->setText(tr("Select a subscription, resource group or vault under Estate; this page then "
                         "says what you may do there, and why."));
}

void AccessHerePage::showSignedOut()
{
    m_banner->clear();
    m_permissions->setVisible(false);
    m_status->setText(tr("Sign in to see what you may do."));
}

void AccessHerePage::showLoading(const QString &scope)
{
    m_banner->clear();
    m_permissions->setVisible(false);
    m_status->setText(tr("Asking the service what you may do at %1…").arg(scope));
}

void AccessHerePage::showAnswer(const Access::AccessAnswer &answer)
{
    m_banner->clear();
    m_status->clear();
    m_permissions->setAccess(answer.access, answer.scope);
    m_permissions->setVisible(true);
    if (answer.assignmentsError)
        m_banner->showMessage(
            MessageBanner::Level::Info,
            tr("Your role assignments here could not be listed (%1); the verdicts come from "
               "your effective permissions alone.")
                .arg(Text::headline(*answer.assignmentsError)));
}

void AccessHerePage::showFailure(const Error &error, std::function<void()> retry)
{
    m_permissions->setVisible(false);
    m_status->clear();
    m_banner->showError(error, std::move(retry));
}

} // namespace RestoreDesk
