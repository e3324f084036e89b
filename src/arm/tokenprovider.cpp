#include "arm/tokenprovider.h"

#include "arm/armerrors.h"
#include "auth/session.h"

namespace RestoreDesk::Arm {

QByteArray SessionTokenProvider::accessToken() const
{
    return m_session->accessToken();
}

void SessionTokenProvider::renew(const QByteArray &rejected, std::function<void(Result<void>)> done)
{
    m_session->refreshAfterRejection(rejected, std::move(done));
}

void StaticTokenProvider::renew(const QByteArray &, std::function<void(Result<void>)> done)
{
    // A token given on the command line cannot be renewed: the 401 stands.
    done(Error::make(Error::Kind::Auth, QStringLiteral("token_not_renewable")));
}

} // namespace RestoreDesk::Arm
