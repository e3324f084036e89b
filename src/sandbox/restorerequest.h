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
// `objectType`) against the item and recovery point it targets. Shared by the restore trigger
// (400 on the first problem) and the validate operation (all problems listed).
QList<RestoreProblem> validateRestoreRequest(const QJsonObject &properties, const SandboxItem &item,
                                             const QJsonObject &recoveryPoint, const Tenant &tenant);

// The recovery point a request names, or an empty object.
QJsonObject findRecoveryPoint(const SandboxItem &item, const QString &name);

} // namespace RestoreDesk::Sandbox
