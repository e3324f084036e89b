#pragma once

#include "backup/restorerequest.h"
#include "clicontext.h"

namespace RestoreDesk::Backup {
class RestoreService;
}

namespace RestoreDesk::Cli {

class ApiRun;

// The wizard's live validation of a restore's targets, run once before `restoredesk-cli restore`
// previews anything (Backup::RestoreTargetsCheck: every target looked up, the service's own
// validation). A blocking problem is printed as "restoredesk-cli restore: --FIELD: headline" (the
// offline check's shape), a finding of the service's validation as "the service's check: CODE —
// message", then "nothing was sent"; with --output json the same problems, with their codes, are
// the JSON error object on standard output. A target that cannot be told ("cannot tell") or a
// validation that could not run is a note on standard error, and the restore goes on. Returns Ok
// to go on, Failure (1) when something blocks (the README's exit codes: bad data the API tells of — the same
// exit the service's refusal of the same request would have given). Main thread; blocks until done.
int checkRestoreTargets(Context &ctx, ApiRun &run, Backup::RestoreService &service,
                        const Backup::RestoreRequest &request, QObject *owner);

// "--target-subscription ID": the subscription a --target-resource-group name is in (a bare id or
// /subscriptions/ID); the item's own when not given. The option's name, declared once.
QString targetSubscriptionOption();
// "/subscriptions/ID" from what was typed; an error (a usage line) when it is not a subscription.
Result<QString> targetSubscriptionFrom(const QString &typed);

} // namespace RestoreDesk::Cli
