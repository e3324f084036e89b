#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QStringList>

namespace RestoreDesk::Auth {

// Where and how to sign in, and which API to call afterwards. No secrets: a profile can be
// exported and imported as a file. Value type.
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
    QString caBundle; // PEM file with extra trusted CAs; empty: the system's
    QStringList browserCommand; // argv; the sign-in URL is appended; empty: the desktop default
    QString principalClaim = QStringLiteral("oid");
    QStringList groupClaims { QStringLiteral("groups") };
    QStringList roleClaims { QStringLiteral("roles") };
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

    QJsonObject toJson() const;
    static Result<Profile> fromJson(const QJsonObject &object);

    static QString kindName(Kind kind);
};

// True for http(s) URLs whose host is a loopback address or localhost.
bool isLoopbackUrl(const QUrl &url);
// HTTPS, or HTTP to a loopback host: what discovery and every endpoint must be.
bool isSecureOrLoopback(const QUrl &url);

} // namespace RestoreDesk::Auth
