#pragma once

#include "audit/audittrail.h"
#include "authcommands.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <memory>

namespace RestoreDesk::Auth {
class Session;
}

namespace RestoreDesk::Cli {

// The options only the `audit` verbs read; main() adds them to its parser (values are read by
// name, so an option another verb also declares is shared, not duplicated).
QList<QCommandLineOption> auditOptions();

// `audit verify [FILE]`, `audit list`, `audit export`: verify the chain (exit 4 when broken, 8
// when intact but with integrity incidents),
// list records with the view's filters, export them with the chain head and the verification
// result. Reads the key from the keychain when it answers (not with --no-keychain).
int runAuditCommand(Context &ctx, const GlobalOptions &options, const QCommandLineParser &parser);

// The CLI's recorder, as the GUI's: the log from --audit-log / settings / the default folder,
// keyed from the keychain when one works. Never null.
// A keychain module that cannot be loaded (a broken installation) is said on `err`.
std::unique_ptr<Audit::AuditTrail> openAuditTrail(const GlobalOptions &options, QTextStream &err);
// The verified identity of a signed-in session (never a token).
Audit::Identity identityOf(const Auth::Session &session);
// Records one event; when the log cannot be written, says so on stderr and returns false
// (signing in and reading go on; actions that change something must refuse instead).
bool recordEvent(Context &ctx, const GlobalOptions &options, const QString &type, const QString &outcome,
                 const Audit::Identity &identity, const QString &target, const QJsonObject &params = {});
// Records a "permission-check" event: who asked, at which scope, about which operation, and the
// verdict ("allowed", "denied", "unknown" - cannot tell -, or "failed" when the check itself
// failed), with `more` (missing actions, an error code …) in its params. As recordEvent.
bool recordPermissionCheck(Context &ctx, const GlobalOptions &options, const Audit::Identity &identity,
                           const QString &scope, const QString &operation, const QString &verdict,
                           const QJsonObject &more = {});

} // namespace RestoreDesk::Cli
