#include "restorecheckpage.h"

#include "access/backupoperation.h"
#include "access/restoretarget.h"
#include "messagebanner.h"
#include "restorewizard.h"
#include "text/permissiontext.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace RestoreDesk {

using Access::RequirementCheck;

RestoreCheckPage::RestoreCheckPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_banner(new MessageBanner(this))
    , m_summary(new QLabel(this))
    , m_needs(new QTreeWidget(this))
    , m_copy(new QPushButton(tr("Copy for your administrator"), this))
{
    setTitle(tr("Check permissions"));
    setSubTitle(
        tr("What this restore needs, on the vault and on each target, and whether this identity has it "
           "(as the service tells it)."));
    m_banner->setObjectName(QStringLiteral("checkBanner"));
    m_summary->setObjectName(QStringLiteral("checkSummaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_needs->setObjectName(QStringLiteral("needsTreeWidget"));
    m_needs->setHeaderLabels({ tr("State"), tr("Action"), tr("On"), tr("Why") });
    m_needs->setRootIsDecorated(false);
    m_needs->setWordWrap(true);
    m_needs->header()->setStretchLastSection(true);
    m_copy->setObjectName(QStringLiteral("copyForAdminButton"));
    m_copy->setVisible(false);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(forwardText()); });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_summary);
    layout->addWidget(m_needs, 1);
    layout->addWidget(m_copy, 0, Qt::AlignLeft);
}

void RestoreCheckPage::initializePage()
{
    run();
}

void RestoreCheckPage::run()
{
    m_verdict.reset();
    m_needs->clear();
    m_copy->setVisible(false);
    m_banner->clear();
    Q_EMIT completeChanged();
    Access::AccessService *access = m_wizard->access();
    const auto body = m_wizard->request().body();
    if (!access || !body) {
        m_summary->setText(tr("The permissions cannot be checked: %1")
                               .arg(access ? body.error().code : tr("not signed in")));
        return;
    }
    m_summary->setText(tr("Asking the service what this identity may do…"));
    delete m_run;
    m_run = new QObject(this);
    const auto target
        = Access::RestoreTarget::fromRequestProperties(body->value(QStringLiteral("properties")).toObject());
    access->check(Access::BackupOperation::get(Access::BackupOperation::Id::Restore), m_wizard->vaultId(),
                  target, m_run, [this](Result<Access::AccessCheck> check) {
                      if (!check) {
                          if (check.error().kind == Error::Kind::Cancelled)
                              return;
                          m_summary->setText(tr("The permissions could not be checked."));
                          m_banner->showError(check.error(), [this] { run(); });
                          return;
                      }
                      show(check.value());
                  });
}

void RestoreCheckPage::show(const Access::AccessCheck &check)
{
    m_verdict = check;
    const Access::PrincipalContext principal = m_wizard->access()->caller().principal;
    for (const RequirementCheck &need : check.check.requirements) {
        auto *row = new QTreeWidgetItem(m_needs);
        QString why;
        switch (need.state) {
        case RequirementCheck::State::Allowed:
            row->setText(0, tr("granted"));
            why = Text::requirementText(need, principal);
            break;
        case RequirementCheck::State::Denied: {
            row->setText(0, tr("MISSING"));
            QStringList roles;
            for (const Access::RoleSuggestion &s : check.suggestions) {
                if (s.action.compare(need.action, Qt::CaseInsensitive) == 0
                    && s.scope.compare(need.scope, Qt::CaseInsensitive) == 0)
                    roles = s.roles;
            }
            why = roles.isEmpty() ? tr("No known role grants it (a custom role could).")
                                  : tr("Would be granted by %1.").arg(roles.join(tr(" or ")));
            row->setForeground(0, QColor(0xb0, 0x00, 0x20));
            break;
        }
        case RequirementCheck::State::Unknown:
            row->setText(0, tr("cannot tell"));
            why = Text::requirementText(need, principal);
            row->setForeground(0, QColor(0x8a, 0x5a, 0x00));
            break;
        }
        row->setText(1, need.action);
        row->setText(2,
                     need.targetRole.isEmpty()
                         ? need.scope
                         : tr("%1 (%2)").arg(need.scope, Text::targetRoleName(need.targetRole)));
        row->setText(3, why);
        row->setToolTip(3, why);
    }
    for (int c = 0; c < 3; ++c)
        m_needs->resizeColumnToContents(c);
    if (check.allowed())
        m_summary->setText(tr("This identity has every permission this restore needs."));
    else if (check.denied())
        m_summary->setText(tr("<b>This restore cannot go on: this identity lacks permissions it needs.</b> "
                              "Forward the text below to an administrator.<br><pre>%1</pre>")
                               .arg(forwardText().toHtmlEscaped()));
    else
        m_summary->setText(tr("Some permissions cannot be told from here (marked below); the service will "
                              "decide when the restore is sent."));
    m_copy->setVisible(check.denied());
    Q_EMIT completeChanged();
    Q_EMIT checked();
}

QString RestoreCheckPage::forwardText() const
{
    if (!m_verdict || !m_verdict->denied())
        return {};
    return tr("Restore of %1 (%2)\n").arg(m_wizard->request().itemName, m_wizard->itemId())
        + Text::whyNotText(m_verdict->check, m_verdict->suggestions);
}

bool RestoreCheckPage::isComplete() const
{
    return m_verdict.has_value() && !m_verdict->denied();
}

bool RestoreCheckPage::validatePage()
{
    return isComplete(); // next() does not ask isComplete(); a missing permission still stops here
}

} // namespace RestoreDesk
