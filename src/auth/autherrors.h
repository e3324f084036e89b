#pragma once

#include <QLatin1String>

// Codes raised by the identity layer (src/auth). Codes that come from the issuer itself
// (invalid_grant, access_denied, invalid_client…) are passed through as the issuer sent them.
// The sentences are in ui/text/errortext_auth.cpp.
namespace RestoreDesk::Auth::Codes {

// Issuer answers (RFC 6749 §5.2) the console reacts to.
inline constexpr QLatin1String InvalidGrant("invalid_grant");
inline constexpr QLatin1String AccessDenied("access_denied");

// Profiles.
inline constexpr QLatin1String InvalidProfile("invalid_profile");
inline constexpr QLatin1String InsecureIssuer("insecure_issuer");
inline constexpr QLatin1String InsecureApi("insecure_api");
inline constexpr QLatin1String NoSuchProfile("no_such_profile");
inline constexpr QLatin1String SecretInProfile("secret_in_profile");
inline constexpr QLatin1String SettingsWriteFailed("settings_write_failed");
inline constexpr QLatin1String ExportFailed("export_failed");
inline constexpr QLatin1String ImportFailed("import_failed");

// Discovery and keys.
inline constexpr QLatin1String DiscoveryFailed("discovery_failed");
inline constexpr QLatin1String IssuerMismatch("issuer_mismatch");
inline constexpr QLatin1String InsecureEndpoint("insecure_endpoint");
inline constexpr QLatin1String MissingEndpoint("missing_endpoint");
inline constexpr QLatin1String JwksFailed("jwks_failed");
inline constexpr QLatin1String JwksEmpty("jwks_empty");
inline constexpr QLatin1String KeysRateLimited("keys_rate_limited");

// The interactive sign-in.
inline constexpr QLatin1String ListenFailed("listen_failed");
inline constexpr QLatin1String NoRandomness("no_randomness");
inline constexpr QLatin1String SignInTimeout("sign_in_timeout");
inline constexpr QLatin1String IssMismatch("iss_mismatch");
inline constexpr QLatin1String AuthorizationError("authorization_error");

// Tokens.
inline constexpr QLatin1String NoAccessToken("no_access_token");
inline constexpr QLatin1String NoIdToken("no_id_token");
inline constexpr QLatin1String IdentityChanged("identity_changed");
inline constexpr QLatin1String RefreshTooSoon("refresh_too_soon");
inline constexpr QLatin1String RefreshLockTimeout("refresh_lock_timeout");
inline constexpr QLatin1String RefreshLockUnsafe("refresh_lock_unsafe");
// A sign-out met a refresh whose answer never came: the issuer may hold a newer refresh token.
inline constexpr QLatin1String RefreshOutcomeUnknown("refresh_outcome_unknown");

// The session.
inline constexpr QLatin1String NotSignedIn("not_signed_in");
inline constexpr QLatin1String NoRefreshToken("no_refresh_token");
inline constexpr QLatin1String ProfileChanged("profile_changed");
inline constexpr QLatin1String SavedSessionUnreadable("saved_session_unreadable");

// The keychain.
inline constexpr QLatin1String KeychainNotFound("keychain_not_found");
inline constexpr QLatin1String KeychainUnavailable("keychain_unavailable");
// The keychain module (QtKeychain's side) is missing, not loadable or of another build; the
// detail names the path and why.
inline constexpr QLatin1String KeychainModuleUnavailable("keychain_module_unavailable");
inline constexpr QLatin1String KeychainLocked("keychain_locked");
inline constexpr QLatin1String KeychainTimeout("keychain_timeout");
inline constexpr QLatin1String KeychainFailed("keychain_failed");
inline constexpr QLatin1String KeychainMismatch("keychain_mismatch");

} // namespace RestoreDesk::Auth::Codes
