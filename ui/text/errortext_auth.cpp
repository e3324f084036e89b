#include "text/errortext.h"

#include <QtGlobal>

namespace RestoreDesk::Text {

// Sentences for src/auth, src/jose and the network job (codes in auth/autherrors.h,
// core/networkjob.h, jose/*). %1… are the error's args, in the order the code's raiser documents.
const QList<Sentence> &authSentences()
{
#define S(code, text) \
    { \
        code, QT_TRANSLATE_NOOP("RestoreDesk::Text", text) \
    }
    static const QList<Sentence> s = {
        // Network job
        S("insecure_url", "Refusing to contact %1: only HTTPS, or HTTP to this computer, is allowed."),
        S("foreign_origin", "Not following a link to %1: the access token is only ever sent to %2."),
        S("tls_error",
          "The secure connection to %1 failed; its certificate is not trusted (add the CA to the profile's "
          "CA bundle if it is yours)."),
        S("body_too_large", "The answer from %1 is larger than %2 bytes; it was not read."),
        S("unsendable_request",
          "Not sending the request to %1: its method, address or a header field would change its meaning on "
          "the wire."),
        S("ca_bundle_unreadable", "The CA bundle %1 cannot be read."),
        S("ca_bundle_empty", "The CA bundle %1 holds no PEM certificate."),
        // Issuer answers
        S("invalid_grant",
          "The identity provider no longer accepts your saved sign-in (revoked or expired). Sign in again."),
        S("access_denied", "The sign-in was declined at the identity provider."),
        S("invalid_client",
          "The identity provider does not know this client id, or does not allow it as a public client."),
        S("invalid_scope", "The identity provider refused the requested scopes."),
        S("authorization_error", "The identity provider answered \"%1\"."),
        // Profiles
        S("invalid_profile", "The profile is not valid."),
        S("invalid_profile/name_missing", "The profile has no name."),
        S("invalid_profile/issuer_missing", "The profile has no issuer."),
        S("invalid_profile/issuer_not_url", "The issuer \"%1\" is not an http(s) URL."),
        S("invalid_profile/issuer_query", "The issuer URL \"%1\" must not carry a query or fragment."),
        S("invalid_profile/client_id_missing", "The profile has no client id."),
        S("invalid_profile/openid_scope_missing", "The scopes must include openid."),
        S("invalid_profile/redirect_host", "The redirect host \"%1\" must be 127.0.0.1 or localhost."),
        S("invalid_profile/role_mapping_not_object",
          "The profile's role mapping must be a JSON object ({\"roleMapping\": {\"claim value\": \"role\"}, "
          "\"scope\": \"/subscriptions/…\"})."),
        S("insecure_issuer",
          "The issuer %1 uses plain HTTP on another computer; only HTTPS is allowed there."),
        S("insecure_api", "The API base %1 must be HTTPS (or on this computer)."),
        S("no_such_profile", "There is no profile named \"%1\"."),
        S("secret_in_profile",
          "The profile file carries \"%1\"; profiles never hold secrets, so it was not imported."),
        S("settings_write_failed", "The settings file %1 could not be written (disk full or read-only?)."),
        S("export_failed", "The profile could not be written to %1."),
        S("import_failed", "The profile file %1 could not be read."),
        // Discovery and keys
        S("discovery_failed", "The issuer %1 did not serve its OpenID configuration."),
        S("issuer_mismatch",
          "The issuer answered as \"%1\", not the configured \"%2\" (mix-up defence); nothing was used."),
        S("insecure_endpoint", "The issuer's %1 is %2, which is not HTTPS; the issuer %3 may not downgrade."),
        S("missing_endpoint", "The OpenID configuration of %2 has no %1."),
        S("jwks_failed", "The issuer's signing keys at %1 could not be read."),
        S("jwks_empty", "The issuer %1 publishes no signing key this client can use."),
        S("keys_rate_limited", "The issuer's keys were re-read less than a minute ago; not asking %1 again."),
        // ID tokens and JOSE
        S("malformed_jwt", "This is not a well-formed JWT."),
        S("alg_none", "The token is unsigned (alg \"none\"); refused."),
        S("alg_hmac",
          "The token is signed with a shared secret (HS*), which a public client never accepts; refused."),
        S("alg_not_allowed", "The token's signing algorithm is not one this profile accepts; refused."),
        S("unknown_kid", "The token was signed with a key the issuer does not publish; refused."),
        S("key_mismatch", "The issuer's key does not fit the token's algorithm; refused."),
        S("bad_signature", "The token's signature does not verify with the issuer's key; refused."),
        S("crypto_unavailable",
          "OpenSSL's libcrypto, which checks token signatures, could not be loaded: nothing was verified, "
          "and nothing is accepted unverified."),
        S("audience_mismatch", "The ID token is for \"%1\", not this client (%2); refused."),
        S("azp_mismatch", "The ID token's authorized party is \"%1\", not this client (%2); refused."),
        S("missing_exp", "The ID token has no expiry; refused."),
        S("expired", "The ID token expired at %1; check this computer's clock."),
        S("not_yet_valid", "The ID token is not valid before %1; check this computer's clock."),
        S("issued_in_future",
          "The ID token claims to be issued in the future (%1); check this computer's clock."),
        S("nonce_missing", "The ID token carries no nonce, so it cannot be tied to this sign-in; refused."),
        S("nonce_mismatch", "The ID token belongs to another sign-in (nonce differs); refused."),
        S("missing_sub", "The ID token names no subject; refused."),
        S("invalid_jwk", "A key in the issuer's key set is malformed."),
        // Interactive sign-in
        S("listen_failed", "No port on this computer could be opened for the browser to come back to."),
        S("no_randomness", "The system's random generator failed; the sign-in was not started."),
        S("sign_in_timeout",
          "No answer came back from the browser within %1 s. If the browser did not open, copy the sign-in "
          "link into it and try again."),
        S("iss_mismatch", "The answer names issuer \"%1\", not \"%2\" (possible mix-up attack); refused."),
        S("state_missing",
          "The answer from the browser carries no state; it was not started by this sign-in."),
        S("state_mismatch", "The answer from the browser belongs to another sign-in."),
        S("code_missing", "The answer from the browser carries no authorization code."),
        // Tokens and the session
        S("no_access_token", "The identity provider's answer carries no access token."),
        S("no_id_token", "The identity provider's answer carries no ID token; is the openid scope granted?"),
        S("identity_changed", "The refreshed ID token names a different %1; signed out for safety."),
        S("refresh_too_soon",
          "The service refused the access token, which was refreshed less than %1 s ago; not refreshing "
          "again."),
        S("refresh_lock_timeout", "Another Restore Desk process kept the sign-in busy (lock %1); try again."),
        S("refresh_lock_unsafe",
          "The folder for Restore Desk's sign-in lock (%1) is not private to you, so sign-in cannot be "
          "kept safe from other users of this computer; make it yours with mode 0700, or set "
          "XDG_RUNTIME_DIR."),
        S("refresh_outcome_unknown",
          "A token refresh was under way and its answer never arrived: the issuer may have issued a "
          "refresh token this sign-out could not revoke. It stays valid until it expires."),
        S("not_signed_in", "Not signed in to %1."),
        S("no_refresh_token",
          "The identity provider issued no refresh token: you will sign in again when the access token "
          "expires."),
        S("profile_changed", "The profile changed meanwhile; the earlier request was dropped."),
        S("saved_session_unreadable", "The saved session in the keychain is unreadable; sign in again."),
        S("revocation_unsupported", "The issuer offers no revocation endpoint."),
        // Keychain
        S("keychain_not_found", "Nothing is saved in the keychain for this sign-in."),
        S("keychain_unavailable",
          "No keychain is available: this session lasts until you quit; nothing is written to disk."),
        S("keychain_module_unavailable",
          "Restore Desk's keychain module could not be used, so no keychain is: this session lasts until "
          "you quit; nothing is written to disk. Reinstalling Restore Desk restores the module."),
        S("keychain_locked", "The keychain is locked: unlock it and retry, or keep this session only."),
        S("keychain_timeout", "The keychain did not answer in time; it may be waiting for an unlock prompt."),
        S("keychain_failed", "The keychain failed."),
        S("keychain_mismatch", "The keychain returned different data than was stored."),
    };
#undef S
    return s;
}

} // namespace RestoreDesk::Text
