#pragma once

#include "authcommands.h"
#include "clicontext.h"

#include <QCommandLineOption>

namespace RestoreDesk::Cli {

// The options only the estate and jobs verbs read (--subscription, --vault, --item, --from,
// --to, --status, --all-vaults); main() adds them to its parser. --type and --since are declared with the
// audit filters and read by name here too.
QList<QCommandLineOption> estateOptions();

// The estate verbs (the README's "Command line"): `subscriptions list`, `vaults list [--subscription ID]`,
// `vaults show ID`, `policies list --vault ID`, `policies show ID`, `items list --vault ID
// [--type vm|fileshare|sql]` (or --all-vaults: every vault's), `items show ID`, `points list --item ID
// [--from ISO] [--to ISO]`.
bool isEstateCommand(const QString &noun);
int runEstateCommand(Context &ctx, const GlobalOptions &options, const QString &noun);
// `restoredesk-cli NOUN [VERB] --help`; empty for another noun.
QString estateHelp(const QStringList &words);

} // namespace RestoreDesk::Cli
