#pragma once

#include "sandbox/tenant.h"

#include <QJsonObject>
#include <QList>

namespace RestoreDesk::Sandbox {

struct RestoreProblem
{
    QString code;
    QString message;
};

// Checks a restore request body (`properties` of the POST …/restore payload, polymorphic by
// `objectType`) against the item and recovery point it targets, and against the tenant's
// resources: targets that must exist do (resource group, staging storage account, network and
// subnet, file share, SQL host), a new VM's name is free, a database is not overwritten unless
// asked, and the staging account, network and target storage account are in the vault's region.
// Shared by the restore trigger (400 on the first problem) and the validate operation (all
// problems listed).
QList<RestoreProblem> validateRestoreRequest(const QJsonObject &properties, const SandboxItem &item,
                                             const QJsonObject &recoveryPoint, const SandboxVault &vault,
                                             const Tenant &tenant);

// The recovery point a request names, or an empty object.
QJsonObject findRecoveryPoint(const SandboxItem &item, const QString &name);

} // namespace RestoreDesk::Sandbox
