#pragma once

// The sandbox's built-in tenant (resources/sandbox/tenant.json) as the tests name it: its
// subscriptions, the vaults, identity and restore targets they use, and the restore action. One
// place, so the tests cannot drift from each other or from the seed. Header-only (QString only):
// on rd_testsupport's include path; a test that links nothing of it adds tests/support to its own.
#include <QString>

namespace RestoreDesk::Test {

// Subscription ids, bare.
inline const QString kProdSubscription = QStringLiteral("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
inline const QString kDevSubscription = QStringLiteral("9b2c5d7e-1a3f-4e6b-8c9d-0e1f2a3b4c02");

// Subscriptions as ARM ids.
inline const QString kProd = QStringLiteral("/subscriptions/") + kProdSubscription;
inline const QString kDev = QStringLiteral("/subscriptions/") + kDevSubscription;

// Vaults.
inline const QString kProdWeu
    = kProd
    + QStringLiteral(
          "/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu");
inline const QString kProdNeu
    = kProd
    + QStringLiteral(
          "/resourceGroups/rg-backup-neu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-neu");
inline const QString kDevEus = kDev
    + QStringLiteral("/resourceGroups/rg-backup-dev/providers/Microsoft.RecoveryServices/vaults/rsv-dev-eus");

// The user-assigned identity whose federated credentials the access tests manage.
inline const QString kIdentity = kProd
    + QStringLiteral("/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
                     "id-backup-automation");

// Restore targets: the restore resource group (West Europe) and what is in it, the staging
// accounts, the virtual networks.
inline const QString kRestoreRg = kProd + QStringLiteral("/resourceGroups/rg-restore-weu");
inline const QString kStaging = kProd
    + QStringLiteral("/resourceGroups/rg-staging/providers/Microsoft.Storage/storageAccounts/ststaging");
inline const QString kStagingNeu = kProd
    + QStringLiteral("/resourceGroups/rg-staging/providers/Microsoft.Storage/storageAccounts/ststagingneu");
inline const QString kVnet
    = kRestoreRg + QStringLiteral("/providers/Microsoft.Network/virtualNetworks/vnet-restore-weu");
inline const QString kVnetNeu = kProd
    + QStringLiteral("/resourceGroups/rg-network-neu/providers/Microsoft.Network/virtualNetworks/vnet-neu");
inline const QString kTargetAccount
    = kRestoreRg + QStringLiteral("/providers/Microsoft.Storage/storageAccounts/strestoreweu");

// The action a restore needs (RBAC).
inline const QString kRestoreAction
    = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/"
                     "recoveryPoints/restore/action");

} // namespace RestoreDesk::Test
