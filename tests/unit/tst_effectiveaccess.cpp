// Effective permissions as "what can I do here": the operation catalogue against the real
// built-in role lists (action × role), deciding patterns, notActions, groups through their claim,
// permissions answers (spec examples), restore targets, "why can't I", claim → role mappings,
// and every person of the sandbox seed.
#include "access/accesscodes.h"
#include "access/claimrolemapping.h"
#include "access/effectiveaccess.h"
#include "sandbox/tenant.h"
#include "sandboxids.h"
#include "text/errortext.h"
#include "text/permissiontext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Access;
using RestoreDesk::Test::kDev;
using RestoreDesk::Test::kProd;
using RestoreDesk::Test::kRestoreAction;
using Id = BackupOperation::Id;

Q_DECLARE_METATYPE(RestoreDesk::Access::DenyAssignment)

namespace {

const QString kSub = QStringLiteral("/subscriptions/11111111-2222-3333-4444-555555555555");
const QString kRg = kSub + QStringLiteral("/resourceGroups/rg-backup");
const QString kVault = kRg + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/rsv");
const QString kMe = QStringLiteral("me-oid");

QString roleId(const QString &name)
{
    const QList<RoleDefinition> roles = RoleDefinition::builtInBackupRoles();
    for (const RoleDefinition &r : roles) {
        if (r.roleName == name)
            return r.id;
    }
    return {};
}

RoleAssignment assign(const QString &principal, const QString &role, const QString &scope)
{
    RoleAssignment a;
    a.id = scope + QStringLiteral("/providers/Microsoft.Authorization/roleAssignments/") + role;
    a.scope = scope;
    a.roleDefinitionId = kSub + roleId(role); // the subscription-scoped form ARM returns
    a.principalId = principal;
    a.principalType = QStringLiteral("User");
    return a;
}

EffectiveAccess accessWith(const QList<RoleAssignment> &assignments,
                           const QJsonObject &claims = { { "oid", kMe } })
{
    return EffectiveAccess(PermissionEvaluator(RoleDefinition::builtInBackupRoles(), assignments),
                           PrincipalContext::fromClaims(claims));
}

QByteArray readData(const QString &relative)
{
    QFile f(QStringLiteral(RD_TEST_DATA_DIR "/") + relative);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject exampleBody(const QString &file)
{
    return QJsonDocument::fromJson(readData(QStringLiteral("arm/") + file))
        .object()
        .value("responses")
        .toObject()
        .value("200")
        .toObject()
        .value("body")
        .toObject();
}

QJsonObject exampleParameters(const QString &file)
{
    return QJsonDocument::fromJson(readData(QStringLiteral("arm/") + file))
        .object()
        .value("parameters")
        .toObject();
}

} // namespace

class TestEffectiveAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void operationsAgainstBuiltInRoles_data();
    void operationsAgainstBuiltInRoles();
    void catalogueKeys();
    void creatingACredentialNeedsNoDelete();
    void notActionsRemoveButDoNotDeny();
    void groupsAreNamedWithTheirClaim();
    void assignmentsBelowOrBesideDoNotApply();
    void permissionsAnswers_data();
    void permissionsAnswers();
    void permissionsAnswerAtAnAncestor();
    void badPermissionsAnswer();
    void restoreTargets_data();
    void restoreTargets();
    void originalLocationStagesThroughItsStorageAccount();
    void sqlRestoreTargets_data();
    void sqlRestoreTargets();
    void whyCantI();
    void claimMapping();
    void badClaimMapping_data();
    void badClaimMapping();
    void sandboxPeople_data();
    void sandboxPeople();
    void denyAssignmentsWin_data();
    void denyAssignmentsWin();
    void denyAssignmentWireShape();
    void managementGroupAssignmentsListedAtScopeApply();
};

void TestEffectiveAccess::operationsAgainstBuiltInRoles_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QString>(
        "decidedBy"); // the pattern that grants the first need, or the first missing action
    const QString rs = QStringLiteral("Microsoft.RecoveryServices/Vaults/");
    const QString item = rs + QStringLiteral("backupFabrics/protectionContainers/protectedItems/");
    struct Row
    {
        const char *role;
        const char *op;
        bool allowed;
        QString decidedBy;
    };
    const QList<Row> rows = {
        { "Backup Reader", "read", true, rs + "read" },
        { "Backup Reader", "backup", false, item + "backup/action" },
        { "Backup Reader", "validate-restore", false, rs + "backupValidateOperation/action" },
        { "Backup Reader", "restore", false, item + "recoveryPoints/restore/action" },
        { "Backup Reader", "cancel-job", false, rs + "backupJobs/cancel/action" },
        { "Backup Reader", "change-policy", false, rs + "backupPolicies/write" },
        { "Backup Reader", "delete-backup-data", false, item + "delete" },
        { "Backup Reader", "manage-federated-credentials", false,
          "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read" },
        { "Backup Reader", "read-activity-log", false, "Microsoft.Insights/eventtypes/values/read" },
        { "Backup Reader", "read-access", true, "Microsoft.Authorization/*/read" },
        { "Backup Operator", "read", true, rs + "read" },
        { "Backup Operator", "backup", true, item + "backup/action" },
        { "Backup Operator", "validate-restore", true, rs + "backupValidateOperation/action" },
        { "Backup Operator", "restore", true, item + "recoveryPoints/restore/action" },
        { "Backup Operator", "cancel-job", true, rs + "backupJobs/*" },
        { "Backup Operator", "change-policy", false, rs + "backupPolicies/write" },
        { "Backup Operator", "delete-backup-data", false, item + "delete" },
        { "Backup Operator", "manage-federated-credentials", false,
          "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read" },
        { "Backup Operator", "read-activity-log", false, "Microsoft.Insights/eventtypes/values/read" },
        { "Backup Operator", "read-access", true, "Microsoft.Authorization/*/read" },
        { "Backup Contributor", "read", true, rs + "read" },
        { "Backup Contributor", "backup", true, rs + "backupFabrics/protectionContainers/*" },
        { "Backup Contributor", "validate-restore", true, rs + "backupValidateOperation/action" },
        { "Backup Contributor", "restore", true, rs + "backupFabrics/protectionContainers/*" },
        { "Backup Contributor", "cancel-job", true, rs + "backupJobs/*" },
        { "Backup Contributor", "change-policy", true, rs + "backupPolicies/*" },
        { "Backup Contributor", "delete-backup-data", true, rs + "backupFabrics/protectionContainers/*" },
        { "Backup Contributor", "manage-federated-credentials", false,
          "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read" },
        { "Backup Contributor", "read-activity-log", false, "Microsoft.Insights/eventtypes/values/read" },
        { "Backup Contributor", "read-access", true, "Microsoft.Authorization/*/read" },
        { "Reader", "read", true, "*/read" },
        { "Reader", "backup", false, item + "backup/action" },
        { "Reader", "restore", false, item + "recoveryPoints/restore/action" },
        { "Reader", "cancel-job", false, rs + "backupJobs/cancel/action" },
        { "Reader", "change-policy", false, rs + "backupPolicies/write" },
        { "Reader", "manage-federated-credentials", false,
          "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write" },
        { "Reader", "read-activity-log", true, "*/read" },
        { "Reader", "read-access", true, "*/read" },
        { "Managed Identity Contributor", "read", false, rs + "read" },
        { "Managed Identity Contributor", "restore", false, item + "recoveryPoints/restore/action" },
        { "Managed Identity Contributor", "manage-federated-credentials", true,
          "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read" },
        { "Managed Identity Contributor", "read-access", true, "Microsoft.Authorization/*/read" },
    };
    for (const Row &r : rows)
        QTest::addRow("%s / %s", r.role, r.op)
            << QString::fromLatin1(r.role) << QString::fromLatin1(r.op) << r.allowed << r.decidedBy;
}

void TestEffectiveAccess::operationsAgainstBuiltInRoles()
{
    QFETCH(QString, role);
    QFETCH(QString, operation);
    QFETCH(bool, allowed);
    QFETCH(QString, decidedBy);
    QVERIFY(!roleId(role).isEmpty());
    const EffectiveAccess access = accessWith({ assign(kMe, role, kSub) });
    const auto op = BackupOperation::find(operation);
    QVERIFY(op.ok());
    const OperationCheck c = access.check(op.value(), kVault);
    QCOMPARE(c.allowed(), allowed);
    if (allowed) {
        const auto &grant = c.requirements.first().explanation.grants.first();
        QCOMPARE(grant.pattern, decidedBy);
        QCOMPARE(grant.roleName, role);
        QCOMPARE(grant.assignmentScope, kSub);
        QVERIFY(c.missing().isEmpty());
    } else {
        QVERIFY(!c.missing().isEmpty());
        QCOMPARE(c.missing().first().action, decidedBy);
        const QString verdict = Text::operationVerdict(c, access.principal());
        QVERIFY2(verdict.contains(QStringLiteral("denied; missing ") + decidedBy), qPrintable(verdict));
    }
}

void TestEffectiveAccess::catalogueKeys()
{
    QCOMPARE(BackupOperation::keys(),
             QStringList({ "read", "backup", "validate-restore", "restore", "cancel-job", "change-policy",
                           "delete-backup-data", "manage-federated-credentials",
                           "create-federated-credential", "read-activity-log", "read-access" }));
    QVERIFY(BackupOperation::find(QStringLiteral(" Restore ")).ok());
    const auto unknown = BackupOperation::find(QStringLiteral("format-disk"));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, QString(Access::Codes::UnknownOperation));
    QVERIFY(Text::describe(unknown.error()).contains(QStringLiteral("no operation \"format-disk\"")));
    QVERIFY(Text::describe(unknown.error()).contains(QStringLiteral("cancel-job")));
    for (const BackupOperation &op : BackupOperation::all()) {
        QVERIFY(!Text::operationName(op.id).isEmpty());
        QVERIFY(!Text::operationDescription(op.id).isEmpty());
        QCOMPARE(BackupOperation::get(op.id).key, op.key);
    }
}

void TestEffectiveAccess::creatingACredentialNeedsNoDelete()
{
    // A custom role that may read and write credentials, not delete them: it may create one.
    RoleDefinition writer;
    writer.id = QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/fic-writer");
    writer.name = QStringLiteral("fic-writer");
    writer.roleName = QStringLiteral("Credential Writer");
    Permission p;
    p.actions = {
        QStringLiteral("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read"),
        QStringLiteral(
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write")
    };
    writer.permissions << p;
    RoleAssignment a = assign(kMe, QStringLiteral("Reader"), kSub);
    a.roleDefinitionId = writer.id;
    const EffectiveAccess access(PermissionEvaluator({ writer }, { a }),
                                 PrincipalContext::fromClaims({ { "oid", kMe } }));
    const auto create = BackupOperation::find(QStringLiteral("create-federated-credential"));
    QVERIFY(create.ok());
    QVERIFY(access.check(create.value(), kVault).allowed());
    const OperationCheck manage = access.check(BackupOperation::get(Id::ManageFederatedCredentials), kVault);
    QVERIFY(!manage.allowed());
    QCOMPARE(manage.missing().first().action,
             QStringLiteral(
                 "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete"));
    QVERIFY(!Text::operationName(Id::CreateFederatedCredential).isEmpty());
}

void TestEffectiveAccess::notActionsRemoveButDoNotDeny()
{
    RoleDefinition custom;
    custom.id = QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/custom-no-cancel");
    custom.roleName = QStringLiteral("Backup Everything But Cancel");
    custom.roleType = QStringLiteral("CustomRole");
    custom.permissions = { Permission { { "Microsoft.RecoveryServices/*" },
                                        { "Microsoft.RecoveryServices/Vaults/backupJobs/cancel/action" },
                                        {},
                                        {} } };
    QList<RoleDefinition> defs = RoleDefinition::builtInBackupRoles();
    defs << custom;
    RoleAssignment mine;
    mine.scope = kSub;
    mine.roleDefinitionId = custom.id;
    mine.principalId = kMe;
    const QString cancel = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupJobs/cancel/action");
    {
        const EffectiveAccess access(PermissionEvaluator(defs, { mine }),
                                     PrincipalContext::fromClaims({ { "oid", kMe } }));
        const OperationCheck c = access.check(BackupOperation::get(Id::CancelJob), kVault);
        QVERIFY(!c.allowed());
        const RequirementCheck r = c.missing().first();
        QCOMPARE(r.explanation.removals.size(), 1);
        QCOMPARE(r.explanation.removals.first().pattern, QStringLiteral("Microsoft.RecoveryServices/*"));
        QCOMPARE(r.explanation.removals.first().notActionPattern, cancel);
        QVERIFY(Text::requirementText(r, access.principal()).contains(QStringLiteral("notActions")));
        // Everything else under the provider is still granted by the same role.
        QVERIFY(access.check(BackupOperation::get(Id::ChangePolicy), kVault).allowed());
    }
    {
        // Another role (through a group) grants it: a NotAction is not a deny.
        const EffectiveAccess access(
            PermissionEvaluator(defs, { mine, assign(QStringLiteral("ops-group"), "Backup Operator", kRg) }),
            PrincipalContext::fromClaims({ { "oid", kMe }, { "groups", QJsonArray { "ops-group" } } }));
        const OperationCheck c = access.check(BackupOperation::get(Id::CancelJob), kVault);
        QVERIFY(c.allowed());
        QCOMPARE(c.requirements.first().explanation.grants.first().roleName,
                 QStringLiteral("Backup Operator"));
        QCOMPARE(c.requirements.first().explanation.removals.size(), 1);
    }
}

void TestEffectiveAccess::groupsAreNamedWithTheirClaim()
{
    const QJsonObject claims { { "oid", kMe }, { "groups", QJsonArray { "7d3e9f1a", "other" } } };
    const EffectiveAccess access = accessWith(
        { assign(QStringLiteral("7d3e9f1a"), "Backup Operator", kVault), assign(kMe, "Backup Reader", kSub) },
        claims);
    const OperationCheck restore = access.check(BackupOperation::get(Id::Restore), kVault);
    QVERIFY(restore.allowed());
    const auto &grant = restore.requirements.first().explanation.grants.first();
    QCOMPARE(grant.principalId, QStringLiteral("7d3e9f1a"));
    const QString text = Text::requirementText(restore.requirements.first(), access.principal());
    QVERIFY2(text.contains(QStringLiteral("Backup Operator at ") + kVault
                           + QStringLiteral(" (through group 7d3e9f1a, claim groups)")),
             qPrintable(text));
    const QList<AppliedAssignment> applied = access.assignmentsAt(kVault);
    QCOMPARE(applied.size(), 2);
    int viaGroup = 0;
    for (const AppliedAssignment &a : applied) {
        if (!a.direct) {
            ++viaGroup;
            QCOMPARE(a.via.claim, QStringLiteral("groups"));
            QCOMPARE(a.roleName, QStringLiteral("Backup Operator"));
            QCOMPARE(Text::assignmentRouteText(a), QStringLiteral("through group 7d3e9f1a (claim groups)"));
        }
    }
    QCOMPARE(viaGroup, 1);
}

void TestEffectiveAccess::assignmentsBelowOrBesideDoNotApply()
{
    const EffectiveAccess access
        = accessWith({ assign(kMe, "Backup Operator", kVault + QStringLiteral("2")),
                       assign(kMe, "Backup Contributor", kVault + QStringLiteral("/backupPolicies/p")),
                       assign(QStringLiteral("someone-else"), "Backup Contributor", kSub) });
    const OperationCheck c = access.check(BackupOperation::get(Id::Restore), kVault);
    QVERIFY(!c.allowed());
    QVERIFY(c.requirements.first().explanation.assignedRoles.isEmpty());
    QVERIFY(Text::requirementText(c.requirements.first(), access.principal())
                .contains(QStringLiteral("no role applies")));
    QVERIFY(access.assignmentsAt(kVault).isEmpty());
}

void TestEffectiveAccess::permissionsAnswers_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("pattern");
    using S = RequirementCheck::State;
    const QJsonObject empty = exampleBody(QStringLiteral("GetPermissions.json"));
    const QJsonObject resource = exampleBody(QStringLiteral("GetResourcePermissions.json"));
    QVERIFY(!empty.isEmpty() && !resource.isEmpty());
    QJsonArray operatorSets;
    for (const RoleDefinition &r : RoleDefinition::builtInBackupRoles()) {
        if (r.roleName == QLatin1String("Backup Operator"))
            operatorSets.append(r.permissions.first().toArm());
    }
    const QJsonObject asOperator { { "value", operatorSets } };
    QJsonObject withNot = asOperator;
    QJsonObject set = operatorSets.first().toObject();
    set.insert("notActions", QJsonArray { "Microsoft.RecoveryServices/Vaults/backupJobs/cancel/*" });
    withNot.insert("value", QJsonArray { set });
    QTest::newRow("resource-group example: nothing granted") << empty << "read" << int(S::Denied) << "";
    QTest::newRow("resource example (no data members): nothing granted")
        << resource << "restore" << int(S::Denied) << "";
    QTest::newRow("operator's sets: restore")
        << asOperator << "restore" << int(S::Allowed)
        << "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/"
           "protectedItems/recoveryPoints/restore/action";
    QTest::newRow("operator's sets: cancel")
        << asOperator << "cancel-job" << int(S::Allowed) << "Microsoft.RecoveryServices/Vaults/backupJobs/*";
    QTest::newRow("operator's sets: policy") << asOperator << "change-policy" << int(S::Denied) << "";
    QTest::newRow("notActions in the answer") << withNot << "cancel-job" << int(S::Denied)
                                              << "Microsoft.RecoveryServices/Vaults/backupJobs/cancel/*";
}

void TestEffectiveAccess::permissionsAnswers()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, operation);
    QFETCH(int, state);
    QFETCH(QString, pattern);
    const auto sets = Permission::listFromArm(body);
    QVERIFY2(sets.ok(), sets.ok() ? "" : qPrintable(sets.error().toString()));
    const EffectiveAccess access = EffectiveAccess::fromPermissions({ { kVault, sets.value() } });
    QVERIFY(access.fromPermissionsAnswer());
    const OperationCheck c = access.check(BackupOperation::find(operation).value(), kVault);
    QCOMPARE(int(c.state), state);
    if (state == int(RequirementCheck::State::Allowed)) {
        QCOMPARE(c.requirements.first().explanation.grants.first().pattern, pattern);
        QVERIFY(Text::requirementText(c.requirements.first(), access.principal())
                    .contains(QStringLiteral("effective permissions")));
    } else if (!pattern.isEmpty()) {
        QCOMPARE(c.missing().first().explanation.removals.first().notActionPattern, pattern);
    } else {
        QVERIFY(Text::requirementText(c.missing().first(), access.principal())
                    .contains(QStringLiteral("your effective permissions at")));
    }
}

void TestEffectiveAccess::permissionsAnswerAtAnAncestor()
{
    QList<Permission> reader;
    for (const RoleDefinition &r : RoleDefinition::builtInBackupRoles()) {
        if (r.roleName == QLatin1String("Backup Reader"))
            reader = r.permissions;
    }
    // The resource group's answer can grant at the vault below it, never refuse.
    const EffectiveAccess access = EffectiveAccess::fromPermissions({ { kRg.toUpper(), reader } });
    QCOMPARE(access.check(BackupOperation::get(Id::ReadEstate), kVault).state,
             RequirementCheck::State::Allowed);
    QCOMPARE(access.check(BackupOperation::get(Id::Restore), kVault).state, RequirementCheck::State::Unknown);
    QCOMPARE(access.check(BackupOperation::get(Id::Restore), kRg).state, RequirementCheck::State::Denied);
    QCOMPARE(
        access.check(BackupOperation::get(Id::ReadEstate), kSub + QStringLiteral("/resourceGroups/other"))
            .state,
        RequirementCheck::State::Unknown);
    QVERIFY(access.assignmentsAt(kVault).isEmpty());
    // What would grant it comes from the known roles, least privileged first.
    const OperationCheck denied = access.check(BackupOperation::get(Id::Restore), kRg);
    const QList<RoleSuggestion> why = access.whyNot(denied);
    QCOMPARE(why.first().roles, QStringList({ "Backup Operator", "Backup Contributor" }));
}

void TestEffectiveAccess::badPermissionsAnswer()
{
    QVERIFY(!Permission::listFromArm(QJsonObject { { "values", QJsonArray {} } }).ok());
    const auto bad = Permission::listFromArm(QJsonObject { { "value", QJsonArray { 1 } } });
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, QString(Access::Codes::InvalidPermissions));
    QVERIFY(!Permission::listFromArm(
                 QJsonObject { { "value", QJsonArray { QJsonObject { { "actions", "x" } } } } })
                 .ok());
}

void TestEffectiveAccess::restoreTargets_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<QStringList>("targetActions");
    QTest::newRow("alternate location (new VM)")
        << "TriggerRestore_ALR_IaasVMRestoreRequest.json"
        << QStringList { "target-resource-group",  "target-resource-group", "target-resource-group",
                         "target-virtual-network", "target-subnet",         "staging-storage-account" }
        << QStringList { "Microsoft.Compute/virtualMachines/write",
                         "Microsoft.Network/networkInterfaces/write",
                         "Microsoft.Compute/disks/write",
                         "Microsoft.Network/virtualNetworks/read",
                         "Microsoft.Network/virtualNetworks/subnets/join/action",
                         "Microsoft.Storage/storageAccounts/write" };
    // The example restores unmanaged disks: no target resource group, only the staging account.
    QTest::newRow("restore disks") << "TriggerRestore_RestoreDisks_IaasVMRestoreRequest.json"
                                   << QStringList { "staging-storage-account" }
                                   << QStringList { "Microsoft.Storage/storageAccounts/write" };
}

void TestEffectiveAccess::restoreTargets()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, roles);
    QFETCH(QStringList, targetActions);
    const QJsonObject properties
        = exampleParameters(fixture).value("parameters").toObject().value("properties").toObject();
    QVERIFY(!properties.isEmpty());
    const RestoreTarget target = RestoreTarget::fromRequestProperties(properties);
    const QList<ScopedAction> needs = target.requirements();
    QStringList gotRoles;
    QStringList gotActions;
    for (const ScopedAction &n : needs) {
        gotRoles << n.role;
        gotActions << n.action;
        QVERIFY(n.scope.startsWith(QStringLiteral("/subscriptions/")));
    }
    QCOMPARE(gotRoles, roles);
    QCOMPARE(gotActions, targetActions);
    // A Backup Contributor has the vault side but not the targets: denied, naming the target.
    const EffectiveAccess access = accessWith({ assign(kMe, "Backup Contributor", QStringLiteral("/")) });
    const OperationCheck c = access.check(BackupOperation::get(Id::Restore), kVault, target);
    QVERIFY(!c.allowed());
    QCOMPARE(c.requirements.size(), 4 + needs.size());
    for (int i = 0; i < 4; ++i)
        QVERIFY(c.requirements.at(i).state == RequirementCheck::State::Allowed);
    QCOMPARE(c.missing().first().targetRole, roles.first());
    // The target roles the restore needs are known: the sentence names the one that grants it.
    const QString why = Text::whyNotText(c, access.whyNot(c));
    const QString grantor = targetActions.first().startsWith(QLatin1String("Microsoft.Storage/"))
        ? QStringLiteral("Storage Account Contributor")
        : QStringLiteral("Virtual Machine Contributor");
    QVERIFY2(why.contains(QStringLiteral("it comes with ") + grantor), qPrintable(why));
    QVERIFY(!Text::targetRoleName(roles.first()).contains(QLatin1Char('-')));
    // Without a target, the vault side alone decides.
    QVERIFY(access.check(BackupOperation::get(Id::Restore), kVault).allowed());
}

void TestEffectiveAccess::originalLocationStagesThroughItsStorageAccount()
{
    // Replacing a VM in place stages its disks through the request's storage account: writing
    // it is needed as for restoring disks, besides writing the VM itself.
    const QString vm = QStringLiteral(
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-web/providers/"
        "Microsoft.Compute/virtualMachines/vm-web-02");
    const QString staging = QStringLiteral(
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-staging/providers/"
        "Microsoft.Storage/storageAccounts/ststaging");
    const RestoreTarget target = RestoreTarget::fromRequestProperties(
        QJsonObject { { QStringLiteral("objectType"), QStringLiteral("IaasVMRestoreRequest") },
                      { QStringLiteral("recoveryType"), QStringLiteral("OriginalLocation") },
                      { QStringLiteral("sourceResourceId"), vm },
                      { QStringLiteral("storageAccountId"), staging } });
    QStringList got;
    for (const ScopedAction &n : target.requirements())
        got << n.scope + QLatin1Char(' ') + n.action;
    QCOMPARE(got,
             QStringList({ vm + QStringLiteral(" Microsoft.Compute/virtualMachines/write"),
                           staging + QStringLiteral(" Microsoft.Storage/storageAccounts/write") }));
}

void TestEffectiveAccess::sqlRestoreTargets_data()
{
    // A workload restore's body as RestoreRequest::body() makes it: the target server is the VM the
    // body names, or the one its target container names.
    const QString container = kVault
        + QStringLiteral("/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg-db;vm-sql");
    const QString vm
        = kSub + QStringLiteral("/resourceGroups/rg-db/providers/Microsoft.Compute/virtualMachines/vm-sql");
    auto body = [&](const char *mode, bool withVm) {
        QJsonObject target { { "containerId", container }, { "overwriteOption", "FailOnConflict" } };
        if (QLatin1String(mode) == QLatin1String("FileRecovery"))
            target.insert("targetDirectoryForFileRestore", "F:\\restore");
        else
            target.insert("databaseName", "MSSQLSERVER/sales_copy");
        QJsonObject p { { "objectType", "AzureWorkloadSQLRestoreRequest" },
                        { "recoveryType", "AlternateLocation" },
                        { "recoveryMode", mode },
                        { "targetInfo", target } };
        if (withVm)
            p.insert("targetVirtualMachineId", vm);
        return p;
    };
    QTest::addColumn<QJsonObject>("properties");
    QTest::addColumn<QString>("scope");
    QTest::newRow("another database") << body("WorkloadRecovery", true) << vm;
    QTest::newRow("as files") << body("FileRecovery", true) << vm;
    QTest::newRow("the VM from the container") << body("WorkloadRecovery", false) << vm;
    QJsonObject odd = body("WorkloadRecovery", false);
    odd.insert("targetInfo", QJsonObject { { "containerId", "not/a;container" } });
    QTest::newRow("no server named") << odd << QString();
}

void TestEffectiveAccess::sqlRestoreTargets()
{
    QFETCH(QJsonObject, properties);
    QFETCH(QString, scope);
    const RestoreTarget target = RestoreTarget::fromRequestProperties(properties);
    QCOMPARE(target.kind, RestoreTarget::Kind::Workload);
    const QList<ScopedAction> needs = target.requirements();
    if (scope.isEmpty()) {
        QVERIFY(needs.isEmpty());
        return;
    }
    QCOMPARE(needs.size(), 1);
    QCOMPARE(needs.first().scope, scope);
    QCOMPARE(needs.first().action, QStringLiteral("Microsoft.Compute/virtualMachines/write"));
    QCOMPARE(needs.first().role, QStringLiteral("target-sql-server"));
    // May restore in the vault, may not write the server: denied, naming the server and the role.
    const EffectiveAccess access = accessWith({ assign(kMe, "Backup Contributor", QStringLiteral("/")) });
    const OperationCheck c = access.check(BackupOperation::get(Id::Restore), kVault, target);
    QVERIFY(!c.allowed());
    QCOMPARE(c.missing().size(), 1);
    QCOMPARE(c.missing().first().scope, scope);
    QCOMPARE(c.missing().first().targetRole, QStringLiteral("target-sql-server"));
    const QString why = Text::whyNotText(c, access.whyNot(c));
    QVERIFY2(why.contains(QStringLiteral("Virtual Machine Contributor")), qPrintable(why));
    QVERIFY(!Text::targetRoleName(needs.first().role).contains(QLatin1Char('-')));
    // With the right on the server's VM, it is allowed.
    const EffectiveAccess both = accessWith({ assign(kMe, "Backup Contributor", QStringLiteral("/")),
                                              assign(kMe, "Virtual Machine Contributor", scope) });
    QVERIFY(both.check(BackupOperation::get(Id::Restore), kVault, target).allowed());
}

void TestEffectiveAccess::whyCantI()
{
    const EffectiveAccess access = accessWith({ assign(kMe, "Backup Reader", kSub) });
    const OperationCheck c = access.check(BackupOperation::get(Id::Restore), kVault);
    const QList<RoleSuggestion> why = access.whyNot(c);
    QCOMPARE(why.size(), 1);
    QCOMPARE(why.first().action,
             QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/"
                            "protectedItems/recoveryPoints/restore/action"));
    QCOMPARE(why.first().roles, QStringList({ "Backup Operator", "Backup Contributor" }));
    QCOMPARE(why.first().scope, kVault);
    const QString text = Text::whyNotText(c, why);
    QVERIFY2(text.startsWith(QStringLiteral("Why can't I restore?")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("it comes with Backup Operator or Backup Contributor")));
    const OperationCheck read = access.check(BackupOperation::get(Id::ReadEstate), kVault);
    QVERIFY(access.whyNot(read).isEmpty());
    QCOMPARE(Text::whyNotText(read, {}), QStringLiteral("Nothing is missing for Read the estate."));
    // The activity log is checked on the subscription around the scope.
    const OperationCheck activity = access.check(BackupOperation::get(Id::ReadActivityLog), kVault);
    QCOMPARE(activity.requirements.first().scope, kSub);
    QCOMPARE(access.whyNot(activity).first().roles, QStringList { "Reader" });
}

void TestEffectiveAccess::claimMapping()
{
    // The sandbox's trusted-issuer shape.
    const QJsonObject spec { { "issuer", "https://sso.fabrikam.example/realms/backup" },
                             { "principalClaim", "sub" },
                             { "groupClaims", QJsonArray { "groups" } },
                             { "roleClaims",
                               QJsonArray { "realm_access.roles", "resource_access.restoredesk.roles" } },
                             { "roleMapping",
                               QJsonObject { { "backup-operators", "Backup Operator" },
                                             { "backup-readers", "Backup Reader" },
                                             { "auditors", "Security Auditor" } } },
                             { "scope", kSub } };
    const auto mapping = ClaimRoleMapping::fromJson(spec);
    QVERIFY2(mapping.ok(), mapping.ok() ? "" : qPrintable(mapping.error().toString()));
    const QJsonObject claims {
        { "sub", "kai-sub" },
        { "groups", QJsonArray { "everyone" } },
        { "realm_access",
          QJsonObject { { "roles", QJsonArray { "backup-operators", "offline_access", "auditors" } } } },
        { "resource_access",
          QJsonObject { { "restoredesk", QJsonObject { { "roles", QJsonArray { "backup-readers" } } } } } }
    };
    const QList<MappingMatch> matches = mapping->explain(claims);
    QCOMPARE(matches.size(), 3);
    QCOMPARE(
        Text::mappingMatchText(matches.at(0)),
        QStringLiteral("Your `realm_access.roles` claim contains `backup-operators` → Backup Operator at ")
            + kSub);
    QVERIFY(matches.at(0).roleKnown);
    QCOMPARE(matches.at(1).roleName, QStringLiteral("Security Auditor"));
    QVERIFY(!matches.at(1).roleKnown);
    QVERIFY(
        Text::mappingMatchText(matches.at(1)).endsWith(QStringLiteral("(no built-in role has that name)")));
    QCOMPARE(matches.at(2).claim, QStringLiteral("resource_access.restoredesk.roles"));
    QStringList unmapped;
    for (const Membership &m : mapping->unmapped(claims))
        unmapped << m.id;
    QCOMPARE(unmapped, QStringList({ "everyone", "offline_access" }));

    // The mapping feeds the same evaluation: restore allowed through the role value.
    const QList<RoleDefinition> defs = RoleDefinition::builtInBackupRoles();
    const QList<RoleAssignment> assignments = mapping->assignments(claims, defs);
    QCOMPARE(assignments.size(), 2); // the unknown role is left out
    ClaimPaths paths;
    paths.principal = QStringLiteral("sub");
    paths.roles = mapping->paths.roles;
    const EffectiveAccess access(PermissionEvaluator(defs, assignments),
                                 PrincipalContext::fromClaims(claims, paths));
    QCOMPARE(access.principal().objectId, QStringLiteral("kai-sub"));
    const OperationCheck restore = access.check(BackupOperation::get(Id::Restore), kVault);
    QVERIFY(restore.allowed());
    QVERIFY2(Text::requirementText(restore.requirements.first(), access.principal())
                 .contains(QStringLiteral("through role value backup-operators in claim realm_access.roles")),
             qPrintable(Text::requirementText(restore.requirements.first(), access.principal())));
    // Matching is exact and case-sensitive, like the API side.
    QJsonObject upper = claims;
    upper.insert("realm_access", QJsonObject { { "roles", QJsonArray { "Backup-Operators" } } });
    upper.remove("resource_access");
    QVERIFY(mapping->explain(upper).isEmpty());
    // A rules array works too.
    const auto rules = ClaimRoleMapping::fromJson(QJsonObject {
        { "rules",
          QJsonArray { QJsonObject {
              { "value", "admins" }, { "role", "Backup Contributor" }, { "scope", kRg } } } } });
    QVERIFY(rules.ok());
    QCOMPARE(rules->rules.first().scope, kRg);
}

void TestEffectiveAccess::badClaimMapping_data()
{
    QTest::addColumn<QJsonObject>("spec");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("roleMapping not an object")
        << QJsonObject { { "roleMapping", QJsonArray {} } } << "roleMapping";
    QTest::newRow("role not a string")
        << QJsonObject { { "roleMapping", QJsonObject { { "x", 1 } } } } << "roleMapping[\"x\"]";
    QTest::newRow("claims not a list") << QJsonObject { { "roleClaims", 3 } } << "roleClaims";
    QTest::newRow("rule without role")
        << QJsonObject { { "rules", QJsonArray { QJsonObject { { "value", "v" } } } } } << "rules[0]";
    QTest::newRow("principal not a string") << QJsonObject { { "principalClaim", true } } << "principalClaim";
}

void TestEffectiveAccess::badClaimMapping()
{
    QFETCH(QJsonObject, spec);
    QFETCH(QString, mentions);
    const auto m = ClaimRoleMapping::fromJson(spec);
    QVERIFY(!m.ok());
    QCOMPARE(m.error().code, QString(Access::Codes::InvalidRoleMapping));
    QVERIFY2(m.error().detail.contains(mentions), qPrintable(m.error().detail));
}

void TestEffectiveAccess::sandboxPeople_data()
{
    QTest::addColumn<QString>("person");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QString>("via"); // "" direct, or the group claim
    struct Row
    {
        const char *person, *target, *op;
        bool allowed;
        const char *via;
    };
    const QList<Row> rows = {
        { "rita", "prod-weu", "read", true, "" },
        { "rita", "prod-weu", "restore", false, "" },
        { "rita", "dev-eus", "read", true, "" },
        { "rita", "prod-weu", "read-access", true, "" },
        { "rita", "prod-weu", "read-activity-log", false, "" },
        { "oscar", "prod-weu", "restore", true, "" },
        { "oscar", "prod-weu", "cancel-job", true, "" },
        { "oscar", "prod-weu", "change-policy", false, "" },
        { "oscar", "prod-neu", "restore", false, "" },
        { "oscar", "prod-neu", "read", true, "" },
        { "oscar", "dev-eus", "read", false, "" },
        { "carla", "prod-weu", "change-policy", true, "" },
        { "carla", "prod-weu", "delete-backup-data", true, "" },
        { "carla", "prod-weu", "read-activity-log", true, "" },
        { "carla", "dev-eus", "read-activity-log", false, "" },
        { "carla", "prod-weu", "manage-federated-credentials", false, "" },
        { "carla", "identity", "manage-federated-credentials", true, "" },
        { "nora", "prod-weu", "read", false, "" },
        { "nora", "identity", "manage-federated-credentials", false, "" },
        { "greg", "dev-eus", "restore", true, "groups" },
        { "greg", "dev-eus", "change-policy", false, "" },
        { "greg", "dev-wus2", "read", false, "" },
        { "greg", "prod-weu", "read", false, "" },
        // The seed's deny assignments win over the roles.
        { "carla", "prod-neu", "restore", false, "" },
        { "carla", "prod-weu", "restore", true, "" },
        { "greg", "dev-eus", "cancel-job", false, "" },
        { "carla", "dev-eus", "cancel-job", true, "" },
    };
    for (const Row &r : rows)
        QTest::addRow("%s / %s / %s", r.person, r.target, r.op)
            << QString::fromLatin1(r.person) << QString::fromLatin1(r.target) << QString::fromLatin1(r.op)
            << r.allowed << QString::fromLatin1(r.via);
}

void TestEffectiveAccess::sandboxPeople()
{
    QFETCH(QString, person);
    QFETCH(QString, target);
    QFETCH(QString, operation);
    QFETCH(bool, allowed);
    QFETCH(QString, via);
    const auto tenant = Sandbox::Tenant::builtIn(QDateTime::currentDateTimeUtc());
    QVERIFY(tenant.ok());
    const QString &prod = kProd;
    const QString &dev = kDev;
    const QHash<QString, QString> scopes {
        { "prod-weu",
          prod + "/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu" },
        { "prod-neu",
          prod + "/resourceGroups/rg-backup-neu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-neu" },
        { "dev-eus",
          dev + "/resourceGroups/rg-backup-dev/providers/Microsoft.RecoveryServices/vaults/rsv-dev-eus" },
        { "dev-wus2",
          dev + "/resourceGroups/rg-backup-dev/providers/Microsoft.RecoveryServices/vaults/rsv-dev-wus2" },
        { "identity",
          prod
              + "/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
                "id-backup-automation" }
    };
    const Sandbox::SandboxUser *user = tenant->user(person);
    QVERIFY(user);
    // The claims the sandbox's tokens carry for this person.
    const QJsonObject claims { { "oid", user->oid },
                               { "groups", QJsonArray::fromStringList(user->groupIds) } };
    const EffectiveAccess access(PermissionEvaluator(RoleDefinition::builtInBackupRoles(),
                                                     tenant->roleAssignments, tenant->denyAssignments),
                                 PrincipalContext::fromClaims(claims));
    const OperationCheck c = access.check(BackupOperation::find(operation).value(), scopes.value(target));
    QCOMPARE(c.allowed(), allowed);
    if (allowed) {
        const auto &grant = c.requirements.first().explanation.grants.first();
        const Membership *m = access.principal().membership(grant.principalId);
        QCOMPARE(m ? m->claim : QString(), via);
    }
}

namespace {

DenyAssignment deny(const QString &name, const QString &scope, const QStringList &principals,
                    const QStringList &actions, const QStringList &notActions = {})
{
    DenyAssignment d;
    d.denyAssignmentName = name;
    d.name = name + QStringLiteral("-guid");
    d.id = scope + QStringLiteral("/providers/Microsoft.Authorization/denyAssignments/") + d.name;
    d.scope = scope;
    Permission p;
    p.actions = actions;
    p.notActions = notActions;
    d.permissions << p;
    d.principals = principals;
    return d;
}

} // namespace

void TestEffectiveAccess::denyAssignmentsWin_data()
{
    QTest::addColumn<DenyAssignment>("denyAssignment");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<bool>("blocked");

    const QString group = QStringLiteral("group-oid");
    QTest::newRow("at the subscription, for me")
        << deny("hold", kSub, { kMe }, { kRestoreAction }) << kVault << true;
    QTest::newRow("for everyone") << deny("hold", kRg, { DenyAssignment::everyone() },
                                          { "Microsoft.RecoveryServices/*" })
                                  << kVault << true;
    QTest::newRow("through my group") << deny("hold", kVault, { group }, { "*/action" }) << kVault << true;
    DenyAssignment excluded = deny("hold", kSub, { DenyAssignment::everyone() }, { "*" });
    excluded.excludePrincipals = { kMe };
    QTest::newRow("I am excluded") << excluded << kVault << false;
    QTest::newRow("someone else") << deny("hold", kSub, { "other" }, { "*" }) << kVault << false;
    QTest::newRow("notActions exempt the action")
        << deny("hold", kSub, { kMe }, { "Microsoft.RecoveryServices/*" },
                { "Microsoft.RecoveryServices/Vaults/backupFabrics/*" })
        << kVault << false;
    QTest::newRow("below the scope does not apply") << deny("hold", kVault, { kMe }, { "*" }) << kRg << false;
    DenyAssignment here = deny("hold", kSub, { kMe }, { "*" });
    here.doNotApplyToChildScopes = true;
    QTest::newRow("doNotApplyToChildScopes: not below") << here << kVault << false;
    QTest::newRow("doNotApplyToChildScopes: at its scope") << here << kSub << true;
    DenyAssignment mg = deny("hold", QStringLiteral("/providers/Microsoft.Management/managementGroups/mg"),
                             { kMe }, { "*" });
    mg.listedAtScope = kVault;
    QTest::newRow("a management group's, listed at the scope") << mg << kVault << true;
}

void TestEffectiveAccess::denyAssignmentsWin()
{
    QFETCH(DenyAssignment, denyAssignment);
    QFETCH(QString, scope);
    QFETCH(bool, blocked);
    // Owner at the subscription grants everything; the deny assignment must still win.
    const PermissionEvaluator evaluator(RoleDefinition::builtInBackupRoles(),
                                        { assign(kMe, QStringLiteral("Backup Contributor"), kSub) },
                                        { denyAssignment });
    const QJsonObject claims { { "oid", kMe }, { "groups", QJsonArray { "group-oid" } } };
    const EffectiveAccess access(evaluator, PrincipalContext::fromClaims(claims));
    const RequirementCheck r = access.checkAction(scope, kRestoreAction);
    QCOMPARE(r.state == RequirementCheck::State::Denied, blocked);
    QCOMPARE(r.explanation.blockedBy.has_value(), blocked);
    const PermissionEvaluator::Decision d
        = evaluator.check(PrincipalContext::fromClaims(claims).principalIds(), scope, kRestoreAction);
    QCOMPARE(d.allowed, !blocked);
    if (!blocked)
        return;
    QCOMPARE(r.explanation.blockedBy->denyAssignmentName, QStringLiteral("hold"));
    QCOMPARE(d.deniedBy, QStringLiteral("hold"));
    // The sentence names it, and no role is suggested against a deny.
    QVERIFY2(Text::requirementText(r, access.principal())
                 .contains(QStringLiteral("blocked by deny assignment hold")),
             qPrintable(Text::requirementText(r, access.principal())));
    OperationCheck c;
    c.operation = Id::Restore;
    c.state = RequirementCheck::State::Denied;
    c.requirements << r;
    QVERIFY(access.whyNot(c).isEmpty());
    QVERIFY(Text::whyNotText(c, access.whyNot(c)).contains(QStringLiteral("deny assignment hold")));
    QVERIFY(Text::operationVerdict(c, access.principal()).contains(QStringLiteral("deny assignment hold")));
}

void TestEffectiveAccess::denyAssignmentWireShape()
{
    // The shape of Deny Assignments - List For Scope (2022-04-01).
    const QJsonObject wire = QJsonDocument::fromJson(R"({
      "id": "/subscriptions/s/providers/Microsoft.Authorization/denyAssignments/da-1",
      "name": "da-1",
      "type": "Microsoft.Authorization/denyAssignments",
      "properties": {
        "denyAssignmentName": "Deny deletes",
        "description": "",
        "permissions": [ { "actions": ["*/delete"], "notActions": [], "dataActions": [], "notDataActions": [] } ],
        "scope": "/subscriptions/s",
        "doNotApplyToChildScopes": false,
        "principals": [ { "id": "00000000-0000-0000-0000-000000000000", "type": "SystemDefined" } ],
        "excludePrincipals": [ { "id": "me-oid", "type": "User" } ],
        "isSystemProtected": true
      }
    })")
                                 .object();
    const auto d = DenyAssignment::fromArm(wire);
    QVERIFY(d.ok());
    QCOMPARE(d->displayName(), QStringLiteral("Deny deletes"));
    QCOMPARE(d->principals, QStringList { DenyAssignment::everyone() });
    QCOMPARE(d->excludePrincipals, QStringList { kMe });
    QVERIFY(d->isSystemProtected);
    QVERIFY(!d->appliesTo({ kMe }, QStringLiteral("/subscriptions/s/resourceGroups/x")));
    QVERIFY(d->appliesTo({ QStringLiteral("someone") }, QStringLiteral("/subscriptions/s/resourceGroups/x")));
    QCOMPARE(d->blockingPattern(QStringLiteral("Microsoft.Compute/virtualMachines/delete")),
             QStringLiteral("*/delete"));
    const auto round = DenyAssignment::fromArm(d->toArm());
    QVERIFY(round.ok());
    QCOMPARE(round->principals, d->principals);
    // Without principals or permissions it is refused, not guessed.
    QJsonObject bad = wire;
    QJsonObject props = bad.value("properties").toObject();
    props.remove("principals");
    bad.insert("properties", props);
    QCOMPARE(DenyAssignment::fromArm(bad).error().code, QString(Access::Codes::InvalidDenyAssignment));
}

void TestEffectiveAccess::managementGroupAssignmentsListedAtScopeApply()
{
    const QString mg = QStringLiteral("/providers/Microsoft.Management/managementGroups/mg-root");
    RoleAssignment a = assign(kMe, QStringLiteral("Backup Operator"), mg);
    // Not known to be above: its id is no prefix of the vault's.
    QVERIFY(PermissionEvaluator(RoleDefinition::builtInBackupRoles(), { a })
                .assignmentsFor({ kMe }, kVault)
                .isEmpty());
    // Listed by atScope() at the vault: it is at or above it, and (outside every subscription) above
    // the vault's subscription too; not above another subscription.
    a.listedAtScope = kVault;
    const PermissionEvaluator listed(RoleDefinition::builtInBackupRoles(), { a });
    QCOMPARE(listed.assignmentsFor({ kMe }, kVault).size(), 1);
    QCOMPARE(listed.assignmentsFor({ kMe }, kSub).size(), 1);
    QVERIFY(listed.assignmentsFor({ kMe }, QStringLiteral("/subscriptions/other")).isEmpty());
    QVERIFY(listed.check({ kMe }, kVault, kRestoreAction).allowed);
    // One listed at the vault but sitting at the vault itself is not above its resource group.
    RoleAssignment atVault = assign(kMe, QStringLiteral("Backup Operator"), kVault);
    atVault.listedAtScope = kVault;
    QVERIFY(PermissionEvaluator(RoleDefinition::builtInBackupRoles(), { atVault })
                .assignmentsFor({ kMe }, kRg)
                .isEmpty());
}

QTEST_GUILESS_MAIN(TestEffectiveAccess)
#include "tst_effectiveaccess.moc"
