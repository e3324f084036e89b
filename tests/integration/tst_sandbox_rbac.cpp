// Each seeded user gets exactly the answers their role assignments allow.
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

const QString kBackup = QStringLiteral("?api-version=2026-02-01");

} // namespace

class TestSandboxRbac : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matrix_data();
    void matrix();
    void subscriptionsVisible_data();
    void subscriptionsVisible();
    void permissionsReflectRoles();

private:
    QString tokenFor(const QString &user);
    QString firstItem(const QString &vaultId);
    QByteArray restoreBody(const QString &vaultId, const QString &itemId, QString *pointName);
    SandboxHarness m_sandbox;
    QHash<QString, QString> m_tokens;
};

void TestSandboxRbac::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.jobDurationSeconds = 600; // jobs stay running so cancel can be tried
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
}

QString TestSandboxRbac::tokenFor(const QString &user)
{
    if (!m_tokens.contains(user))
        m_tokens.insert(user, m_sandbox.signIn(user).accessToken);
    return m_tokens.value(user);
}

QString TestSandboxRbac::firstItem(const QString &vaultId)
{
    const auto r = m_sandbox.get(vaultId + QStringLiteral("/backupProtectedItems") + kBackup
                                     + QStringLiteral("&$filter=backupManagementType eq 'AzureIaasVM'"),
                                 tokenFor(QStringLiteral("carla")));
    return r.json.value(QStringLiteral("value"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("id"))
        .toString();
}

QByteArray TestSandboxRbac::restoreBody(const QString &vaultId, const QString &itemId, QString *pointName)
{
    Q_UNUSED(vaultId)
    const auto points = m_sandbox.get(itemId + QStringLiteral("/recoveryPoints") + kBackup,
                                      tokenFor(QStringLiteral("carla")));
    const QJsonObject point = points.json.value(QStringLiteral("value")).toArray().first().toObject();
    *pointName = point.value(QStringLiteral("name")).toString();
    const auto item = m_sandbox.get(itemId + kBackup, tokenFor(QStringLiteral("carla")));
    const QString sub = itemId.section(QLatin1Char('/'), 2, 2);
    const QJsonObject props { { QStringLiteral("objectType"), QStringLiteral("IaasVMRestoreRequest") },
                              { QStringLiteral("recoveryType"), QStringLiteral("RestoreDisks") },
                              { QStringLiteral("recoveryPointId"), *pointName },
                              { QStringLiteral("sourceResourceId"),
                                item.json.value(QStringLiteral("properties"))
                                    .toObject()
                                    .value(QStringLiteral("sourceResourceId")) },
                              { QStringLiteral("storageAccountId"),
                                QStringLiteral("/subscriptions/%1/resourceGroups/rg-staging/providers/"
                                               "Microsoft.Storage/storageAccounts/ststaging")
                                    .arg(sub) },
                              { QStringLiteral("region"), QStringLiteral("westeurope") },
                              { QStringLiteral("createNewCloudService"), false },
                              { QStringLiteral("originalStorageAccountOption"), false },
                              { QStringLiteral("encryptionDetails"),
                                QJsonObject { { QStringLiteral("encryptionEnabled"), false } } } };
    return QJsonDocument(QJsonObject { { QStringLiteral("properties"), props } })
        .toJson(QJsonDocument::Compact);
}

void TestSandboxRbac::matrix_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QString>("missingAction"); // named in the 403

    const QStringList users { QStringLiteral("rita"), QStringLiteral("oscar"), QStringLiteral("carla"),
                              QStringLiteral("nora"), QStringLiteral("greg") };
    struct Row
    {
        const char *operation;
        int expected[5];
        const char *action;
    };
    const Row rows[] = {
        { "get-vault-prod", { 200, 200, 200, 403, 403 }, "Microsoft.RecoveryServices/Vaults/read" },
        { "get-vault-dev", { 200, 403, 200, 403, 200 }, "Microsoft.RecoveryServices/Vaults/read" },
        { "list-items-prod",
          { 200, 200, 200, 403, 403 },
          "Microsoft.RecoveryServices/Vaults/backupProtectedItems/read" },
        { "list-policies-dev",
          { 200, 403, 200, 403, 200 },
          "Microsoft.RecoveryServices/Vaults/backupPolicies/read" },
        { "restore-prod", { 403, 202, 202, 403, 403 }, "recoveryPoints/restore/action" },
        { "restore-dev", { 403, 403, 202, 403, 202 }, "recoveryPoints/restore/action" },
        { "list-jobs-prod",
          { 200, 200, 200, 403, 403 },
          "Microsoft.RecoveryServices/Vaults/backupJobs/read" },
        { "cancel-job-prod",
          { 403, 202, 202, 403, 403 },
          "Microsoft.RecoveryServices/Vaults/backupJobs/cancel/action" },
        { "validate-prod",
          { 403, 200, 200, 403, 403 },
          "Microsoft.RecoveryServices/Vaults/backupValidateOperation/action" },
        { "role-assignments-prod",
          { 200, 200, 200, 403, 403 },
          "Microsoft.Authorization/roleAssignments/read" },
        { "fic-list", { 403, 403, 200, 403, 403 }, "federatedIdentityCredentials/read" },
        { "activity-log-prod", { 403, 403, 200, 403, 403 }, "Microsoft.Insights/eventtypes/values/read" },
    };
    for (const Row &row : rows) {
        for (int u = 0; u < users.size(); ++u) {
            QTest::addRow("%s %s", qPrintable(users.at(u)), row.operation)
                << users.at(u) << QString::fromLatin1(row.operation) << row.expected[u]
                << QString::fromLatin1(row.action);
        }
    }
}

void TestSandboxRbac::matrix()
{
    QFETCH(QString, user);
    QFETCH(QString, operation);
    QFETCH(int, expected);
    QFETCH(QString, missingAction);
    const QString token = tokenFor(user);
    QVERIFY(!token.isEmpty());
    SandboxHarness::Reply r;
    if (operation == QLatin1String("get-vault-prod")) {
        r = m_sandbox.get(kProdWeu + QStringLiteral("?api-version=2026-08-01"), token);
    } else if (operation == QLatin1String("get-vault-dev")) {
        r = m_sandbox.get(kDevEus + QStringLiteral("?api-version=2026-08-01"), token);
    } else if (operation == QLatin1String("list-items-prod")) {
        r = m_sandbox.get(kProdWeu + QStringLiteral("/backupProtectedItems") + kBackup, token);
    } else if (operation == QLatin1String("list-policies-dev")) {
        r = m_sandbox.get(kDevEus + QStringLiteral("/backupPolicies") + kBackup, token);
    } else if (operation.startsWith(QLatin1String("restore-"))) {
        const QString vault = operation.endsWith(QLatin1String("prod")) ? kProdWeu : kDevEus;
        const QString item = firstItem(vault);
        QString point;
        const QByteArray body = restoreBody(vault, item, &point);
        r = m_sandbox.send(
            "POST", item + QStringLiteral("/recoveryPoints/") + point + QStringLiteral("/restore") + kBackup,
            token, body);
        if (expected == 202) {
            QVERIFY(r.header("Azure-AsyncOperation").contains("/operationsStatus/"));
            QVERIFY(r.header("Location").contains("/operationResults/"));
            QVERIFY(!r.header("Retry-After").isEmpty());
        }
    } else if (operation == QLatin1String("list-jobs-prod")) {
        r = m_sandbox.get(kProdWeu + QStringLiteral("/backupJobs") + kBackup, token);
    } else if (operation == QLatin1String("cancel-job-prod")) {
        // A fresh running restore, started by Carla, to cancel.
        const QString item = firstItem(kProdWeu);
        QString point;
        const QByteArray body = restoreBody(kProdWeu, item, &point);
        const auto started = m_sandbox.send(
            "POST", item + QStringLiteral("/recoveryPoints/") + point + QStringLiteral("/restore") + kBackup,
            tokenFor(QStringLiteral("carla")), body);
        QCOMPARE(started.status, 202);
        QString jobId;
        QTRY_VERIFY_WITH_TIMEOUT(
            (jobId = m_sandbox
                         .get(QString::fromLatin1(started.header("Azure-AsyncOperation")),
                              tokenFor(QStringLiteral("carla")))
                         .json.value(QStringLiteral("properties"))
                         .toObject()
                         .value(QStringLiteral("jobId"))
                         .toString(),
             !jobId.isEmpty()),
            10000);
        r = m_sandbox.send(
            "POST", kProdWeu + QStringLiteral("/backupJobs/") + jobId + QStringLiteral("/cancel") + kBackup,
            token);
    } else if (operation == QLatin1String("validate-prod")) {
        const QString item = firstItem(kProdWeu);
        QString point;
        const QJsonObject restore = QJsonDocument::fromJson(restoreBody(kProdWeu, item, &point))
                                        .object()
                                        .value(QStringLiteral("properties"))
                                        .toObject();
        const QJsonObject body { { QStringLiteral("properties"),
                                   QJsonObject { { QStringLiteral("objectType"),
                                                   QStringLiteral("ValidateIaasVMRestoreOperationRequest") },
                                                 { QStringLiteral("restoreRequest"), restore } } } };
        r = m_sandbox.send("POST", kProdWeu + QStringLiteral("/backupValidateOperation") + kBackup, token,
                           QJsonDocument(body).toJson());
        if (expected == 200)
            QCOMPARE(r.json.value(QStringLiteral("validateOperationResponse"))
                         .toObject()
                         .value(QStringLiteral("validationResults"))
                         .toArray()
                         .size(),
                     0);
    } else if (operation == QLatin1String("role-assignments-prod")) {
        r = m_sandbox.get(
            kProd
                + QStringLiteral("/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01"),
            token);
    } else if (operation == QLatin1String("fic-list")) {
        r = m_sandbox.get(
            kProd
                + QStringLiteral(
                    "/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
                    "id-backup-automation/federatedIdentityCredentials?api-version=2024-11-30"),
            token);
    } else if (operation == QLatin1String("activity-log-prod")) {
        r = m_sandbox.get(
            kProd
                + QStringLiteral(
                    "/providers/Microsoft.Insights/eventtypes/management/"
                    "values?api-version=2015-04-01&$filter=eventTimestamp ge '2020-01-01T00:00:00Z'"),
            token);
    } else {
        QFAIL("unknown operation");
    }
    QVERIFY2(
        r.status == expected,
        qPrintable(QStringLiteral("HTTP %1: %2").arg(r.status).arg(QString::fromUtf8(r.body.left(400)))));
    if (expected == 403) {
        const QJsonObject error = r.json.value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("AuthorizationFailed"));
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(missingAction),
                 qPrintable(error.value(QStringLiteral("message")).toString()));
    }
}

void TestSandboxRbac::subscriptionsVisible_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("count");
    QTest::newRow("rita") << QStringLiteral("rita") << 2;
    QTest::newRow("oscar") << QStringLiteral("oscar") << 1;
    QTest::newRow("carla") << QStringLiteral("carla") << 2;
    QTest::newRow("nora") << QStringLiteral("nora") << 0;
    QTest::newRow("greg (via group, vault scope)") << QStringLiteral("greg") << 1;
}

void TestSandboxRbac::subscriptionsVisible()
{
    QFETCH(QString, user);
    QFETCH(int, count);
    const auto r = m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), tokenFor(user));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("value")).toArray().size(), count);
}

void TestSandboxRbac::permissionsReflectRoles()
{
    const QString rg = kProd
        + QStringLiteral("/resourceGroups/rg-backup-weu/providers/Microsoft.Authorization/"
                         "permissions?api-version=2022-04-01");
    const auto oscar = m_sandbox.get(rg, tokenFor(QStringLiteral("oscar")));
    QCOMPARE(oscar.status, 200);
    QCOMPARE(oscar.json.value(QStringLiteral("value")).toArray().size(),
             2); // Operator (RG) + Reader (subscription)
    const auto nora = m_sandbox.get(rg, tokenFor(QStringLiteral("nora")));
    QCOMPARE(nora.status, 200);
    QCOMPARE(nora.json.value(QStringLiteral("value")).toArray().size(), 0);
}

QTEST_GUILESS_MAIN(TestSandboxRbac)
#include "tst_sandbox_rbac.moc"
