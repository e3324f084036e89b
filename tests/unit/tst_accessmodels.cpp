// The access views' models under QAbstractItemModelTester, filled from real inputs: a decoded
// Keycloak token (claim tree), operation checks against the built-in roles, assignments through a
// group, and credential checks over the spec's federated-credential example.
#include "access/effectiveaccess.h"
#include "access/federatedcredentialmatcher.h"
#include "access/tokeninspection.h"
#include "core/qtcompat.h"
#include "jose/randomtoken.h"
#include "models/assignmentmodel.h"
#include "models/claimtreemodel.h"
#include "models/credentialcheckmodel.h"
#include "models/operationcheckmodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Access;
using namespace RestoreDesk::Models;

namespace {

const QDateTime kNow = Compat::utcDateTime(QDate(2026, 11, 30), QTime(10, 0));

QByteArray part(const QJsonObject &o)
{
    return Jose::base64UrlEncode(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

TokenInspection keycloak()
{
    const QJsonObject claims {
        { "iss", "https://sso.fabrikam.example/realms/backup" },
        { "sub", "kai" },
        { "exp", kNow.toSecsSinceEpoch() + 720 },
        { "realm_access", QJsonObject { { "roles", QJsonArray { "backup-operators", "offline_access" } } } },
        { "resource_access",
          QJsonObject { { "restoredesk", QJsonObject { { "roles", QJsonArray { "drills" } } } } } },
        { "empty", QJsonObject {} },
        { "nothing", QJsonValue::Null },
    };
    InspectOptions o;
    o.clock = [] { return kNow; };
    return inspectToken(
               part(QJsonObject { { "alg", "RS256" }, { "kid", "k1" } }) + '.' + part(claims) + ".c2ln", o)
        .value();
}

QString roleId(const QString &name)
{
    for (const RoleDefinition &r : RoleDefinition::builtInBackupRoles()) {
        if (r.roleName == name)
            return r.id;
    }
    return {};
}

} // namespace

class TestAccessModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void claimTree();
    void claimTreeWording();
    void operationChecks();
    void assignments();
    void credentialChecks();
};

void TestAccessModels::claimTree()
{
    ClaimTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowCount(model.index(1, 0)), 0);
    model.setInspection(keycloak());
    const QModelIndex header = model.index(0, 0);
    const QModelIndex payload = model.index(1, 0);
    QCOMPARE(model.data(header).toString(), QStringLiteral("Header"));
    QCOMPARE(model.rowCount(header), 2);
    QCOMPARE(model.rowCount(payload), 7);
    const QModelIndex roles
        = model.indexOfPath(ClaimEntry::Section::Payload, QStringLiteral("realm_access.roles"));
    QVERIFY(roles.isValid());
    QCOMPARE(model.parent(roles),
             model.indexOfPath(ClaimEntry::Section::Payload, QStringLiteral("realm_access")));
    QCOMPARE(model.rowCount(roles), 2);
    QCOMPARE(model.data(model.index(0, ClaimTreeModel::ValueColumn, roles)).toString(),
             QStringLiteral("backup-operators"));
    QCOMPARE(model.data(model.index(0, ClaimTreeModel::NameColumn, roles)).toString(), QStringLiteral("[0]"));
    QCOMPARE(model.data(roles.siblingAtColumn(ClaimTreeModel::ValueColumn)).toString(),
             QStringLiteral("2 item(s)"));
    QCOMPARE(model.data(roles, ClaimTreeModel::JsonRole).toString(),
             QStringLiteral("[\"backup-operators\",\"offline_access\"]"));
    const QModelIndex exp = model.indexOfPath(ClaimEntry::Section::Payload, QStringLiteral("exp"));
    QCOMPARE(model.data(exp, ClaimTreeModel::SecondsFromNowRole).toLongLong(), 720);
    QCOMPARE(model.data(exp, ClaimTreeModel::KindRole).toInt(), int(ClaimEntry::Kind::Time));
    QVERIFY(model.data(exp.siblingAtColumn(ClaimTreeModel::ValueColumn))
                .toString()
                .contains(QStringLiteral("2026-11-30T10:12:00Z")));
    QCOMPARE(model
                 .data(model.indexOfPath(ClaimEntry::Section::Payload, QStringLiteral("nothing"))
                           .siblingAtColumn(ClaimTreeModel::ValueColumn))
                 .toString(),
             QStringLiteral("null"));
    QVERIFY(model.entry(header) == nullptr);
    QCOMPARE(model.entry(roles)->path, QStringLiteral("realm_access.roles"));
    model.clear();
    QCOMPARE(model.rowCount(payload), 0);
}

void TestAccessModels::claimTreeWording()
{
    ClaimTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setInspection(keycloak());
    model.setWording(ClaimTreeModel::Wording {
        [](TokenFlavour f, const ClaimEntry &e) {
            return f == TokenFlavour::Keycloak ? QStringLiteral("means ") + e.path : QString();
        },
        [](const ClaimEntry &e) { return QStringLiteral("in %1 s").arg(e.secondsFromNow); } });
    const QModelIndex roles = model.indexOfPath(
        ClaimEntry::Section::Payload, QStringLiteral("realm_access.roles"), ClaimTreeModel::MeaningColumn);
    QCOMPARE(model.data(roles).toString(), QStringLiteral("means realm_access.roles"));
    const QModelIndex exp
        = model.indexOfPath(ClaimEntry::Section::Payload, QStringLiteral("exp"), ClaimTreeModel::ValueColumn);
    QVERIFY(model.data(exp).toString().endsWith(QStringLiteral("— in 720 s")));
}

void TestAccessModels::operationChecks()
{
    RoleAssignment a;
    a.scope = QStringLiteral("/subscriptions/s");
    a.roleDefinitionId = roleId(QStringLiteral("Backup Operator"));
    a.principalId = QStringLiteral("me");
    const EffectiveAccess access(PermissionEvaluator(RoleDefinition::builtInBackupRoles(), { a }),
                                 PrincipalContext::fromClaims({ { "oid", "me" } }));
    OperationCheckModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setChecks(access.checkAll(QStringLiteral("/subscriptions/s/resourceGroups/rg")));
    QCOMPARE(model.rowCount(), int(BackupOperation::all().size()));
    const int restore = model.rowOf(BackupOperation::Id::Restore);
    const int policy = model.rowOf(BackupOperation::Id::ChangePolicy);
    QCOMPARE(model.data(model.index(restore, OperationCheckModel::StateColumn)).toString(),
             QStringLiteral("allowed"));
    QCOMPARE(model.data(model.index(restore, OperationCheckModel::DecidedByColumn)).toString(),
             QStringLiteral("Backup Operator @ /subscriptions/s"));
    QCOMPARE(model.data(model.index(restore, 0), OperationCheckModel::AllowedRole).toBool(), true);
    QCOMPARE(model.data(model.index(policy, 0), OperationCheckModel::MissingActionsRole).toStringList(),
             QStringList { "Microsoft.RecoveryServices/Vaults/backupPolicies/write" });
    QCOMPARE(model.data(model.index(policy, OperationCheckModel::DecidedByColumn)).toString(),
             QStringLiteral("Microsoft.RecoveryServices/Vaults/backupPolicies/write"));
    model.setWording(
        OperationCheckModel::Wording { [](BackupOperation::Id) { return QStringLiteral("op"); },
                                       [](RequirementCheck::State) { return QStringLiteral("st"); },
                                       [](const OperationCheck &c) { return c.key; } });
    QCOMPARE(model.data(model.index(0, OperationCheckModel::OperationColumn)).toString(),
             QStringLiteral("op"));
    QCOMPARE(model.data(model.index(policy, 0), Qt::ToolTipRole).toString(), QStringLiteral("change-policy"));
    QVERIFY(model.check(99) == nullptr);
}

void TestAccessModels::assignments()
{
    RoleAssignment direct;
    direct.scope = QStringLiteral("/subscriptions/s");
    direct.roleDefinitionId = roleId(QStringLiteral("Backup Reader"));
    direct.principalId = QStringLiteral("me");
    RoleAssignment viaGroup = direct;
    viaGroup.roleDefinitionId = roleId(QStringLiteral("Backup Operator"));
    viaGroup.principalId = QStringLiteral("g1");
    const EffectiveAccess access(
        PermissionEvaluator(RoleDefinition::builtInBackupRoles(), { direct, viaGroup }),
        PrincipalContext::fromClaims({ { "oid", "me" }, { "groups", QJsonArray { "g1" } } }));
    AssignmentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAssignments(access.assignmentsAt(QStringLiteral("/subscriptions/s/resourceGroups/rg")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.data(model.index(0, AssignmentModel::RoleColumn)).toString(),
             QStringLiteral("Backup Reader"));
    QCOMPARE(model.data(model.index(0, 0), AssignmentModel::DirectRole).toBool(), true);
    QCOMPARE(model.data(model.index(1, AssignmentModel::RouteColumn)).toString(),
             QStringLiteral("g1 (groups)"));
    QCOMPARE(model.data(model.index(1, 0), AssignmentModel::ClaimRole).toString(), QStringLiteral("groups"));
    model.setRouteWording(
        [](const AppliedAssignment &a) { return a.direct ? QStringLiteral("d") : QStringLiteral("g"); });
    QCOMPARE(model.data(model.index(1, AssignmentModel::RouteColumn)).toString(), QStringLiteral("g"));
}

void TestAccessModels::credentialChecks()
{
    QFile f(QStringLiteral(RD_TEST_DATA_DIR "/arm/FederatedIdentityCredentialList.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject body = QJsonDocument::fromJson(f.readAll())
                                 .object()
                                 .value("responses")
                                 .toObject()
                                 .value("200")
                                 .toObject()
                                 .value("body")
                                 .toObject();
    auto list = FederatedCredential::listFromJson(QJsonDocument(body).toJson());
    QVERIFY(list.ok());
    CredentialCheckModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCredentials(list.value());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0, CredentialCheckModel::VerdictColumn)).toString(), QString());
    QVERIFY(!model.data(model.index(0, 0), CredentialCheckModel::MatchesRole).isValid());
    const QJsonObject claims { { "iss", "https://oidc.prod-aks.azure.com/TenantGUID/IssuerGUID/" },
                               { "sub", "system:serviceaccount:ns:svcaccount" },
                               { "aud", "api://AzureADTokenExchange" },
                               { "exp", kNow.toSecsSinceEpoch() + 60 } };
    FicMatchOptions o;
    o.clock = [] { return kNow; };
    model.setVerdict(matchFederatedCredentials(list.value(), claims, o));
    QCOMPARE(model.data(model.index(0, CredentialCheckModel::VerdictColumn)).toString(),
             QStringLiteral("AADSTS700211"));
    QCOMPARE(model.data(model.index(0, 0), CredentialCheckModel::NearestRole).toBool(), true);
    QCOMPARE(model.data(model.index(0, 0), CredentialCheckModel::MatchesRole).toBool(), false);
    QCOMPARE(model.data(model.index(0, CredentialCheckModel::SubjectColumn)).toString(),
             QStringLiteral("system:serviceaccount:ns:svcaccount"));
    model.setVerdictWording([](const CredentialCheck &c) { return QStringLiteral("score %1").arg(c.score); });
    QCOMPARE(model.data(model.index(0, CredentialCheckModel::VerdictColumn)).toString(),
             QStringLiteral("score 7"));
    // A verdict for another list is not shown against this one.
    model.setVerdict(FicVerdict {});
    QCOMPARE(model.data(model.index(0, CredentialCheckModel::VerdictColumn)).toString(), QString());
}

QTEST_GUILESS_MAIN(TestAccessModels)
#include "tst_accessmodels.moc"
