#pragma once

#include "access/claimrolemapping.h"
#include "access/effectiveaccess.h"

namespace RestoreDesk::Text {

// Sentences of the effective-permissions view and `access check`: operation names, the reason
// an operation is allowed or denied, "why can't I", and how a role reaches the identity.
// QtCore only; pure functions, any thread.

QString operationName(Access::BackupOperation::Id id); // "Restore", "Cancel a job"…
QString operationDescription(Access::BackupOperation::Id id);
QString stateName(Access::RequirementCheck::State state); // "allowed", "denied", "unknown"
QString targetRoleName(const QString &role); // "target resource group", "staging storage account"…

// Who decides one need: "Backup Operator at /subscriptions/… (through group G, claim groups)
// grants it with Microsoft.RecoveryServices/Vaults/backupJobs/*", or why it is denied.
QString requirementText(const Access::RequirementCheck &check, const Access::PrincipalContext &principal);
// The operation's verdict in one line.
QString operationVerdict(const Access::OperationCheck &check, const Access::PrincipalContext &principal);
// "Why can't I …?": the missing actions and the roles that would grant them.
QString whyNotText(const Access::OperationCheck &check, const QList<Access::RoleSuggestion> &suggestions);

// "directly" / "through group 7d3e… (claim groups)" / "through role value admins (claim roles)".
QString assignmentRouteText(const Access::AppliedAssignment &assignment);
// "Your `roles` claim contains `backup-operators` → Backup Operator at /subscriptions/…".
QString mappingMatchText(const Access::MappingMatch &match);

} // namespace RestoreDesk::Text
