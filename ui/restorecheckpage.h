#pragma once

#include "access/accessservice.h"

#include <QPointer>
#include <QWizardPage>

#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace RestoreDesk {

class MessageBanner;
class RestoreWizard;

// The wizard's "Check" step: the identity's effective permissions (AccessService::check, the
// Microsoft.Authorization/permissions answers) for exactly this restore, on the vault and on each
// target scope: every needed action listed as granted or missing (with the roles that would grant
// it) or "cannot tell". A missing action stops the wizard here, with a text the operator can copy
// and forward to an administrator; "cannot tell" lets them go on (the service decides). GUI
// thread; owned by the wizard.
class RestoreCheckPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit RestoreCheckPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    // The verdict, once in.
    const std::optional<Access::AccessCheck> &verdict() const { return m_verdict; }
    // What the operator can forward (the missing actions and the roles that grant them).
    QString forwardText() const;

Q_SIGNALS:
    void checked();

private:
    void run();
    void show(const Access::AccessCheck &check);

    RestoreWizard *m_wizard;
    MessageBanner *m_banner;
    QLabel *m_summary;
    QTreeWidget *m_needs;
    QPushButton *m_copy;
    std::optional<Access::AccessCheck> m_verdict;
    QPointer<QObject> m_run;
};

} // namespace RestoreDesk
