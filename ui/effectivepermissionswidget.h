#pragma once

#include "access/claimrolemapping.h"
#include "access/effectiveaccess.h"

#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QTableView;

namespace RestoreDesk {

namespace Models {
class AssignmentModel;
class OperationCheckModel;
} // namespace Models

// "What can I do here": for a scope (subscription, resource group, vault), each backup operation
// allowed or denied with the role, assignment and action pattern that decide it; for a denied one,
// "why can't I" (the missing actions and the roles that would grant them). Below, the role
// assignments that apply (direct or through a group, with the claim that carried it) and, for a
// generic OIDC back end, the claim mapping in force against the token. It takes inputs already
// fetched (role assignments and definitions, or a permissions answer); fetching is the host's.
// GUI thread; owned by the window that hosts it.
class EffectivePermissionsWidget : public QWidget
{
    Q_OBJECT

public:
    explicit EffectivePermissionsWidget(QWidget *parent = nullptr);
    ~EffectivePermissionsWidget() override;

    void setAccess(const Access::EffectiveAccess &access, const QString &scope,
                   const Access::RestoreTarget &target = {});
    void setMapping(const QList<Access::MappingMatch> &matches, const QList<Access::Membership> &unmapped);
    // For a generic OIDC back end whose role mapping the console does not know: which claim the
    // principal id came from and each group or role value the token carries (what role
    // assignments are matched against), so a missing right can be traced to a claim.
    void setClaimPaths(const Access::PrincipalContext &principal, const Access::ClaimPaths &paths);
    void selectOperation(Access::BackupOperation::Id id);
    QString explanationText() const;

private:
    void showExplanation(int row);

    std::optional<Access::EffectiveAccess> m_access;
    QLabel *m_scope;
    QLabel *m_source;
    QTableView *m_operations;
    QPlainTextEdit *m_explanation;
    QTableView *m_assignments;
    QListWidget *m_mapping;
    QLabel *m_mappingTitle;
    Models::OperationCheckModel *m_operationModel;
    Models::AssignmentModel *m_assignmentModel;
};

} // namespace RestoreDesk
