#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QStringList>

namespace RestoreDesk::Access {

// A federated identity credential of a user-assigned identity or an app registration:
// (issuer, subject, audiences), or for a flexible credential (issuer, claimsMatchingExpression,
// audiences). Read from the API's list answer, a single resource, or the array that
// `az identity federated-credential list` / `az ad app federated-credential list` print.
// Value type, any thread.
struct FederatedCredential
{
    QString id;
    QString name;
    QString issuer;
    QString subject; // empty for a flexible credential
    QStringList audiences;
    QString claimsMatchingExpression; // `claimsMatchingExpression.value`; empty unless flexible
    int languageVersion = 0;

    bool isFlexible() const { return !claimsMatchingExpression.isEmpty(); }

    static constexpr int kMaxPerIdentity = 20;
    static constexpr qsizetype kMaxDocumentSize = 4 * 1024 * 1024;
    static QString defaultAudience() { return QStringLiteral("api://AzureADTokenExchange"); }

    // One credential from an ARM resource ({id, name, properties{…}}) or a flat object.
    static Result<FederatedCredential> fromJson(const QJsonObject &object);
    // The same, under the name the typed listings of the ARM transport call (Backup::ListJob).
    static Result<FederatedCredential> fromArm(const QJsonObject &object) { return fromJson(object); }
    // Any of the accepted documents: {"value": [...]}, a single resource, or a JSON array.
    static Result<QList<FederatedCredential>> listFromJson(const QByteArray &document);

    // The credential a workload token would need: its `iss` and `sub`, the usual audience.
    // The audience is `audience` when given; else the token's `aud` when it is one value (what
    // the workload asked its issuer for, so the exchange matches); else Entra's default when the
    // token's audiences contain it, else their first.
    static FederatedCredential proposeFromToken(const QJsonObject &claims, const QString &audience = {});
    // A resource name the API accepts (^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$), derived from `sub`.
    static QString suggestName(const QString &subject);
    static bool isValidName(const QString &name);

    // Checks a credential about to be created against the API's rules and the identity's
    // existing credentials: name pattern, https issuer, subject and one audience, at most 20,
    // (issuer, subject) unique, and the name not taken (a PUT to a taken name replaces that
    // credential) unless `replace` is Allow.
    enum class Replace { Refuse, Allow };
    static Result<void> validateNew(const FederatedCredential &proposed,
                                    const QList<FederatedCredential> &existing,
                                    Replace replace = Replace::Refuse);

    // The PUT body: {"properties": {"issuer", "subject", "audiences"}}.
    QJsonObject creationBody() const;
};

} // namespace RestoreDesk::Access
