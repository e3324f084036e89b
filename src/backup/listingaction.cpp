#include "listingaction.h"

namespace RestoreDesk::Backup {

QString listingAction(Listing listing)
{
    switch (listing) {
    case Listing::Subscriptions:
        return QStringLiteral("Microsoft.Resources/subscriptions/read");
    case Listing::Vaults:
    case Listing::Vault:
        return QStringLiteral("Microsoft.RecoveryServices/Vaults/read");
    case Listing::Items:
        return QStringLiteral("Microsoft.RecoveryServices/Vaults/backupProtectedItems/read");
    case Listing::Item:
        return QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/"
                              "protectedItems/read");
    case Listing::Policies:
        return QStringLiteral("Microsoft.RecoveryServices/Vaults/backupPolicies/read");
    case Listing::Jobs:
        return QStringLiteral("Microsoft.RecoveryServices/Vaults/backupJobs/read");
    case Listing::Points:
        return QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/"
                              "protectedItems/recoveryPoints/read");
    case Listing::Unknown:
        break;
    }
    return {};
}

} // namespace RestoreDesk::Backup
