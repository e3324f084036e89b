#pragma once

#include <QString>

namespace RestoreDesk::Backup {

// The api-version of each resource provider surface the console calls (azure-backup-api.md §2).
// Kept per surface, never one for all: the surfaces version independently. Value type.
struct ApiVersions
{
    QString resources = QStringLiteral("2022-12-01"); // Microsoft.Resources (subscriptions)
    QString vaults = QStringLiteral("2026-08-01"); // Microsoft.RecoveryServices/vaults
    QString backup = QStringLiteral("2026-02-01"); // vault children: policies, items, points, jobs
    QString authorization = QStringLiteral("2022-04-01"); // Microsoft.Authorization
    QString managedIdentity = QStringLiteral("2026-05-31"); // Microsoft.ManagedIdentity
    QString insights = QStringLiteral("2015-04-01"); // Microsoft.Insights (activity log)
};

} // namespace RestoreDesk::Backup
