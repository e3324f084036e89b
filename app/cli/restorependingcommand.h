#pragma once

#include "authcommands.h"
#include "clicontext.h"
#include "verbhelp.h"

namespace RestoreDesk::Cli {

// `restoredesk-cli restore pending list` and `restoredesk-cli restore resend CLIENT_REQUEST_ID
// [--yes] [--wait]`: the restores kept in the pending-restores folder (the one the console
// shares), and the one way to send a kept restore whose outcome was never known (every answer
// lost) again — the very same request with the same client request id, so the service makes it
// the same restore, never a second. The resend goes through RestoreActions as the console's
// "Send the same request again" does: "accepted" or "refused" in the audit log against the
// restore's own "requested" record. A restore the service already accepted is not sent again;
// --wait follows it (or the resent one) to its end. One command on the main thread.
int runRestorePending(Context &ctx, const GlobalOptions &options);
int runRestoreResend(Context &ctx, const GlobalOptions &options);
QList<VerbHelp> restorePendingHelp();

} // namespace RestoreDesk::Cli
