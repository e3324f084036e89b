#pragma once

#include "clicontext.h"

namespace RestoreDesk::Cli {

// `fic test --token TOKEN|- --credentials FILE`: holds a workload token against federated
// identity credentials read from a file (the API's list answer, one credential, or what `az …
// federated-credential list` prints) and says which one matches, or for the nearest miss which
// field differs, character by character, and the Entra error the exchange would return.
// `--identity ID` (listing them from the API) comes with the API client.
// Exit codes: 0 a credential matches, 7 none does, 2 usage or a malformed token, 1 an unreadable
// credentials file.
int runFicCommand(Context &ctx);

} // namespace RestoreDesk::Cli
