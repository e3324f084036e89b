#pragma once

#include "authcommands.h"
#include "clicontext.h"

namespace RestoreDesk::Cli {

// `token decode [TOKEN|-]`: decodes a JWT locally (never sends it anywhere) and prints header and
// claims, with times made readable. Says plainly that decoding is not verification.
int runTokenCommand(Context &ctx, const GlobalOptions &options);

} // namespace RestoreDesk::Cli
