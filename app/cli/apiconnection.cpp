#include "apiconnection.h"

#include "arm/armerrors.h"
#include "auditcommands.h"
#include "auth/autherrors.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "jose/jwt.h"
#include "text/signinpagetext.h"

namespace RestoreDesk::Cli {

namespace {

Error usage(const QString &detail)
{
    return Error::make(Error::Kind::Invalid, QStringLiteral("usage"), detail);
}

Access::ClaimPaths pathsOf(const Auth::Profile &p)
{
    Access::ClaimPaths paths;
    if (!p.principalClaim.isEmpty())
        paths.principal = p.principalClaim;
    paths.groups = p.groupClaims;
    paths.roles = p.roleClaims;
    return paths;
}

QJsonObject claimsOf(const QByteArray &token)
{
    const auto jwt = Jose::Jwt::parse(token);
    return jwt ? jwt->claims : QJsonObject(); // an opaque token: no claims to read
}

} // namespace

ApiConnection::~ApiConnection() = default;

Result<std::unique_ptr<ApiConnection>> ApiConnection::open(const GlobalOptions &o)
{
    std::unique_ptr<ApiConnection> c(new ApiConnection);
    Net::Transport transport;
    QString apiBase = o.apiBase;
    std::optional<Auth::Profile> profile;
    if (o.accessToken.isEmpty() || apiBase.isEmpty()) {
        auto resolved = resolveProfile(o);
        if (!resolved)
            return resolved.error();
        profile = resolved.value();
        if (apiBase.isEmpty())
            apiBase = profile->apiBase;
    }
    if (apiBase.isEmpty())
        return usage(QStringLiteral("No API: give --api-base URL or use a profile that has one."));
    const QString caBundle = !o.caBundle.isEmpty() ? o.caBundle : profile ? profile->caBundle : QString();
    if (!caBundle.isEmpty()) {
        auto tls = Net::Transport::tlsWithBundle(caBundle);
        if (!tls)
            return tls.error();
        transport.tls = tls.value();
    }

    if (!o.accessToken.isEmpty()) {
        // A bearer token and nothing else: what its claims say (decoded, not verified).
        const QByteArray token = o.accessToken.toUtf8();
        c->m_nam = std::make_unique<QNetworkAccessManager>();
        c->m_tokens = std::make_unique<Arm::StaticTokenProvider>(token);
        const QJsonObject claims = claimsOf(token);
        c->m_identity.issuer = claims.value(QStringLiteral("iss")).toString();
        c->m_identity.subject = claims.value(QStringLiteral("sub")).toString();
        c->m_identity.objectId = claims.value(QStringLiteral("oid")).toString();
        c->m_identity.username = claims.value(QStringLiteral("preferred_username"))
                                     .toString(claims.value(QStringLiteral("upn")).toString());
        c->m_identity.tenant = claims.value(QStringLiteral("tid")).toString();
        c->m_caller = Access::Caller::fromClaims(claims, profile ? pathsOf(*profile) : Access::ClaimPaths(),
                                                 profile && profile->kind == Auth::Profile::Kind::Oidc);
        transport.nam = c->m_nam.get();
    } else {
        c->m_store = o.config.isEmpty() ? std::make_unique<Auth::ProfileStore>()
                                        : std::make_unique<Auth::ProfileStore>(o.config);
        c->m_keychain
            = std::make_unique<Auth::KeychainStore>(QString::fromLatin1(Auth::Session::kKeychainService));
        c->m_nam = std::make_unique<QNetworkAccessManager>();
        c->m_session = std::make_unique<Auth::Session>(c->m_nam.get(), c->m_keychain.get(), c->m_store.get());
        c->m_session->setPageText(&Text::signInPage);
        c->m_session->setProfile(*profile);
        c->m_session->setAutoRefresh(false);
        Auth::Session *session = c->m_session.get();
        const auto resumed = runJob<void>([session](auto done) { session->resume(done); });
        if (!resumed)
            return resumed.error();
        c->m_tokens = std::make_unique<Arm::SessionTokenProvider>(session);
        c->m_identity = identityOf(*session);
        c->m_identityVerified = session->identityVerified();
        c->m_caller = Access::Caller::fromClaims(claimsOf(session->accessToken()), pathsOf(*profile),
                                                 profile->kind == Auth::Profile::Kind::Oidc);
        transport.nam = c->m_nam.get();
    }
    c->m_arm = std::make_unique<Arm::ArmClient>(transport, c->m_tokens.get(), QUrl(apiBase));
    return c;
}

int exitCodeFor(const Error &e)
{
    if (e.code == QLatin1String("usage") || e.code == Arm::Codes::NoApiBase
        || e.code == Auth::Codes::InvalidProfile || e.code == Auth::Codes::NoSuchProfile
        || (e.kind == Error::Kind::Invalid && e.httpStatus == 0))
        return Usage;
    if (e.httpStatus == 401 || e.code == Arm::Codes::NotSignedIn || e.code == Auth::Codes::NotSignedIn
        || e.code == Auth::Codes::InvalidGrant || e.code == Auth::Codes::NoRefreshToken
        || (e.kind == Error::Kind::Auth && e.httpStatus != 403))
        return AuthFailed;
    if (e.httpStatus == 403)
        return PermissionDenied;
    return Failure;
}

} // namespace RestoreDesk::Cli
