#pragma once

#include "auth/profile.h"
#include "clicontext.h"

#include <QCommandLineParser>

namespace RestoreDesk::Cli {

// Options shared by every command that talks to an issuer or the API.
struct GlobalOptions
{
    QString profile;
    QString issuer;
    QString clientId;
    QString scopes;
    QString apiBase;
    QString caBundle;
    QString prompt;
    QString accessToken; // --access-token or RESTOREDESK_ACCESS_TOKEN
    QString config; // settings file (default: the application's)
    QStringList browserCommand;
    bool noBrowser = false;
    QString auditLog; // --audit-log: the audit log (default: settings, then the data folder)
    bool noKeychain = false; // --no-keychain: no audit key (records carry no MAC)
    bool stats = false; // --stats: the transport's counters on stderr after an API verb
    int timeoutSeconds = 300;
    // --request-timeout: how long each try of an API request waits for its answer (sign-in's own
    // requests keep theirs). A restore whose answer is lost is looked for in the vault's jobs
    // until this has passed since it was sent (or until the answer was lost, if later), plus the
    // grace (RestoreActions::reconcileUntil).
    int requestTimeoutSeconds = 60;
};

// `login`, `logout`, `whoami`: sign in through the system browser (or a given command, or by
// printing the link), keep the refresh token in the keychain, show who is signed in.
int runLogin(Context &ctx, const GlobalOptions &options);
int runLogout(Context &ctx, const GlobalOptions &options);
int runWhoami(Context &ctx, const GlobalOptions &options);

// The profile the options name: ad hoc from --issuer/--client-id, or --profile, or the current.
Result<Auth::Profile> resolveProfile(const GlobalOptions &options);

} // namespace RestoreDesk::Cli
