#pragma once

#include <QLatin1String>

namespace RestoreDesk::Access {

// Error codes raised by the access layer. The sentences are in ui/text/errortext_access.cpp; the
// order of `args` for each code is given here.
namespace Codes {
inline constexpr QLatin1String TokenEmpty("token_empty");
inline constexpr QLatin1String TokenTooLarge("token_too_large"); // args: size in bytes, limit in bytes
inline constexpr QLatin1String TokenEncrypted("token_encrypted");
inline constexpr QLatin1String TokenNotJws("token_not_jws"); // args: number of parts
inline constexpr QLatin1String TokenMalformed("token_malformed"); // detail: which part and why
inline constexpr QLatin1String TokenTooDeep("token_nesting_too_deep"); // args: limit
inline constexpr QLatin1String InvalidRoleAssignment("invalid_role_assignment");
inline constexpr QLatin1String InvalidRoleDefinition("invalid_role_definition");
inline constexpr QLatin1String InvalidDenyAssignment("invalid_deny_assignment");
inline constexpr QLatin1String InvalidPermissions("invalid_permissions");
inline constexpr QLatin1String InvalidCredentials("invalid_federated_credentials"); // detail: where
inline constexpr QLatin1String InvalidClaimsExpression("invalid_claims_expression"); // args: position
inline constexpr QLatin1String InvalidRoleMapping("invalid_role_mapping"); // detail: what
inline constexpr QLatin1String UnknownOperation("unknown_operation"); // args: given key, known keys
inline constexpr QLatin1String InvalidCredentialName("invalid_credential_name"); // args: name
inline constexpr QLatin1String CredentialIssuerNotHttps("credential_issuer_not_https"); // args: issuer
inline constexpr QLatin1String CredentialIncomplete("credential_incomplete"); // args: missing field
inline constexpr QLatin1String CredentialLimitReached("credential_limit_reached"); // args: limit
inline constexpr QLatin1String CredentialDuplicate("credential_duplicate"); // args: existing name
inline constexpr QLatin1String CredentialNameTaken("credential_name_taken"); // args: existing name
// Raised by the access service (rd_accessservice).
inline constexpr QLatin1String InvalidScope("invalid_scope"); // args: the scope given
inline constexpr QLatin1String NoPermissionsForm("no_permissions_form"); // args: the scope
inline constexpr QLatin1String InvalidIdentityId("invalid_identity_id"); // args: the id given
inline constexpr QLatin1String All[] = { TokenEmpty,
                                         TokenTooLarge,
                                         TokenEncrypted,
                                         TokenNotJws,
                                         TokenMalformed,
                                         TokenTooDeep,
                                         InvalidRoleAssignment,
                                         InvalidRoleDefinition,
                                         InvalidDenyAssignment,
                                         InvalidPermissions,
                                         InvalidCredentials,
                                         InvalidClaimsExpression,
                                         InvalidRoleMapping,
                                         UnknownOperation,
                                         InvalidCredentialName,
                                         CredentialIssuerNotHttps,
                                         CredentialIncomplete,
                                         CredentialLimitReached,
                                         CredentialDuplicate,
                                         CredentialNameTaken,
                                         InvalidScope,
                                         NoPermissionsForm,
                                         InvalidIdentityId };
} // namespace Codes

// What a token inspection warns about (sentences: ui/text/accesstext.cpp). Args per code:
namespace Warnings {
inline constexpr QLatin1String Expired("expired"); // exp (ISO UTC), seconds since
inline constexpr QLatin1String NotYetValid("not_yet_valid"); // nbf (ISO UTC), seconds until
inline constexpr QLatin1String IatInFuture("iat_in_future"); // iat (ISO UTC), seconds ahead
inline constexpr QLatin1String ClockSkew("clock_skew"); // claim (iat/nbf), seconds ahead
inline constexpr QLatin1String MissingExp("missing_exp");
inline constexpr QLatin1String LongLifetime("long_lifetime"); // lifetime in hours
inline constexpr QLatin1String ShortLifetime("short_lifetime"); // lifetime in seconds
inline constexpr QLatin1String InvalidLifetime("invalid_lifetime"); // exp (ISO), start (ISO)
inline constexpr QLatin1String TimeNotNumeric("time_not_numeric"); // claim
inline constexpr QLatin1String AlgNone("alg_none");
inline constexpr QLatin1String AlgHmac("alg_hmac"); // alg
inline constexpr QLatin1String UnusualAlg("unusual_alg"); // alg
inline constexpr QLatin1String AudienceNotApi("audience_not_api"); // audiences, the API's audience
inline constexpr QLatin1String GroupOverage("group_overage"); // where the groups are (endpoint or "")
inline constexpr QLatin1String GroupsDropped("groups_dropped"); // (hasgroups: true)
inline constexpr QLatin1String TimeOutOfRange("time_out_of_range"); // claim, the value as given
inline constexpr QLatin1String DuplicateKeys("duplicate_keys"); // part ("header"/"payload"), keys
inline constexpr QLatin1String All[]
    = { Expired,        NotYetValid,     IatInFuture,    ClockSkew,      MissingExp,   LongLifetime,
        ShortLifetime,  InvalidLifetime, TimeNotNumeric, AlgNone,        AlgHmac,      UnusualAlg,
        AudienceNotApi, GroupOverage,    GroupsDropped,  TimeOutOfRange, DuplicateKeys };
} // namespace Warnings

// Why a signature was not verified, or why it failed (sentences: ui/text/accesstext.cpp). A
// failure caught by Jose::verify keeps Jose's own code (alg_not_allowed, unknown_kid,
// key_mismatch, bad_signature).
namespace SignatureReasons {
inline constexpr QLatin1String KeysNotFetched("keys_not_fetched"); // args: issuer
inline constexpr QLatin1String AccessTokenForApi("access_token_for_api"); // args: audiences
inline constexpr QLatin1String HmacSharedSecret("hmac_shared_secret"); // args: alg
inline constexpr QLatin1String KeysOfOtherIssuer("keys_of_other_issuer"); // args: token iss, keys' issuer
inline constexpr QLatin1String Unsigned("unsigned"); // alg none
inline constexpr QLatin1String SignatureMissing("signature_missing"); // empty third part
inline constexpr QLatin1String All[]
    = { KeysNotFetched, AccessTokenForApi, HmacSharedSecret, KeysOfOtherIssuer, Unsigned, SignatureMissing };
} // namespace SignatureReasons

// The Entra ID error a token exchange with a federated credential would return.
namespace AadSts {
inline constexpr QLatin1String NoMatchingRecord("AADSTS70021");
inline constexpr QLatin1String IssuerMismatch("AADSTS700211");
inline constexpr QLatin1String SubjectMismatch("AADSTS700213");
inline constexpr QLatin1String SubjectCaseMismatch("AADSTS7002138");
inline constexpr QLatin1String AssertionTimeInvalid("AADSTS700024");
inline constexpr QLatin1String NoCredentials("AADSTS70025");
inline constexpr QLatin1String All[] = { NoMatchingRecord,    IssuerMismatch,       SubjectMismatch,
                                         SubjectCaseMismatch, AssertionTimeInvalid, NoCredentials };
} // namespace AadSts

} // namespace RestoreDesk::Access
