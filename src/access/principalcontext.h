#pragma once

#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace RestoreDesk::Access {

// Where a profile finds the principal, its groups and its roles in a token (Auth::Profile's
// principalClaim / groupClaims / roleClaims). Dotted paths are allowed ("realm_access.roles").
struct ClaimPaths
{
    QString principal = QStringLiteral("oid");
    QStringList groups { QStringLiteral("groups") };
    QStringList roles { QStringLiteral("roles") };
};

// One id the identity acts through besides its own object id (a group, or a role/group value of
// a generic OIDC issuer), and the claim that put it there.
struct Membership
{
    QString id;
    QString claim; // the claim path it came from ("groups", "realm_access.roles")
    bool isRole = false; // from a role claim rather than a group claim
};

// Who is asking, as RBAC sees it: the object id (from the principal claim, `sub` when absent) and
// every group or role value the token carries, each with the claim that carried it. Value type,
// any thread.
struct PrincipalContext
{
    QString objectId;
    QString objectIdClaim; // the claim the object id came from
    QList<Membership> memberships;

    static PrincipalContext fromClaims(const QJsonObject &claims, const ClaimPaths &paths = {});

    // The object id and every membership id: what role assignments are matched against.
    QStringList principalIds() const;
    // The membership an id came through (nullptr when it is the object id or unknown).
    const Membership *membership(const QString &id) const;
};

} // namespace RestoreDesk::Access
