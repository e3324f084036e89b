#pragma once

#include "authcommands.h"
#include "clicontext.h"

namespace RestoreDesk::Cli {

// The `jobs` verbs: `jobs list --vault ID [--status S] [--since ISO]` and `jobs show ID`. Each
// verb is one entry of the table in jobcommands.cpp (its help and its function), so the
// restore work adds `jobs show --wait` and `jobs cancel` there. --status is declared with the
// estate options, --since with the audit filters; both are read by name.
int runJobsCommand(Context &ctx, const GlobalOptions &options);
// `restoredesk-cli jobs [VERB] --help`; empty for another noun.
QString jobsHelp(const QStringList &words);

} // namespace RestoreDesk::Cli
