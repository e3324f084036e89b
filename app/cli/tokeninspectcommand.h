#pragma once

#include "clicontext.h"

namespace RestoreDesk::Cli {

// `token inspect [TOKEN|-] [--verify --jwks FILE]`: decodes a JWT locally (never sends it
// anywhere) and explains it: each claim with its meaning, times in UTC and local with "expires in
// …", warnings, the token's kind, and the signature status stated exactly. --jwks verifies with
// the issuer's keys from a file; fetching them from the issuer comes with the API client.
// Exit codes: 0 decoded, 2 malformed input or usage, 3 the signature check failed.
int runTokenInspect(Context &ctx);

} // namespace RestoreDesk::Cli
