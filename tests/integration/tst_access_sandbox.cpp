// The access pre-check against the sandbox's own enforcement, for every seeded person: role
// assignments, role definitions and permissions answers are fetched from the sandbox over real
// sockets, evaluated by EffectiveAccess, and each verdict is held against what the API answers
// when the operation is tried (403 or not). The pre-check and the server must never disagree.
// The same holds for AccessService, which fetches what it needs itself through the ARM transport
// (permissions per scope; at a subscription, the role assignments evaluated).
#include "access/accessservice.h"
#include "access/effectiveaccess.h"
#include "arm/armclient.h"
#include "jose/jwt.h"
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTest>
#include <QUuid>

using namespace RestoreDesk;
using namespace RestoreDesk::Access;
using namespace RestoreDesk::Test;
using Id = BackupOperation::Id;

namespace {

const QString kAuthz = QStringLiteral("?api-version=2022-04-01");
const QString kBackup = QStringLiteral("?api-version=2026-02-01");

QString vault(const QString &sub, const char *rg, const char *name)
{
    return sub
        + QStringLiteral("/resourceGroups/%1/providers/Microsoft.RecoveryServices/vaults/%2")
              .arg(QLatin1String(rg), QLatin1String(name));
}

} // namespace

class TestAccessSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void preCheckAgreesWithTheApi_data();
    void preCheckAgreesWithTheApi();
    void serviceAgreesWithTheApi_data();
    void serviceAgreesWithTheApi();
    void denyAssignmentsAreForeseen_data();
    void denyAssignmentsAreForeseen();

private:
    QString token(const QString &user);
    QString firstItem(const QString &vaultId);
    // Whether the API refuses the operation at `scope` for this token: every route it uses.
    bool apiRefuses(Id op, const QString &scope, const QString &token, QString *detail);
    std::optional<EffectiveAccess> fromAssignments(const QString &scope, const QString &token);
    EffectiveAccess fromPermissions(const QString &scope, const QString &token);
    QList<DenyAssignment> denyAssignments(const QString &scope, const QString &token);

    SandboxHarness m_sandbox;
    QNetworkAccessManager m_nam;
    QHash<QString, QString> m_tokens;
    QHash<QString, QString> m_items;
};

void TestAccessSandbox::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.jobDurationSeconds = 600;
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
}

QString TestAccessSandbox::token(const QString &user)
{
    if (!m_tokens.contains(user))
        m_tokens.insert(user, m_sandbox.signIn(user).accessToken);
    return m_tokens.value(user);
}

QString TestAccessSandbox::firstItem(const QString &vaultId)
{
    if (!m_items.contains(vaultId)) {
        const auto r = m_sandbox.get(vaultId + QStringLiteral("/backupProtectedItems") + kBackup,
                                     token(QStringLiteral("carla")));
        m_items.insert(vaultId, r.json.value("value").toArray().first().toObject().value("id").toString());
    }
    return m_items.value(vaultId);
}

bool TestAccessSandbox::apiRefuses(Id op, const QString &scope, const QString &bearer, QString *detail)
{
    QList<QPair<QByteArray, QString>> calls; // method, path
    QByteArray body;
    QString cleanup; // deleted afterwards, not counted
    const QString item
        = op == Id::ReadEstate || op == Id::BackupNow || op == Id::Restore ? firstItem(scope) : QString();
    const QString random = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString sub = subscriptionScopeOf(scope);
    switch (op) {
    case Id::ReadEstate:
        calls = { { "GET", scope + QStringLiteral("?api-version=2026-08-01") },
                  { "GET", scope + QStringLiteral("/backupProtectedItems") + kBackup },
                  { "GET", item + kBackup },
                  { "GET", item + QStringLiteral("/recoveryPoints") + kBackup },
                  { "GET", scope + QStringLiteral("/backupPolicies") + kBackup },
                  { "GET", scope + QStringLiteral("/backupJobs") + kBackup } };
        break;
    case Id::BackupNow:
        calls = { { "POST", item + QStringLiteral("/backup") + kBackup },
                  { "GET", item + QStringLiteral("/operationsStatus/") + random + kBackup },
                  { "GET", scope + QStringLiteral("/backupJobs") + kBackup } };
        body = "{\"properties\":{\"objectType\":\"IaasVMBackupRequest\"}}";
        break;
    case Id::ValidateRestore:
        calls = { { "POST", scope + QStringLiteral("/backupValidateOperation") + kBackup } };
        body = "{}";
        break;
    case Id::Restore:
        // An empty body: a caller with the right gets 400, one without gets 403 first.
        calls
            = { { "POST",
                  item + QStringLiteral("/recoveryPoints/") + random + QStringLiteral("/restore") + kBackup },
                { "GET", item + QStringLiteral("/recoveryPoints") + kBackup },
                { "GET", item + QStringLiteral("/operationsStatus/") + random + kBackup },
                { "GET", scope + QStringLiteral("/backupJobs") + kBackup } };
        body = "{}";
        break;
    case Id::CancelJob:
        calls = { { "POST",
                    scope + QStringLiteral("/backupJobs/") + random + QStringLiteral("/cancel") + kBackup },
                  { "GET",
                    scope + QStringLiteral("/backupJobs/") + random + QStringLiteral("/operationResults/")
                        + random + kBackup } };
        break;
    case Id::ManageFederatedCredentials: {
        const QString fic = scope + QStringLiteral("/federatedIdentityCredentials/probe-") + random.left(8)
            + QStringLiteral("?api-version=2026-05-31");
        calls = { { "GET", scope + QStringLiteral("/federatedIdentityCredentials?api-version=2026-05-31") },
                  { "PUT", fic },
                  { "DELETE", fic } };
        body = "{\"properties\":{\"issuer\":\"https://"
               "token.actions.githubusercontent.com\",\"subject\":\"repo:o/r:"
               "pull_request\",\"audiences\":[\"api://AzureADTokenExchange\"]}}";
        break;
    }
    case Id::CreateFederatedCredential: {
        const QString fic = scope + QStringLiteral("/federatedIdentityCredentials/probe-") + random.left(8)
            + QStringLiteral("?api-version=2026-05-31");
        calls = { { "GET", scope + QStringLiteral("/federatedIdentityCredentials?api-version=2026-05-31") },
                  { "PUT", fic } };
        body = "{\"properties\":{\"issuer\":\"https://"
               "token.actions.githubusercontent.com\",\"subject\":\"repo:o/r:"
               "environment:probe-"
            + random.left(8).toLatin1() + "\",\"audiences\":[\"api://AzureADTokenExchange\"]}}";
        cleanup = fic;
        break;
    }
    case Id::ReadActivityLog:
        calls = { { "GET",
                    sub
                        + QStringLiteral(
                            "/providers/Microsoft.Insights/eventtypes/management/values?api-version="
                            "2015-04-01&$filter=eventTimestamp ge '2020-01-01T00:00:00Z'") } };
        break;
    case Id::ReadAccess:
        // Role definitions are listed at the tenant root (the sandbox has no vault-scope route);
        // a subscription-scope listing would ask for the right one level above the examined scope.
        calls = { { "GET",
                    scope + QStringLiteral("/providers/Microsoft.Authorization/roleAssignments") + kAuthz },
                  { "GET", QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions") + kAuthz } };
        break;
    case Id::ChangePolicy:
    case Id::DeleteBackupData:
        return false; // no such route in the sandbox
    }
    bool refused = false;
    for (const auto &[method, path] : std::as_const(calls)) {
        const auto r = m_sandbox.send(method, path, bearer,
                                      method == "GET" || method == "DELETE" ? QByteArray() : body);
        *detail += QStringLiteral("%1 %2 -> %3\n").arg(QString::fromLatin1(method), path).arg(r.status);
        refused = refused || r.status == 403;
    }
    if (!cleanup.isEmpty())
        m_sandbox.send("DELETE", cleanup, token(QStringLiteral("carla")), {});
    return refused;
}

std::optional<EffectiveAccess> TestAccessSandbox::fromAssignments(const QString &scope, const QString &bearer)
{
    // What the access view fetches: the assignments at the scope (and above) and the roles.
    QString at = scope;
    if (scope.contains(QLatin1String("Microsoft.ManagedIdentity")))
        at = scope.section(QLatin1Char('/'), 0, 4); // the resource group: no route at the identity
    const auto assignments = m_sandbox.get(
        at + QStringLiteral("/providers/Microsoft.Authorization/roleAssignments") + kAuthz, bearer);
    if (assignments.status == 403)
        return std::nullopt;
    const auto definitions = m_sandbox.get(
        QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions") + kAuthz, bearer);
    QList<RoleAssignment> list;
    for (const QJsonValue &v : assignments.json.value("value").toArray())
        list << RoleAssignment::fromArm(v.toObject()).value();
    QList<RoleDefinition> roles;
    for (const QJsonValue &v : definitions.json.value("value").toArray())
        roles << RoleDefinition::fromArm(v.toObject()).value();
    const auto jwt = Jose::Jwt::parse(bearer.toUtf8());
    return EffectiveAccess(PermissionEvaluator(roles, list, denyAssignments(at, bearer)),
                           PrincipalContext::fromClaims(jwt->claims));
}

QList<DenyAssignment> TestAccessSandbox::denyAssignments(const QString &scope, const QString &bearer)
{
    const auto r = m_sandbox.get(scope + QStringLiteral("/providers/Microsoft.Authorization/denyAssignments")
                                     + kAuthz + QStringLiteral("&$filter=atScope()"),
                                 bearer);
    QList<DenyAssignment> out;
    for (const QJsonValue &v : r.json.value("value").toArray())
        out << DenyAssignment::fromArm(v.toObject()).value();
    return out;
}

EffectiveAccess TestAccessSandbox::fromPermissions(const QString &scope, const QString &bearer)
{
    const auto r = m_sandbox.get(
        scope + QStringLiteral("/providers/Microsoft.Authorization/permissions") + kAuthz, bearer);
    const auto sets = Permission::listFromArm(r.json);
    // The permissions answer does not show deny assignments: they are read beside it.
    EffectiveAccess::Answers answers;
    answers.permissions.insert(scope, sets ? sets.value() : QList<Permission>());
    const auto jwt = Jose::Jwt::parse(bearer.toUtf8());
    return EffectiveAccess::fromAnswers(
        answers,
        PermissionEvaluator(RoleDefinition::builtInBackupRoles(), {}, denyAssignments(scope, bearer)),
        PrincipalContext::fromClaims(jwt->claims));
}

void TestAccessSandbox::preCheckAgreesWithTheApi_data()
{
    QTest::addColumn<QString>("person");
    QTest::addColumn<QString>("scope");
    const QHash<QString, QString> scopes { { "prod-weu", vault(kProd, "rg-backup-weu", "rsv-prod-weu") },
                                           { "prod-neu", vault(kProd, "rg-backup-neu", "rsv-prod-neu") },
                                           { "dev-eus", vault(kDev, "rg-backup-dev", "rsv-dev-eus") },
                                           { "dev-wus2", vault(kDev, "rg-backup-dev", "rsv-dev-wus2") },
                                           { "identity", kIdentity } };
    for (const char *person : { "rita", "oscar", "carla", "nora", "greg" }) {
        for (const char *where : { "prod-weu", "prod-neu", "dev-eus", "dev-wus2", "identity" })
            QTest::addRow("%s at %s", person, where)
                << QString::fromLatin1(person) << scopes.value(QLatin1String(where));
    }
}

void TestAccessSandbox::preCheckAgreesWithTheApi()
{
    QFETCH(QString, person);
    QFETCH(QString, scope);
    const QString bearer = token(person);
    QVERIFY(!bearer.isEmpty());
    const bool identity = scope == kIdentity;
    const auto byAssignments = fromAssignments(scope, bearer);
    const EffectiveAccess byPermissions = fromPermissions(scope, bearer);
    QList<Id> ops;
    if (identity)
        ops = { Id::ManageFederatedCredentials, Id::CreateFederatedCredential };
    else
        ops = { Id::ReadEstate, Id::BackupNow,       Id::ValidateRestore, Id::Restore,
                Id::CancelJob,  Id::ReadActivityLog, Id::ReadAccess,      Id::ManageFederatedCredentials };
    int compared = 0;
    for (const Id op : ops) {
        // Credential work is checked on the identity; at a vault it would concern nothing.
        if (op == Id::ManageFederatedCredentials && !identity)
            continue;
        QString detail;
        const bool refused = apiRefuses(op, scope, bearer, &detail);
        const BackupOperation &operation = BackupOperation::get(op);
        if (byAssignments) {
            const OperationCheck c = byAssignments->check(operation, scope);
            QVERIFY2(c.allowed() == !refused,
                     qPrintable(QStringLiteral("%1 %2 by assignments: pre-check %3, API %4\n%5")
                                    .arg(person, operation.key, c.allowed() ? "allowed" : "denied",
                                         refused ? "refused" : "accepted", detail)));
            ++compared;
        }
        const OperationCheck p = byPermissions.check(operation, scope);
        if (p.state == RequirementCheck::State::Unknown) {
            // Only the subscription-level activity log is out of a vault's permissions answer.
            QCOMPARE(op, Id::ReadActivityLog);
            continue;
        }
        QVERIFY2(p.allowed() == !refused,
                 qPrintable(QStringLiteral("%1 %2 by permissions: pre-check %3, API %4\n%5")
                                .arg(person, operation.key, p.allowed() ? "allowed" : "denied",
                                     refused ? "refused" : "accepted", detail)));
        ++compared;
    }
    QVERIFY(compared > 0);
    // Those who cannot read assignments are exactly those the API refuses them to.
    QCOMPARE(!byAssignments.has_value(),
             m_sandbox
                     .get((identity ? scope.section(QLatin1Char('/'), 0, 4) : scope)
                              + QStringLiteral("/providers/Microsoft.Authorization/roleAssignments") + kAuthz,
                          bearer)
                     .status
                 == 403);
}

void TestAccessSandbox::serviceAgreesWithTheApi_data()
{
    QTest::addColumn<QString>("person");
    QTest::addColumn<QString>("scope");
    const QHash<QString, QString> scopes { { "prod-weu", vault(kProd, "rg-backup-weu", "rsv-prod-weu") },
                                           { "dev-eus", vault(kDev, "rg-backup-dev", "rsv-dev-eus") },
                                           { "prod-neu", vault(kProd, "rg-backup-neu", "rsv-prod-neu") },
                                           { "identity", kIdentity },
                                           { "prod subscription", kProd },
                                           { "dev subscription", kDev } };
    for (const char *person : { "rita", "oscar", "carla", "nora", "greg" }) {
        for (const char *where :
             { "prod-weu", "prod-neu", "dev-eus", "identity", "prod subscription", "dev subscription" })
            QTest::addRow("%s at %s", person, where)
                << QString::fromLatin1(person) << scopes.value(QLatin1String(where));
    }
}

void TestAccessSandbox::serviceAgreesWithTheApi()
{
    QFETCH(QString, person);
    QFETCH(QString, scope);
    const QString bearer = token(person);
    QVERIFY(!bearer.isEmpty());
    Arm::StaticTokenProvider tokens(bearer.toUtf8());
    Net::Transport transport;
    transport.nam = &m_nam;
    Arm::ArmClient arm(transport, &tokens, QUrl(m_sandbox.api()));
    AccessService service(&arm);
    service.setCaller(Caller::fromClaims(Jose::Jwt::parse(bearer.toUtf8())->claims));

    const bool identity = scope == kIdentity;
    const bool subscription = !identity && !scope.contains(QLatin1String("/providers/"));
    QList<Id> ops;
    if (identity)
        ops = { Id::ManageFederatedCredentials, Id::CreateFederatedCredential };
    else if (subscription)
        ops = { Id::ReadActivityLog, Id::ReadAccess };
    else
        ops = { Id::ReadEstate, Id::BackupNow,       Id::ValidateRestore, Id::Restore,
                Id::CancelJob,  Id::ReadActivityLog, Id::ReadAccess };
    const bool assignmentsReadable = m_sandbox
                                         .get(subscriptionScopeOf(scope)
                                                  + QStringLiteral("/providers/Microsoft.Authorization/"
                                                                   "roleAssignments")
                                                  + kAuthz,
                                              bearer)
                                         .status
        == 200;
    QObject owner;
    for (const Id op : ops) {
        const BackupOperation &operation = BackupOperation::get(op);
        std::optional<Result<AccessCheck>> verdict;
        service.check(operation, scope, {}, &owner, [&](Result<AccessCheck> r) { verdict = r; });
        QTRY_VERIFY_WITH_TIMEOUT(verdict.has_value(), 15000);
        QVERIFY2(verdict->ok(), qPrintable(verdict->ok() ? QString() : verdict->error().toString()));
        const AccessCheck &c = verdict->value();
        QString detail;
        const bool refused = apiRefuses(op, scope, bearer, &detail);
        if (c.cannotTell()) {
            // Only where a subscription's needs meet role assignments the caller may not read.
            for (const RequirementCheck &r : c.check.requirements) {
                if (r.state != RequirementCheck::State::Unknown)
                    continue;
                QCOMPARE(r.scope, subscriptionScopeOf(scope));
                QCOMPARE(r.unknown, RequirementCheck::Unknown::Refused);
                QCOMPARE(r.refusal->httpStatus, 403);
            }
            QVERIFY(!assignmentsReadable);
            QVERIFY2(refused, qPrintable(detail)); // and indeed the API says no
            continue;
        }
        QVERIFY2(c.allowed() == !refused,
                 qPrintable(QStringLiteral("%1 %2 by the service: %3, API %4\n%5")
                                .arg(person, operation.key, c.allowed() ? "allowed" : "denied",
                                     refused ? "refused" : "accepted", detail)));
        bool blocked = false;
        for (const RequirementCheck &m : c.check.missing())
            blocked = blocked || m.explanation.blockedBy.has_value();
        if (c.denied())
            QVERIFY(!c.suggestions.isEmpty() || blocked);
    }
}

void TestAccessSandbox::denyAssignmentsAreForeseen_data()
{
    QTest::addColumn<QString>("person");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<int>("operation");
    QTest::addColumn<QString>("denyAssignment");
    QTest::addColumn<bool>("granted"); // the roles grant it (seen where assignments can be read)
    QTest::newRow("carla restores from the vault on legal hold")
        << "carla" << vault(kProd, "rg-backup-neu", "rsv-prod-neu") << int(Id::Restore)
        << "Legal hold: no restores from rsv-prod-neu" << true;
    QTest::newRow("greg cancels a job through his group")
        << "greg" << vault(kDev, "rg-backup-dev", "rsv-dev-eus") << int(Id::CancelJob)
        << "On-call may not cancel dev jobs" << true;
    // Only at the subscription itself (doNotApplyToChildScopes): the vaults below are not affected.
    QTest::newRow("rita lists who has access in dev")
        << "rita" << kDev << int(Id::ReadAccess) << "Readers do not list dev access" << false;
}

void TestAccessSandbox::denyAssignmentsAreForeseen()
{
    // The roles grant these; the seed's deny assignments block them, and the service says so by name.
    QFETCH(QString, person);
    QFETCH(QString, scope);
    QFETCH(int, operation);
    QFETCH(QString, denyAssignment);
    QFETCH(bool, granted);
    const QString bearer = token(person);
    Arm::StaticTokenProvider tokens(bearer.toUtf8());
    Net::Transport transport;
    transport.nam = &m_nam;
    Arm::ArmClient arm(transport, &tokens, QUrl(m_sandbox.api()));
    AccessService service(&arm);
    service.setCaller(Caller::fromClaims(Jose::Jwt::parse(bearer.toUtf8())->claims));
    QObject owner;
    std::optional<Result<AccessCheck>> verdict;
    service.check(BackupOperation::get(Id(operation)), scope, {}, &owner,
                  [&](Result<AccessCheck> r) { verdict = r; });
    QTRY_VERIFY_WITH_TIMEOUT(verdict.has_value(), 15000);
    QVERIFY(verdict->ok());
    QVERIFY(verdict->value().denied());
    QStringList names;
    for (const RequirementCheck &m : verdict->value().check.missing()) {
        QVERIFY2(m.explanation.blockedBy.has_value(), qPrintable(m.action));
        names << m.explanation.blockedBy->denyAssignmentName;
        // Every grant is there: only the deny stands in the way.
        if (granted)
            QVERIFY2(!m.explanation.grants.isEmpty(), qPrintable(m.action));
    }
    QCOMPARE(names.first(), denyAssignment);
    QString detail;
    QVERIFY(apiRefuses(Id(operation), scope, bearer, &detail));
}

QTEST_GUILESS_MAIN(TestAccessSandbox)
#include "tst_access_sandbox.moc"
