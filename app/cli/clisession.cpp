#include "clisession.h"

#include "text/signinpagetext.h"

namespace RestoreDesk::Cli {

std::unique_ptr<Auth::ProfileStore> openProfileStore(const GlobalOptions &o)
{
    return o.config.isEmpty() ? std::make_unique<Auth::ProfileStore>()
                              : std::make_unique<Auth::ProfileStore>(o.config);
}

CliSession::CliSession(const GlobalOptions &options, const Auth::Profile &profile)
    : store(openProfileStore(options))
    , keychain(QString::fromLatin1(Auth::Session::kKeychainService))
    , session(&nam, &keychain, store.get())
{
    session.setPageText(&Text::signInPage);
    session.setProfile(profile);
}

} // namespace RestoreDesk::Cli
