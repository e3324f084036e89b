#pragma once

#include "access/effectiveaccess.h"
#include "backup/apiversions.h"
#include "backup/servicejobs.h"

#include <QObject>
#include <QPointer>

namespace RestoreDesk::Access {

class AccessJob;

// Who is asking, for the scopes the permissions API cannot answer (a subscription): the
// principal whose role assignments are evaluated there, and whether those assignments are all
// there is. Value type.
struct Caller
{
    PrincipalContext principal;
    // False when roles may also reach the caller another way: groups left out of the token
    // (overage: `_claim_names.groups`, `hasgroups`), or an API that maps the token's claims to
    // roles itself (a generic OIDC back end). An evaluated "no" is then "cannot tell".
    bool assignmentsTellAll = true;
    // False when the token carries none of the profile's group claims: the caller's groups are
    // unknown, so a role assignment to a group that applies at a scope may reach the caller or
    // not. An evaluated "no" there is "cannot tell" (Unknown::GroupsUnknown).
    bool groupsKnown = true;
    // Role assignments a generic OIDC back end makes from the token's claims, as the profile's
    // claim → role mapping states them (ClaimRoleMapping::assignments): evaluated with the listed
    // ones, so a grant through the mapping names its role and claim value.
    QList<RoleAssignment> mappedAssignments;

    bool isKnown() const { return !principal.objectId.isEmpty(); }
    // From the access token's claims with the profile's claim paths.
    static Caller fromClaims(const QJsonObject &claims, const ClaimPaths &paths = {},
                             bool issuerMapsRoles = false);
};

// The verdict of AccessService::check: every (scope, action) the operation needs, allowed,
// denied or "cannot tell" (RequirementCheck::unknown says why), and for each denied need the
// known roles that would grant it.
struct AccessCheck
{
    OperationCheck check;
    QList<RoleSuggestion> suggestions;

    bool allowed() const { return check.allowed(); }
    bool denied() const { return check.state == RequirementCheck::State::Denied; }
    bool cannotTell() const { return check.state == RequirementCheck::State::Unknown; }
};

// What the "what can I do here" view shows for one scope: the gathered answers (ready for
// check/checkAll/whyNot/assignmentsAt), and why the role assignments could not be read, if so.
struct AccessAnswer
{
    QString scope;
    EffectiveAccess access;
    std::optional<Error> assignmentsError; // listing them was refused (403): the view says so
};

// The caller's access as the API tells it, for the console's pre-checks and access views; the
// network half of src/access (which stays network-free). Every call is a job parented to its
// owner that reports once and can be cancelled.
//
//   check(operation, scope, target)  "may I do this here?": the operation's needs on `scope` and
//                                    on the restore target's scopes, each allowed / denied (with
//                                    the roles that would grant it) / cannot tell.
//   here(scope)                      every operation at `scope`, with the role assignments that
//                                    apply there (the access view).
//   roleAssignments / roleDefinitions                  the raw listings, typed.
//
// Where answers come from: Microsoft.Authorization/permissions (api-version
// ApiVersions::authorization), one call per distinct resource group or resource scope, all at
// once. The resource form is called at `{resource id}/providers/Microsoft.Authorization/
// permissions`: an empty parentResourcePath is left out (no `//`; ARM ids have no empty segments)
// and a child resource's path carries its parents, as the template's parentResourcePath would.
// At a subscription the API has no permissions form (resource groups and resources only), so the caller's
// role assignments at and above it (`roleAssignments?$filter=atScope()`) are evaluated against
// the role definitions there (PermissionEvaluator, the same RBAC rules), for the Caller set with
// setCaller(); those verdicts name the deciding role. An evaluated "no" is "cannot tell" when the
// Caller's assignments may not tell all; without a Caller, subscription needs are "cannot tell".
// Deny assignments (`denyAssignments?$filter=atScope()`) are read at every scope a question
// decides, when the Caller is known (they name principals): one that applies to the caller blocks
// the action whatever the roles grant ("blocked by deny assignment NAME"); the permissions answer
// does not show them. A deny listing that fails with 403 or 404 makes an allowed need there
// "cannot tell" (Unknown::DenyUnread); without a Caller they are not read. A 403 or 404 on a permissions
// call, or a refused role-assignment listing, makes that scope "cannot tell" with the service's error, not a
// failure; any other error (network, 401 after renewal, 5xx after retries) fails the job. Role definitions
// that cannot be read fall back to the built-in ones, and an assignment of a role not known then makes the
// evaluation incomplete. No state beyond the Caller; GUI/CLI thread.
class AccessService : public QObject
{
    Q_OBJECT

public:
    template<typename T>
    using Done = std::function<void(Result<T>)>;

    AccessService(Arm::ArmClient *arm, Backup::ApiVersions versions = {}, QObject *parent = nullptr);

    void setCaller(const Caller &caller) { m_caller = caller; }
    const Caller &caller() const { return m_caller; }
    Arm::ArmClient *arm() const { return m_arm; }
    const Backup::ApiVersions &versions() const { return m_versions; }

    AccessJob *check(const BackupOperation &operation, const QString &scope, const RestoreTarget &target,
                     QObject *owner, Done<AccessCheck> done);
    AccessJob *here(const QString &scope, QObject *owner, Done<AccessAnswer> done);

    // Role assignments at `scope` and above ($filter=atScope()).
    Backup::ListJob<RoleAssignment> *roleAssignments(const QString &scope, QObject *owner,
                                                     Done<QList<RoleAssignment>> done);
    // Deny assignments at `scope` and above ($filter=atScope()).
    Backup::ListJob<DenyAssignment> *denyAssignments(const QString &scope, QObject *owner,
                                                     Done<QList<DenyAssignment>> done);
    // Role definitions usable at `scope` (built-in and custom).
    Backup::ListJob<RoleDefinition> *roleDefinitions(const QString &scope, QObject *owner,
                                                     Done<QList<RoleDefinition>> done);

    // Request paths, as the jobs send them (the views' "equivalent request"). permissionsPath: an
    // Invalid error (NoPermissionsForm) at a subscription or anything else without that form.
    static Result<QString> permissionsPath(const QString &scope);
    static QString roleAssignmentsPath(const QString &scope);
    static QString denyAssignmentsPath(const QString &scope);
    static QString roleDefinitionsPath(const QString &scope);
    // Whether the permissions API answers for `scope` (a resource group or a resource in one);
    // an Invalid error (InvalidScope) for what is not an ARM scope below a subscription.
    static Result<bool> hasPermissionsForm(const QString &scope);

private:
    Arm::ArmClient *m_arm;
    Backup::ApiVersions m_versions;
    Caller m_caller;
};

// The gathering behind check() and here(): the permissions, role assignments and role
// definitions a question needs, all requested at once, then one EffectiveAccess. Ends its
// listings in its destructor and ignores them once it has reported. Reports once; cancellable.
class AccessJob final : public RestoreDesk::Job<AccessAnswer>
{
    Q_OBJECT

public:
    ~AccessJob() override;
    void cancel() override;
    // Requests sent so far (for tests: one per distinct scope).
    int requests() const { return m_requests; }

private:
    friend class AccessService;
    struct Plan
    {
        QString scope; // the scope asked about
        QStringList permissionScopes;
        QStringList assignmentScopes;
        QString definitionScope;
        QStringList evaluatedScopes;
        QStringList denyScopes; // where deny assignments are listed (atScope())
        bool listAssignmentsForView = false;
    };
    AccessJob(AccessService *service, Plan plan, QObject *owner, Done done);
    void start();
    void requestPermissions(const QString &scope);
    void requestAssignments(const QString &scope);
    void requestDefinitions(const QString &scope);
    void requestDenyAssignments(const QString &scope);
    void finishOne();
    void fail(const Error &error); // reports now and cancels the rest
    void failLater(const Error &error); // before start: reports from the event loop

    QPointer<AccessService> m_service;
    Plan m_plan;
    Caller m_caller;
    EffectiveAccess::Answers m_answers;
    QList<RoleAssignment> m_assignments;
    QList<RoleDefinition> m_definitions;
    QList<DenyAssignment> m_denyAssignments;
    bool m_definitionsRead = false;
    std::optional<Error> m_assignmentsError;
    int m_pending = 0;
    int m_requests = 0;
};

} // namespace RestoreDesk::Access
