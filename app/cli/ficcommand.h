#pragma once

#include "authcommands.h"

namespace RestoreDesk::Cli {

// `fic test --token TOKEN|- (--identity ID | --credentials FILE)`: holds a workload token against
// federated identity credentials (listed from the API for a user-assigned identity, or read from
// a file: the API's list answer, one credential, or what `az … federated-credential list`
// prints) and says which one matches, or for the nearest miss which field differs, character by
// character, and the Entra error the exchange would return. Exit codes: 0 a credential matches,
// 7 none does, 2 usage or a malformed token, 1 an unreadable file or API failure, 3 not signed
// in, 6 not allowed to list them.
// `fic create --identity ID --token TOKEN|- [--name NAME]`: creates the credential that would
// accept the token (its iss and sub, audience api://AzureADTokenExchange), after the access
// pre-check (6 when it says no, recorded) and the API's rules (1 on a duplicate or the limit);
// recorded in the audit log before it is sent (a log that cannot be written refuses it) and
// after, with the correlation id.
int runFicCommand(Context &ctx, const GlobalOptions &options);

} // namespace RestoreDesk::Cli
