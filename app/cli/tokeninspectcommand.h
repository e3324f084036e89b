#pragma once

#include "authcommands.h"
#include "clicontext.h"

namespace RestoreDesk::Cli {

// `token inspect [TOKEN|-] [--verify --jwks FILE]`: decodes a JWT locally (never sends it
// anywhere) and explains it: each claim with its meaning, times in UTC and local with "expires in
// …", warnings, the token's kind, and the signature status stated exactly. --jwks verifies with
// the issuer's keys from a file; fetching them from the issuer comes with the API client.
// Keys are fetched (discovery, then JWKS) only when the status is still undecided: an unsigned,
// HMAC or other-API token is never sent or looked up anywhere. With --profile (or --issuer), the
// profile's API audience tells this console's own access tokens (checkable) from others'.
// Exit codes: 0 decoded, 2 malformed input or usage, 3 the signature check failed.
int runTokenInspect(Context &ctx, const GlobalOptions &options);

} // namespace RestoreDesk::Cli
