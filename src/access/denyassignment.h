#pragma once

#include "access/roledefinition.h"
#include "core/result.h"

#include <QJsonObject>
#include <QStringList>

namespace RestoreDesk::Access {

// A deny assignment in its ARM wire shape (Microsoft.Authorization/denyAssignments, 2022-04-01):
// the actions it blocks (permissions[].actions − notActions), for whom (principals, less
// excludePrincipals; the all-zero id of type SystemDefined is everyone) and where (its scope and,
// unless doNotApplyToChildScopes, every scope below). A deny wins over every role assignment.
// Value type; any thread.
struct DenyAssignment
{
    QString id;
    QString name; // guid
    QString denyAssignmentName; // display name, unique per scope
    QString description;
    QString scope;
    QList<Permission> permissions;
    QStringList principals; // object ids (users, groups, service principals) or kEveryone
    QStringList excludePrincipals;
    bool doNotApplyToChildScopes = false;
    bool isSystemProtected = false;
    // Not on the wire: the scope whose atScope() listing returned it (see RoleAssignment).
    QString listedAtScope;

    // The principal id a deny assignment uses for "everyone" (type SystemDefined).
    static QString everyone();

    // Whether it applies to one of these principals (the object id and its groups) at `scope`
    // (inheritedAt, unless doNotApplyToChildScopes: then only at its own scope).
    bool appliesTo(const QStringList &principalIds, const QString &scope) const;
    // The `actions` pattern that blocks `action` (empty when none does, or a notAction exempts it).
    QString blockingPattern(const QString &action) const;
    // What it is called in a verdict: its display name, else its name.
    QString displayName() const;

    static Result<DenyAssignment> fromArm(const QJsonObject &object);
    QJsonObject toArm() const;
};

} // namespace RestoreDesk::Access
