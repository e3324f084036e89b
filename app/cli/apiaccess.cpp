#include "apiaccess.h"

#include "access/claimrolemapping.h"
#include "auditcommands.h"
#include "clisession.h"
#include "jose/jwt.h"

namespace RestoreDesk::Cli {

namespace {

Error usage(const QString &what)
{
    return Error::make(Error::Kind::Invalid, QStringLiteral("usage"), what);
}

QJsonObject claimsOf(const QByteArray &token)
{
    const auto jwt = Jose::Jwt::parse(token);
    return jwt ? jwt->claims : QJsonObject(); // an opaque token: no claims to read
}

// How the profile names the caller's principal, groups and roles in its tokens.
Access::ClaimPaths pathsOf(const std::optional<Auth::Profile> &p)
{
    Access::ClaimPaths paths;
    if (!p)
        return paths;
    if (!p->principalClaim.isEmpty())
        paths.principal = p->principalClaim;
    paths.groups = p->groupClaims;
    paths.roles = p->roleClaims;
    return paths;
}

Access::Caller callerOf(const QByteArray &token, const std::optional<Auth::Profile> &profile)
{
    const QJsonObject claims = claimsOf(token);
    Access::Caller caller = Access::Caller::fromClaims(claims, pathsOf(profile),
                                                       profile && profile->kind == Auth::Profile::Kind::Oidc);
    // A generic OIDC back end's claim → role mapping, as the profile states it.
    if (profile && profile->kind == Auth::Profile::Kind::Oidc && !profile->roleMapping.isEmpty()) {
        if (auto mapping = Access::ClaimRoleMapping::fromJson(profile->roleMapping)) {
            mapping.value().paths = pathsOf(profile);
            caller.mappedAssignments
                = mapping->assignments(claims, Access::RoleDefinition::builtInBackupRoles());
        }
    }
    return caller;
}

// What an access token's claims say about who holds it (never the token itself).
Audit::Identity claimedIdentity(const QString &token)
{
    Audit::Identity id;
    const QJsonObject c = claimsOf(token.toLatin1());
    if (c.isEmpty())
        return id;
    id.issuer = c.value(QStringLiteral("iss")).toString();
    id.subject = c.value(QStringLiteral("sub")).toString();
    id.objectId = c.value(QStringLiteral("oid")).toString();
    id.username
        = c.value(QStringLiteral("preferred_username")).toString(c.value(QStringLiteral("upn")).toString());
    id.tenant = c.value(QStringLiteral("tid")).toString();
    return id;
}

} // namespace

ApiAccess::ApiAccess() = default;

ApiAccess::~ApiAccess()
{
    // Jobs still parented to the caller's objects report `cancelled` before the transport goes.
    m_service.reset();
    m_arm.reset();
}

Result<std::unique_ptr<ApiAccess>> ApiAccess::open(const GlobalOptions &o)
{
    std::unique_ptr<ApiAccess> access(new ApiAccess);
    Net::Transport transport;
    QString apiBase = o.apiBase;
    QString caBundle = o.caBundle;

    if (!o.accessToken.isEmpty()) {
        // A bare token: no sign-in at all. The API base comes from --api-base, else a profile.
        std::optional<Auth::Profile> named;
        if (apiBase.isEmpty()) {
            auto profile = resolveProfile(o);
            if (!profile || profile->apiBase.isEmpty())
                return usage(QStringLiteral("--access-token needs --api-base URL (or a profile that "
                                            "names the backup API)"));
            apiBase = profile->apiBase;
            if (caBundle.isEmpty())
                caBundle = profile->caBundle;
            named = profile.value();
        }
        access->m_nam = std::make_unique<QNetworkAccessManager>();
        transport.nam = access->m_nam.get();
        access->m_tokens = std::make_unique<Arm::StaticTokenProvider>(o.accessToken.toLatin1());
        access->m_identity = claimedIdentity(o.accessToken);
        access->m_caller = callerOf(o.accessToken.toLatin1(), named);
    } else {
        if (!o.issuer.isEmpty() && o.apiBase.isEmpty())
            // The issuer says where to sign in, not where the backup API is (Entra's issuer
            // names no management endpoint): the operator names it.
            return usage(QStringLiteral("--issuer without a profile needs the backup API's base URL too: add "
                                        "--api-base URL (https://management.azure.com for Azure, the "
                                        "address restoredesk-sandbox prints for the sandbox)"));
        auto profile = resolveProfile(o);
        if (!profile)
            return profile.error();
        if (profile->apiBase.isEmpty())
            return usage(QStringLiteral("The profile '%1' names no backup API (set its API base URL, "
                                        "or give --api-base with --access-token)")
                             .arg(profile->name));
        apiBase = profile->apiBase;
        caBundle = profile->caBundle;
        access->m_session = std::make_unique<CliSession>(o, profile.value());
        Auth::Session &session = access->m_session->session;
        // One-shot: no refresh timer; a 401 renews through the session (joined, once).
        session.setAutoRefresh(false);
        const auto resumed = waitFor<void>([&](auto done) { session.resume(done); });
        if (!resumed)
            return resumed.error();
        transport.nam = &access->m_session->nam;
        access->m_tokens = std::make_unique<Arm::SessionTokenProvider>(&session);
        access->m_identity = identityOf(session);
        access->m_identityVerified = session.identityVerified();
        access->m_caller = callerOf(session.accessToken(), profile.value());
    }
    if (!caBundle.isEmpty()) {
        auto tls = Net::Transport::tlsWithBundle(caBundle);
        if (!tls)
            return tls.error();
        transport.tls = tls.value();
    }
    const QUrl base(apiBase);
    if (!base.isValid() || base.host().isEmpty())
        return usage(QStringLiteral("'%1' is not an API base URL").arg(apiBase));
    access->m_arm = std::make_unique<Arm::ArmClient>(transport, access->m_tokens.get(), base);
    Arm::ArmClient::Options armOptions = access->m_arm->options();
    armOptions.timeoutMs = o.requestTimeoutSeconds * 1000;
    access->m_arm->setOptions(armOptions);
    access->m_service = std::make_unique<Backup::BackupService>(access->m_arm.get());
    return Result<std::unique_ptr<ApiAccess>>(std::move(access));
}

} // namespace RestoreDesk::Cli
