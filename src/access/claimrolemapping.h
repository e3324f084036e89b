#pragma once

#include "access/principalcontext.h"
#include "access/roleassignment.h"
#include "access/roledefinition.h"
#include "core/result.h"

namespace RestoreDesk::Access {

// One line of a generic OIDC back end's mapping: a claim value (a group or role the issuer puts
// in the token) grants a role at a scope.
struct RoleMappingRule
{
    QString claimValue;
    QString roleName;
    QString scope = QStringLiteral("/");
};

// A mapping rule that the token satisfies: "your `roles` claim contains `backup-operators` →
// Backup Operator at /subscriptions/…".
struct MappingMatch
{
    QString claim; // the claim path that carries the value
    QString value;
    QString roleName;
    QString scope;
    bool roleKnown = false; // a built-in role has that name
};

// The claim → role mapping in force for a generic OIDC back end, in the shape the API side uses
// (the sandbox's trusted issuers: claim paths, `roleMapping {value: role}`, one `scope`; a
// `rules` array of {value, role, scope} is accepted too), shown against an actual token.
// Matching is exact and case-sensitive, like the API side's. Value type, any thread.
struct ClaimRoleMapping
{
    ClaimPaths paths;
    QList<RoleMappingRule> rules;

    static Result<ClaimRoleMapping> fromJson(const QJsonObject &object);

    // Every rule the token's group and role claims satisfy, in claim order.
    QList<MappingMatch> explain(const QJsonObject &claims) const;
    // Group/role values in the token that no rule maps.
    QList<Membership> unmapped(const QJsonObject &claims) const;
    // The matches as role assignments to the claim values (principalType "ClaimValue"), so the
    // evaluator can answer "what can I do here" for this back end; unknown roles are left out.
    QList<RoleAssignment> assignments(const QJsonObject &claims,
                                      const QList<RoleDefinition> &definitions) const;
};

} // namespace RestoreDesk::Access
