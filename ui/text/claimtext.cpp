#include "text/claimtext.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace RestoreDesk::Text {

namespace {

using Access::ClaimEntry;
using Access::TokenFlavour;

constexpr int kAny = -1; // standard claims: any issuer

struct Meaning
{
    int flavour; // TokenFlavour, or kAny
    ClaimEntry::Section section;
    const char *path; // '*' stands for one path segment (a client name)
    const char *text;
};

#define M(text) QT_TRANSLATE_NOOP("RestoreDesk::Text", text)
constexpr ClaimEntry::Section H = ClaimEntry::Section::Header;
constexpr ClaimEntry::Section P = ClaimEntry::Section::Payload;
constexpr int Entra = int(TokenFlavour::Entra);
constexpr int Keycloak = int(TokenFlavour::Keycloak);
constexpr int Okta = int(TokenFlavour::Okta);
constexpr int Auth0 = int(TokenFlavour::Auth0);
constexpr int Cognito = int(TokenFlavour::Cognito);
constexpr int GitHub = int(TokenFlavour::GitHubActions);
constexpr int Kube = int(TokenFlavour::Kubernetes);

const Meaning kMeanings[] = {
    // JOSE header (RFC 7515, RFC 8725).
    { kAny, H, "alg",
      M("Signature algorithm. This client accepts only asymmetric ones from an allow-list; never none or "
        "HS*.") },
    { kAny, H, "typ", M("Token type: JWT, or at+jwt for an RFC 9068 access token.") },
    { kAny, H, "kid", M("Key id: which of the issuer's published keys signed it (only a lookup key).") },
    { kAny, H, "x5t", M("Thumbprint (SHA-1) of the signing certificate; a lookup hint like kid.") },
    { kAny, H, "x5t#S256", M("Thumbprint (SHA-256) of the signing certificate; a lookup hint.") },
    { kAny, H, "cty", M("Content type of the payload (nested tokens).") },
    { kAny, H, "crit", M("Header parameters the receiver must understand.") },
    { kAny, H, "jku",
      M("URL of a key set. Never trusted: keys come only from the issuer's pinned discovery.") },
    { kAny, H, "x5u", M("URL of a certificate. Never trusted.") },
    { kAny, H, "jwk", M("A key embedded in the token itself. Never trusted.") },
    { kAny, H, "x5c", M("A certificate chain embedded in the token. Never trusted.") },
    { Entra, H, "nonce",
      M("A header nonce: Microsoft Graph tokens carry one, and their signature can only be checked by "
        "Graph.") },

    // RFC 7519, OIDC Core, RFC 9068.
    { kAny, P, "iss", M("Issuer: who issued the token.") },
    { kAny, P, "sub", M("Subject: the identity, stable and unique within this issuer.") },
    { kAny, P, "aud", M("Audience: who the token is for; only they should accept it.") },
    { kAny, P, "exp", M("Expiry: not accepted at or after this time.") },
    { kAny, P, "nbf", M("Not before: not accepted before this time.") },
    { kAny, P, "iat", M("Issued at.") },
    { kAny, P, "jti", M("Token id, unique per token (replay detection).") },
    { kAny, P, "azp", M("Authorized party: the client the token was issued to.") },
    { kAny, P, "nonce", M("Echo of the sign-in request's nonce; binds the ID token to that request.") },
    { kAny, P, "auth_time", M("When the user last actually authenticated.") },
    { kAny, P, "acr", M("Authentication context class: how strong the authentication was.") },
    { kAny, P, "amr", M("Authentication methods used (password, OTP, MFA…).") },
    { kAny, P, "sid", M("Session id at the issuer (used for sign-out).") },
    { kAny, P, "at_hash", M("Hash of the access token issued with this ID token; binds the two.") },
    { kAny, P, "c_hash", M("Hash of the authorization code; binds the ID token to it.") },
    { kAny, P, "name", M("Display name. Changes; for display only.") },
    { kAny, P, "given_name", M("Given name. For display only.") },
    { kAny, P, "family_name", M("Family name. For display only.") },
    { kAny, P, "preferred_username", M("Username to show. Can change; never a key for access decisions.") },
    { kAny, P, "email", M("Email address. Not a stable identifier.") },
    { kAny, P, "email_verified", M("Whether the issuer verified the email address.") },
    { kAny, P, "updated_at", M("When the profile information was last updated.") },
    { kAny, P, "scope", M("Granted scopes (space-separated).") },
    { kAny, P, "scp", M("Granted (delegated) scopes.") },
    { kAny, P, "client_id", M("The client the access token was issued to (RFC 9068).") },
    { kAny, P, "roles", M("Roles granted to the identity.") },
    { kAny, P, "groups", M("Groups the identity belongs to, as the issuer names them.") },
    { kAny, P, "entitlements", M("Individual entitlements (RFC 9068 / SCIM).") },
    { kAny, P, "tid", M("Tenant id.") },
    { kAny, P, "oid", M("Object id of the identity.") },

    // Entra ID.
    { Entra, P, "aud",
      M("Who the token is for: v2 tokens name the API's client id, v1 tokens its client id or App ID URI.") },
    { Entra, P, "iss",
      M("Issuing STS and tenant: v2 ends in /v2.0; v1 is https://sts.windows.net/{tenant}/.") },
    { Entra, P, "sub",
      M("Pairwise subject: unique per application, so it differs between apps. Use oid for access.") },
    { Entra, P, "oid",
      M("Immutable object id of the user or service principal in this tenant: the id Azure RBAC uses.") },
    { Entra, P, "tid", M("Tenant (directory) id the identity signed in to.") },
    { Entra, P, "aio", M("Opaque internal data. Ignore.") },
    { Entra, P, "rh", M("Opaque internal data. Ignore.") },
    { Entra, P, "uti", M("Unique token id (internal).") },
    { Entra, P, "ver", M("Token version: 1.0 or 2.0.") },
    { Entra, P, "amr",
      M("How the subject authenticated (pwd, rsa, otp, fed, wia, mfa, ngcmfa, wiaormfa, none); v1 tokens.") },
    { Entra, P, "appid", M("Client application id (v1 name of azp).") },
    { Entra, P, "azp", M("Client application id (v2 name of appid).") },
    { Entra, P, "appidacr",
      M("How the client authenticated: 0 public client, 1 secret, 2 certificate (v1).") },
    { Entra, P, "azpacr", M("How the client authenticated: 0 public client, 1 secret, 2 certificate (v2).") },
    { Entra, P, "idp",
      M("Identity provider that authenticated the subject; differs from the issuer for guests.") },
    { Entra, P, "ipaddr", M("Client IP address at sign-in.") },
    { Entra, P, "name", M("Display name. Mutable; display only.") },
    { Entra, P, "roles", M("App roles granted to the identity (or to the app, for app-only tokens).") },
    { Entra, P, "groups", M("Object ids of the groups the identity is in (when the app asks for groups).") },
    { Entra, P, "hasgroups", M("Groups were left out (implicit flow); ask Microsoft Graph for them.") },
    { Entra, P, "_claim_names",
      M("Group overage: more groups than fit (over 200); the token names where to fetch them instead.") },
    { Entra, P, "_claim_sources",
      M("Where the overflowing claims can be fetched (a Microsoft Graph endpoint).") },
    { Entra, P, "scp", M("Delegated scopes the user consented to (user tokens only).") },
    { Entra, P, "unique_name", M("Username. Mutable; display and hint only.") },
    { Entra, P, "upn", M("User principal name. Mutable; display and hint only.") },
    { Entra, P, "wids", M("Tenant-wide directory role template ids the user holds.") },
    { Entra, P, "xms_cc", M("Client capabilities: cp1 means the client handles claims challenges.") },
    { Entra, P, "acrs", M("Authentication context ids satisfied (step-up authentication).") },
    { Entra, P, "idtyp", M("\"app\" on app-only tokens (no user).") },
    { Entra, P, "acct", M("Account type: 0 member, 1 guest.") },
    { Entra, P, "login_hint", M("Opaque hint for signing the same account in again.") },
    { Entra, P, "xms_tcdt", M("When the tenant was created (Unix time).") },
    { Entra, P, "onprem_sid", M("Security identifier of the synchronized on-premises account.") },
    { Entra, P, "pwd_exp", M("Seconds until the password expires.") },

    // Keycloak.
    { Keycloak, P, "realm_access", M("Realm-level access of the identity.") },
    { Keycloak, P, "realm_access.roles",
      M("Realm roles (Keycloak). A common place for a claim mapping to look for roles.") },
    { Keycloak, P, "resource_access", M("Client-level access, per client id.") },
    { Keycloak, P, "resource_access.*", M("Access for this client.") },
    { Keycloak, P, "resource_access.*.roles", M("Client roles for this client (Keycloak).") },
    { Keycloak, P, "typ", M("Keycloak token type: ID, Bearer (access) or Refresh.") },
    { Keycloak, P, "session_state", M("Keycloak session id.") },
    { Keycloak, P, "allowed-origins", M("Web origins allowed for this client (CORS).") },

    // Okta.
    { Okta, P, "groups",
      M("Okta groups, when the authorization server adds a groups claim (custom claim).") },
    { Okta, P, "uid", M("Okta user id.") },
    { Okta, P, "cid", M("Client id the access token was issued to.") },
    { Okta, P, "scp", M("Granted scopes.") },
    { Okta, P, "ver", M("Okta token version.") },
    { Okta, P, "idp", M("Identity provider id that authenticated the user.") },

    // Auth0.
    { Auth0, P, "groups",
      M("Groups, when a rule or action adds them (often under a namespaced claim instead).") },
    { Auth0, P, "permissions", M("API permissions granted (RBAC for APIs).") },
    { Auth0, P, "gty", M("Grant type that produced the token.") },
    { Auth0, P, "org_id", M("Organization the user signed in to.") },

    // Amazon Cognito.
    { Cognito, P, "cognito:groups", M("Cognito user-pool groups of the user.") },
    { Cognito, P, "cognito:username", M("Cognito username.") },
    { Cognito, P, "cognito:roles", M("IAM roles linked to the user's groups.") },
    { Cognito, P, "cognito:preferred_role", M("The preferred IAM role among the groups' roles.") },
    { Cognito, P, "token_use", M("Which token this is: id or access.") },
    { Cognito, P, "username", M("Cognito username (access tokens).") },
    { Cognito, P, "origin_jti", M("Id of the authentication the token descends from (revocation).") },
    { Cognito, P, "event_id", M("Id of the sign-in event.") },

    // GitHub Actions OIDC.
    { GitHub, P, "sub",
      M("Workflow context: repo:OWNER/REPO then ref:…, environment:… or pull_request. Federated credentials "
        "match it exactly.") },
    { GitHub, P, "aud", M("Audience requested by the workflow (api://AzureADTokenExchange for Azure).") },
    { GitHub, P, "repository", M("Repository the workflow runs in.") },
    { GitHub, P, "repository_owner", M("Owner of the repository.") },
    { GitHub, P, "ref", M("Git ref the workflow runs on.") },
    { GitHub, P, "ref_type", M("branch or tag.") },
    { GitHub, P, "sha", M("Commit the workflow runs on.") },
    { GitHub, P, "environment", M("Deployment environment of the job, when it has one.") },
    { GitHub, P, "workflow", M("Workflow name.") },
    { GitHub, P, "job_workflow_ref", M("The (reusable) workflow file and ref that runs the job.") },
    { GitHub, P, "event_name", M("Event that triggered the run.") },
    { GitHub, P, "actor", M("Account that triggered the run.") },
    { GitHub, P, "run_id", M("Workflow run id.") },
    { GitHub, P, "runner_environment", M("github-hosted or self-hosted runner.") },

    // Kubernetes service-account tokens.
    { Kube, P, "sub", M("Service account: system:serviceaccount:NAMESPACE:NAME.") },
    { Kube, P, "kubernetes.io", M("Kubernetes details: namespace, service account, pod.") },
    { Kube, P, "kubernetes.io.namespace", M("Namespace of the service account.") },
    { Kube, P, "kubernetes.io.serviceaccount", M("The service account.") },
    { Kube, P, "kubernetes.io.serviceaccount.name", M("Service account name.") },
    { Kube, P, "kubernetes.io.pod", M("The pod the token was mounted into.") },
};

struct ValueNote
{
    int flavour;
    const char *claim;
    const char *value;
    const char *text;
};

const ValueNote kValueNotes[] = {
    { kAny, "amr", "pwd", M("password") },
    { kAny, "amr", "otp", M("one-time code") },
    { kAny, "amr", "mfa", M("multi-factor authentication") },
    { kAny, "amr", "rsa", M("RSA key (e.g. Windows Hello, Authenticator)") },
    { kAny, "amr", "fed", M("federated: another identity provider authenticated the user") },
    { kAny, "amr", "wia", M("Windows integrated authentication") },
    { kAny, "amr", "ngcmfa", M("multi-factor, as used for advanced credentials") },
    { kAny, "amr", "wiaormfa", M("Windows integrated or multi-factor") },
    { kAny, "amr", "hwk", M("hardware-secured key") },
    { kAny, "amr", "sms", M("text message") },
    { kAny, "amr", "none", M("no authentication") },
    { Entra, "appidacr", "0", M("public client (no secret)") },
    { Entra, "appidacr", "1", M("client secret") },
    { Entra, "appidacr", "2", M("certificate") },
    { Entra, "azpacr", "0", M("public client (no secret)") },
    { Entra, "azpacr", "1", M("client secret") },
    { Entra, "azpacr", "2", M("certificate") },
    { Entra, "idtyp", "app", M("app-only token: no user") },
    { Entra, "idtyp", "user", M("user token") },
    { Entra, "acct", "0", M("member") },
    { Entra, "acct", "1", M("guest") },
};
#undef M

QString translate(const char *text)
{
    return QCoreApplication::translate("RestoreDesk::Text", text);
}

// "resource_access.app.roles" and "aud[0]" -> segments without indexes.
QStringList segmentsOf(const QString &path)
{
    static const QRegularExpression index(QStringLiteral("\\[\\d+\\]"));
    QString plain = path;
    plain.remove(index);
    return plain.split(QLatin1Char('.'), Qt::SkipEmptyParts);
}

bool pathMatches(const char *pattern, const QString &path, const QStringList &segments)
{
    const QString p = QString::fromLatin1(pattern);
    if (p == path)
        return true; // a claim named with dots, e.g. "kubernetes.io"
    const QStringList want = p.split(QLatin1Char('.'));
    // Claim names may themselves contain dots ("kubernetes.io.namespace"): compare joined too.
    if (want.join(QLatin1Char('.')) == segments.join(QLatin1Char('.')))
        return true;
    if (want.size() != segments.size())
        return false;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want.at(i) != QLatin1String("*") && want.at(i) != segments.at(i))
            return false;
    }
    return true;
}

} // namespace

QString claimMeaning(TokenFlavour flavour, ClaimEntry::Section section, const QString &path)
{
    // Elements of an array are explained by the array itself.
    if (path.endsWith(QLatin1Char(']')))
        return {};
    const QStringList segments = segmentsOf(path);
    for (int pass = 0; pass < 2; ++pass) {
        const int wanted = pass == 0 ? int(flavour) : kAny;
        if (pass == 0 && flavour == TokenFlavour::Generic)
            continue;
        for (const Meaning &m : kMeanings) {
            if (m.flavour == wanted && m.section == section && pathMatches(m.path, path, segments))
                return translate(m.text);
        }
    }
    return {};
}

QString claimMeaning(TokenFlavour flavour, const ClaimEntry &entry)
{
    return claimMeaning(flavour, entry.section, entry.path);
}

QString claimValueNote(TokenFlavour flavour, const ClaimEntry &entry)
{
    if (entry.section != ClaimEntry::Section::Payload)
        return {};
    QString value;
    if (entry.value.isString())
        value = entry.value.toString();
    else if (entry.value.isDouble())
        value = QString::number(entry.value.toDouble());
    else
        return {};
    for (const ValueNote &n : kValueNotes) {
        if ((n.flavour == kAny || n.flavour == int(flavour)) && entry.claim == QLatin1String(n.claim)
            && value == QLatin1String(n.value))
            return translate(n.text);
    }
    return {};
}

QString flavourName(TokenFlavour flavour)
{
    switch (flavour) {
    case TokenFlavour::Generic:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "OpenID Connect / JWT"));
    case TokenFlavour::Entra:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "Entra ID"));
    case TokenFlavour::Keycloak:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "Keycloak"));
    case TokenFlavour::Okta:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "Okta"));
    case TokenFlavour::Auth0:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "Auth0"));
    case TokenFlavour::Cognito:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "Amazon Cognito"));
    case TokenFlavour::GitHubActions:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "GitHub Actions"));
    case TokenFlavour::Kubernetes:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "Kubernetes"));
    }
    return {};
}

QString tokenUseName(Access::TokenUse use)
{
    switch (use) {
    case Access::TokenUse::Unknown:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "token"));
    case Access::TokenUse::IdToken:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "ID token"));
    case Access::TokenUse::AccessToken:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "access token"));
    case Access::TokenUse::WorkloadToken:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "workload token"));
    }
    return {};
}

QString tokenFormatName(Access::TokenFormat format)
{
    switch (format) {
    case Access::TokenFormat::Jwt:
        return QStringLiteral("JWT");
    case Access::TokenFormat::EntraV1:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "v1"));
    case Access::TokenFormat::EntraV2:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "v2"));
    case Access::TokenFormat::Rfc9068:
        return QStringLiteral("RFC 9068");
    }
    return {};
}

QString tokenKindText(const Access::TokenInspection &t)
{
    switch (t.format) {
    case Access::TokenFormat::EntraV1:
    case Access::TokenFormat::EntraV2:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "%1 %2 %3"))
            .arg(flavourName(t.flavour), tokenFormatName(t.format), tokenUseName(t.use));
    case Access::TokenFormat::Rfc9068:
        return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "RFC 9068 %1 (%2)"))
            .arg(tokenUseName(t.use), flavourName(t.flavour));
    case Access::TokenFormat::Jwt:
        break;
    }
    return translate(QT_TRANSLATE_NOOP("RestoreDesk::Text", "%1 %2"))
        .arg(flavourName(t.flavour), tokenUseName(t.use));
}

} // namespace RestoreDesk::Text
