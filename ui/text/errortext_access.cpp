#include "text/errortext.h"

#include <QtGlobal>

namespace RestoreDesk::Text {

// Sentences for RestoreDesk::Access::Codes (src/access/accesscodes.h), placeholders in order.
const QList<Sentence> &accessSentences()
{
    static const QList<Sentence> s = {
        { "token_empty", QT_TRANSLATE_NOOP("RestoreDesk::Text", "No token was given.") },
        { "token_too_large",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "The token is %1 bytes, more than the %2 this console decodes; it is refused unread.") },
        { "token_encrypted",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "This is an encrypted token (JWE, five parts): only its recipient can read it.") },
        { "token_not_jws",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "This is not a JWT: a signed JWT has three parts separated by dots, this one has %1. "
              "Opaque tokens cannot be decoded.") },
        { "token_malformed", QT_TRANSLATE_NOOP("RestoreDesk::Text", "This JWT cannot be decoded.") },
        { "token_nesting_too_deep",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The token's JSON is nested more than %1 levels deep; it is refused unread.") },
        { "invalid_role_assignment",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "A role assignment could not be read.") },
        { "invalid_deny_assignment",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "A deny assignment could not be read.") },
        { "invalid_role_definition",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "A role definition could not be read.") },
        { "invalid_permissions",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The effective-permissions answer could not be read.") },
        { "invalid_federated_credentials",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The federated credentials could not be read. Give the API's list answer, one "
                            "credential, or what `az identity federated-credential list` prints.") },
        { "invalid_claims_expression",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The claims-matching expression is not valid (at character %1). It takes "
                            "claims['NAME'] eq 'VALUE' or matches 'PATTERN', joined by and.") },
        { "invalid_role_mapping",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The claim-to-role mapping could not be read.") },
        { "unknown_operation",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "There is no operation \"%1\". Known operations: %2.") },
        { "invalid_credential_name",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "\"%1\" is not a valid credential name: 3 to 120 letters, digits, '-' or '_', starting "
              "with a letter or digit.") },
        { "credential_issuer_not_https",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The issuer \"%1\" is not an https URL; Entra accepts only those.") },
        { "credential_incomplete",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The credential needs its %1 (one audience, a subject).") },
        { "credential_limit_reached",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The identity already has %1 federated credentials, the most it can hold. Delete "
                            "one first, or use a flexible credential.") },
        { "credential_name_taken",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The identity already has a credential named %1; creating one under that name "
                            "would replace it. Choose another name, or ask for the replacement explicitly "
                            "(fic create --replace).") },
        { "credential_duplicate",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "Credential \"%1\" already has this issuer and subject; each pair may appear once.") },
        { "invalid_scope",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "\"%1\" is not a scope to check: give a subscription, resource group or resource "
                            "id (/subscriptions/…).") },
        { "no_permissions_form",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The service answers \"what may I do\" only for a resource group or a resource, "
                            "not for %1.") },
        { "invalid_identity_id",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "\"%1\" is not a user-assigned identity's id (/subscriptions/…/resourceGroups/…/"
                            "providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME).") },
    };
    return s;
}

} // namespace RestoreDesk::Text
