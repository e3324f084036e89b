#pragma once

#include "authcommands.h"

#include <QCommandLineOption>

namespace RestoreDesk::Cli {

// The options only the identity verbs read (access check, fic create); main() adds them to its
// parser once, and the verbs read them by name.
QList<QCommandLineOption> accessOptions();

// `access check --scope ID [--operation OP]`: what the signed-in identity may do at a scope, and
// why. With --operation: that operation's needs, each allowed / denied (with the roles that would
// grant it) / cannot tell; exit 0 allowed, 6 denied (the missing actions on stderr), 1 cannot
// tell. Without: every operation's verdict and the role assignments that apply; exit 0.
int runAccessCommand(Context &ctx, const GlobalOptions &options);

// The exit code for a failed identity-verb call: what the command line gave and the access
// service refused as malformed (a scope, an identity id, a proposed credential) is a usage error;
// anything else as for any API call (apiExitCode).
int accessExitCode(const Error &e);

} // namespace RestoreDesk::Cli
