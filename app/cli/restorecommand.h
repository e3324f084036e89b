#pragma once

#include "authcommands.h"
#include "clicontext.h"

#include <QCommandLineOption>
#include <QJsonObject>

namespace RestoreDesk::Cli {

// `restoredesk-cli restore --point ID --mode MODE [targets] --reason TEXT [--yes] [--confirm NAME]
// [--wait]`: an on-demand restore through the same services as the console's wizard — the
// point's source, the request checked locally, the permission pre-check (AccessService; a "no"
// is exit 6 naming the missing actions), the plain-language preview and the equivalent REST
// request (never a token), a confirmation unless --yes (and the item's name typed with --confirm
// for a restore that overwrites), then RestoreActions (audited before and after, one request even
// when an answer is lost) and, with --wait, the job followed to its end (exit 5 unless it
// completed without warnings).
int runRestoreCommand(Context &ctx, const GlobalOptions &options);
QString restoreHelp(const QStringList &words);
// The permission pre-check before a restore is sent (`restore`, `restore resend`): the caller's
// permissions on the vault and on the body's targets. Ok when allowed (or not told beforehand);
// PermissionDenied (6) naming each missing action on standard error, audited as a denied
// permission check; or the exit code of a check that could not be made.
class ApiRun;
int restorePreCheck(Context &ctx, const GlobalOptions &options, ApiRun &run, const QString &verb,
                    const QString &itemId, const QString &mode, const QJsonObject &body, QObject *owner);
// The options of `restore` and of `jobs cancel` / `jobs show --wait`, declared once.
QList<QCommandLineOption> restoreOptions();

} // namespace RestoreDesk::Cli
