#pragma once

#include "core/origin.h"
#include "core/result.h"

#include <QJsonObject>
#include <QStringList>

namespace RestoreDesk::Auth {

// Where and how to sign in, and which API to call afterwards. No secrets: a profile can be
// exported and imported as a file. The browser command and the CA bundle (a program and a path
// on this machine) are settings of this machine, not of the profile people exchange: toJson()
// never writes them and fromJson() never reads them (an import names them as dropped;
// ProfileStore keeps them apart). Value type.
struct Profile
{
    enum class Kind { Sandbox, Azure, Oidc };

    QString name;
    Kind kind = Kind::Oidc;
    QString issuer;
    QString clientId;
    QStringList scopes;
    QString apiBase;
    QString apiAudience;
    QString caBundle; // this machine only (a path here); PEM file with extra CAs; empty: the system's
    QStringList browserCommand; // this machine only; argv, "{url}" or appended; empty: desktop default
    QString principalClaim = QStringLiteral("oid");
    QStringList groupClaims { QStringLiteral("groups") };
    QStringList roleClaims { QStringLiteral("roles") };
    // A generic OIDC back end's claim → role mapping, as the operator knows it (the shape
    // Access::ClaimRoleMapping reads: {"roleMapping": {claim value: role name}, "scope": …} or
    // {"rules": [{value, role, scope}]}); empty: none known. Shown against the token and used in
    // the access evaluation; the API's own mapping still rules.
    QJsonObject roleMapping;
    QString redirectHost = QStringLiteral("127.0.0.1"); // Entra accepts only "localhost" in redirects
    QString prompt; // e.g. "consent" for IdPs that grant offline_access only then
    QStringList idTokenAlgorithms; // empty: what discovery advertises (minus none/HS*)
    // Azure preset inputs (kept so the profile can be edited).
    QString tenant;
    QString cloud = QStringLiteral("public");

    static Profile sandbox(const QString &issuer, const QString &apiBase, const QString &audience);
    static Profile azure(const QString &tenant, const QString &clientId,
                         const QString &cloud = QStringLiteral("public"));
    static Profile genericOidc(const QString &issuer, const QString &clientId);

    // Names the first thing wrong (issuer not HTTPS and not loopback, missing client id...).
    Result<void> validate() const;

    // The exchange form (export, and storage without the machine's settings).
    QJsonObject toJson() const;
    // Reads the exchange form. Keys that are not part of it (the browser command, anything
    // unknown) are dropped and named in `dropped`; a key that looks like a secret refuses the file.
    static Result<Profile> fromJson(const QJsonObject &object, QStringList *dropped = nullptr);

    static QString kindName(Kind kind);
};

} // namespace RestoreDesk::Auth
