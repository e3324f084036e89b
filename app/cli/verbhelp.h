#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace RestoreDesk::Cli {

// The `--help` of one verb ("items list"): its synopsis, what it does and an example. A verb
// file keeps a list of these; `restoredesk-cli NOUN [VERB] --help` prints the matching ones.
struct VerbHelp
{
    const char *noun;
    const char *verb;
    const char *synopsis; // after "restoredesk-cli "
    const char *text; // what it does, its options, its output
    const char *example;
};

// The help of `words` (noun, optionally a verb) among `verbs`; empty when none matches.
QString helpFor(const QList<VerbHelp> &verbs, const QStringList &words);

} // namespace RestoreDesk::Cli
