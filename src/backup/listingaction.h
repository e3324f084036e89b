#pragma once

#include <QString>

namespace RestoreDesk::Backup {

// The listings the console and the CLI read.
// Item is one protected item read by its id, whose action is not the list's.
enum class Listing { Unknown, Subscriptions, Vaults, Vault, Items, Item, Policies, Jobs, Points };

// The RBAC action a listing needs, as Azure names it in a 403 ("…does not have authorization to
// perform action 'X'…"); empty for Listing::Unknown. "No access" names it when the service's
// message does not. One table: the access tests compare the sandbox's refusals with it.
QString listingAction(Listing listing);

} // namespace RestoreDesk::Backup
