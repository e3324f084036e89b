#pragma once

#include <QString>

namespace RestoreDesk::Backup {

// The api-version of each resource provider surface the console calls, each a stable version that
// provider publishes. Kept per surface, never one for all: the surfaces version independently. Value type.
struct ApiVersions
{
    QString resources = QStringLiteral("2022-12-01"); // Microsoft.Resources (subscriptions)
    QString vaults = QStringLiteral("2026-08-01"); // Microsoft.RecoveryServices/vaults
    QString backup = QStringLiteral("2026-02-01"); // vault children: policies, items, points, jobs
    QString authorization = QStringLiteral("2022-04-01"); // Microsoft.Authorization
    QString managedIdentity = QStringLiteral("2026-05-31"); // Microsoft.ManagedIdentity
    QString insights = QStringLiteral("2015-04-01"); // Microsoft.Insights (activity log)
    // Where restores land (read to check that targets exist and where they are).
    QString resourceGroups = QStringLiteral("2021-04-01"); // Microsoft.Resources/resourceGroups
    QString storage = QStringLiteral("2023-05-01"); // Microsoft.Storage
    QString network = QStringLiteral("2024-05-01"); // Microsoft.Network
    QString compute = QStringLiteral("2024-07-01"); // Microsoft.Compute
};

} // namespace RestoreDesk::Backup
