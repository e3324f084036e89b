#include "verbhelp.h"

namespace RestoreDesk::Cli {

QString helpFor(const QList<VerbHelp> &verbs, const QStringList &words)
{
    if (words.isEmpty())
        return {};
    QString out;
    for (const VerbHelp &v : verbs) {
        if (words.first() != QLatin1String(v.noun))
            continue;
        if (words.size() > 1 && words.at(1) != QLatin1String(v.verb))
            continue;
        if (!out.isEmpty())
            out += QLatin1Char('\n');
        out += QStringLiteral("Usage: restoredesk-cli [global options] %1\n\n%2\n\nExample:\n  %3\n")
                   .arg(QLatin1String(v.synopsis), QLatin1String(v.text), QLatin1String(v.example));
    }
    if (!out.isEmpty())
        out += QStringLiteral(
            "\nWho calls the API: a signed-in --profile, or --issuer --client-id --api-base "
            "after a login,\nor --api-base with --access-token alone. --output json for "
            "machines; restoredesk-cli --help\nlists every global option.\n");
    return out;
}

} // namespace RestoreDesk::Cli
