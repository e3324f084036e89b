// Contract: for each public Azure REST API example in tests/data/arm/, the sandbox's answer to
// the same operation has the same JSON shape — every member the example has, with the same JSON
// type, at every path; no member that no example of that resource type has (except the few
// listed below, which the real API documents but the copied examples happen to omit); list
// elements matched by shape (polymorphic payloads by their discriminator); status codes and
// long-running-operation headers as in the example.
#include "sandboxharness.h"
#include "sandboxids.h"
#include "testprocesses.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

const QString kB = QStringLiteral("api-version=2026-02-01");

// Members whose keys are data, not schema (tags, property bags, claims, per-tier maps).
const QSet<QString> kMapMembers
    = { QStringLiteral("tags"), QStringLiteral("propertyBag"), QStringLiteral("claims"),
        QStringLiteral("recoveryPointMoveReadinessInfo"), QStringLiteral("extendedInfo.propertyBag") };
// Members the real API returns that the copied examples do not show.
const QSet<QString> kDocumentedExtras
    = { QStringLiteral("errorDetails"), QStringLiteral("progressPercentage"), QStringLiteral("endTime"),
        QStringLiteral("scheduleRunDays") };

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    default:
        return QStringLiteral("undefined");
    }
}

// Every member name seen at each path in any example, per resource `type` ("" for untyped).
using Schema = QHash<QString, QSet<QString>>;

void collect(const QJsonValue &v, const QString &path, Schema &schema)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            schema[path].insert(it.key());
            if (!kMapMembers.contains(it.key()))
                collect(it.value(), path + QLatin1Char('.') + it.key(), schema);
        }
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            collect(e, path + QStringLiteral("[]"), schema);
    }
}

// Polymorphic payloads are compared subtype with subtype: the discriminator values an element
// carries (at any depth up to three) form its signature.
const QStringList kDiscriminators
    = { QStringLiteral("objectType"),          QStringLiteral("schedulePolicyType"),
        QStringLiteral("policyType"),          QStringLiteral("jobType"),
        QStringLiteral("protectedItemType"),   QStringLiteral("backupManagementType"),
        QStringLiteral("retentionPolicyType"), QStringLiteral("workloadType") };

void signatureOf(const QJsonValue &v, int depth, QStringList *out)
{
    if (!v.isObject() || depth > 3)
        return;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (kDiscriminators.contains(it.key()) && it.value().isString()) {
            // Classic and ARM VMs share one item shape (Microsoft.ClassicCompute is retired).
            QString value = it.value().toString();
            value.replace(QStringLiteral("ClassicCompute"), QStringLiteral("Compute"));
            out->append(it.key() + QLatin1Char('=') + value);
        } else if (it.value().isObject() && it.key() != QLatin1String("subProtectionPolicy"))
            signatureOf(it.value(), depth + 1, out);
    }
}

QString signature(const QJsonValue &v)
{
    QStringList parts;
    signatureOf(v, 0, &parts);
    parts.sort();
    return parts.join(QLatin1Char(','));
}

// Members that only some example elements of one subtype carry are optional (set to null).
QJsonArray withOptionalMembers(const QJsonArray &examples)
{
    QJsonArray out;
    for (const QJsonValue &e : examples) {
        QJsonObject element = e.toObject();
        for (const QString &level : { QString(), QStringLiteral("properties") }) {
            QJsonObject target = level.isEmpty() ? element : element.value(level).toObject();
            const QStringList keys = target.keys();
            for (const QString &key : keys) {
                bool everywhere = true;
                for (const QJsonValue &other : examples) {
                    if (signature(other) != signature(e))
                        continue;
                    const QJsonObject o
                        = level.isEmpty() ? other.toObject() : other.toObject().value(level).toObject();
                    everywhere = everywhere && o.contains(key);
                }
                if (!everywhere)
                    target.insert(key, QJsonValue());
            }
            if (level.isEmpty())
                element = target;
            else if (element.contains(level))
                element.insert(level, target);
        }
        out.append(element);
    }
    return out;
}

bool conforms(const QJsonValue &actual, const QJsonValue &example, const QString &path, const Schema &schema,
              QString *why)
{
    if (example.isNull() || actual.isNull())
        return true; // "not set" either side
    if (typeName(actual) != typeName(example)) {
        *why = QStringLiteral("%1: %2 where the example has %3")
                   .arg(path, typeName(actual), typeName(example));
        return false;
    }
    if (actual.isObject()) {
        const QJsonObject a = actual.toObject();
        const QJsonObject e = example.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            if (it.value().isNull())
                continue;
            if (!a.contains(it.key())) {
                *why = QStringLiteral("%1: member '%2' is missing").arg(path, it.key());
                return false;
            }
            if (kMapMembers.contains(it.key())) {
                if (!a.value(it.key()).isObject()) {
                    *why = QStringLiteral("%1.%2: not an object").arg(path, it.key());
                    return false;
                }
                continue;
            }
            if (!conforms(a.value(it.key()), it.value(), path + QLatin1Char('.') + it.key(), schema, why))
                return false;
        }
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!e.contains(it.key()) && !schema.value(path).contains(it.key())
                && !kDocumentedExtras.contains(it.key())) {
                *why = QStringLiteral("%1: member '%2' appears in no example").arg(path, it.key());
                return false;
            }
        }
        return true;
    }
    if (actual.isArray()) {
        const QJsonArray a = actual.toArray();
        const QJsonArray e = example.toArray();
        if (a.isEmpty() || e.isEmpty())
            return true;
        for (int i = 0; i < a.size(); ++i) {
            bool any = false;
            bool comparable = false;
            QString last;
            for (const QJsonValue &candidate : e) {
                if (signature(candidate) != signature(a.at(i)))
                    continue;
                comparable = true;
                QString w;
                if (conforms(a.at(i), candidate, path + QStringLiteral("[]"), schema, &w)) {
                    any = true;
                    break;
                }
                last = w;
            }
            if (comparable && !any) {
                *why = QStringLiteral("%1[%2] fits no example element: %3").arg(path).arg(i).arg(last);
                return false;
            }
        }
    }
    return true;
}

} // namespace

class TestSandboxContract : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyExampleIsCovered();
    void shapes_data();
    void shapes();

private:
    struct Answer
    {
        SandboxHarness::Reply reply;
        int exampleStatus = 200;
    };
    QJsonObject example(const QString &file) const;
    Answer answer(const QString &file);
    QString vmItem(const QString &vault) const;
    QJsonObject restoreBodyFromExample(const QString &file, const QString &item, const QString &point);
    QString startRestore(QString *operationStatusUrl = nullptr, QString *location = nullptr);

    ManualClock m_clock; // the sandbox's time; moved, never waited for
    SandboxHarness m_sandbox { m_clock.clock() };
    QString m_token;
    QHash<QString, Schema> m_schemaByType;
    QStringList m_files;
};

// Files used only as schema sources: their operations (policy writes) are outside the sandbox.
static const QStringList kSchemaOnly = { QStringLiteral("ProtectionPolicies_CreateOrUpdate_Daily.json"),
                                         QStringLiteral("ProtectionPolicyOperationResults_Get.json"),
                                         QStringLiteral("ProtectionPolicyOperationStatuses_Get.json") };

QJsonObject TestSandboxContract::example(const QString &file) const
{
    QFile f(testDataDirectory() + QStringLiteral("/arm/") + file);
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}

void TestSandboxContract::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.jobDurationSeconds = 300;
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
    m_token = m_sandbox.signIn(QStringLiteral("carla")).accessToken;
    QVERIFY(!m_token.isEmpty());
    m_files = QDir(testDataDirectory() + QStringLiteral("/arm"))
                  .entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    QVERIFY(m_files.size() >= 30);
    for (const QString &file : std::as_const(m_files)) {
        const QJsonObject responses = example(file).value(QStringLiteral("responses")).toObject();
        for (auto it = responses.begin(); it != responses.end(); ++it) {
            const QJsonValue body = it.value().toObject().value(QStringLiteral("body"));
            QJsonObject first = body.toObject();
            if (first.contains(QStringLiteral("value")) && first.value(QStringLiteral("value")).isArray()) {
                for (const QJsonValue &e : first.value(QStringLiteral("value")).toArray())
                    collect(e, QString(),
                            m_schemaByType[e.toObject().value(QStringLiteral("type")).toString()]);
            } else {
                collect(body, QString(), m_schemaByType[first.value(QStringLiteral("type")).toString()]);
            }
        }
    }
}

QString TestSandboxContract::vmItem(const QString &vault) const
{
    auto *self = const_cast<TestSandboxContract *>(this);
    const auto r = self->m_sandbox.get(vault + QStringLiteral("/backupProtectedItems?") + kB
                                           + QStringLiteral("&$filter=backupManagementType eq 'AzureIaasVM'"),
                                       m_token);
    return r.json.value(QStringLiteral("value"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("id"))
        .toString();
}

QJsonObject TestSandboxContract::restoreBodyFromExample(const QString &file, const QString &item,
                                                        const QString &point)
{
    // The example's own request body, with its ids pointed at sandbox resources.
    QJsonObject props = example(file)
                            .value(QStringLiteral("parameters"))
                            .toObject()
                            .value(QStringLiteral("parameters"))
                            .toObject()
                            .value(QStringLiteral("properties"))
                            .toObject();
    const auto itemReply = m_sandbox.get(item + QStringLiteral("?") + kB, m_token);
    const QString source = itemReply.json.value(QStringLiteral("properties"))
                               .toObject()
                               .value(QStringLiteral("sourceResourceId"))
                               .toString();
    const QString sub = item.section(QLatin1Char('/'), 2, 2);
    props.insert(QStringLiteral("recoveryPointId"), point);
    props.insert(QStringLiteral("sourceResourceId"), source);
    props.insert(QStringLiteral("storageAccountId"),
                 QStringLiteral("/subscriptions/%1/resourceGroups/rg-staging/providers/Microsoft.Storage/"
                                "storageAccounts/ststaging")
                     .arg(sub));
    if (props.contains(QStringLiteral("targetResourceGroupId"))) {
        props.insert(QStringLiteral("targetResourceGroupId"),
                     QStringLiteral("/subscriptions/%1/resourceGroups/rg-restored").arg(sub));
        // A new name each time: the sandbox refuses a second VM of the same name.
        static int restored = 0;
        props.insert(QStringLiteral("targetVirtualMachineId"),
                     QStringLiteral("/subscriptions/%1/resourceGroups/rg-restored/providers/"
                                    "Microsoft.Compute/virtualMachines/vm-restored-%2")
                         .arg(sub)
                         .arg(++restored));
        // The sandbox's own network in that group (the example's names another tenant's).
        const QString vnet = QStringLiteral("/subscriptions/%1/resourceGroups/rg-restored/providers/"
                                            "Microsoft.Network/virtualNetworks/vnet-restored")
                                 .arg(sub);
        props.insert(QStringLiteral("virtualNetworkId"), vnet);
        props.insert(QStringLiteral("subnetId"), vnet + QStringLiteral("/subnets/default"));
    }
    props.remove(QStringLiteral("identityInfo")); // names an identity of the example's tenant
    return QJsonObject { { QStringLiteral("properties"), props } };
}

QString TestSandboxContract::startRestore(QString *operationStatusUrl, QString *location)
{
    const QString item = vmItem(kProdWeu);
    const auto points = m_sandbox.get(item + QStringLiteral("/recoveryPoints?") + kB, m_token);
    const QString point = points.json.value(QStringLiteral("value"))
                              .toArray()
                              .first()
                              .toObject()
                              .value(QStringLiteral("name"))
                              .toString();
    const QJsonObject body = restoreBodyFromExample(
        QStringLiteral("TriggerRestore_RestoreDisks_IaasVMRestoreRequest.json"), item, point);
    const auto r = m_sandbox.send(
        "POST", item + QStringLiteral("/recoveryPoints/") + point + QStringLiteral("/restore?") + kB, m_token,
        QJsonDocument(body).toJson());
    if (operationStatusUrl)
        *operationStatusUrl = QString::fromLatin1(r.header("Azure-AsyncOperation"));
    if (location)
        *location = QString::fromLatin1(r.header("Location"));
    return item;
}

TestSandboxContract::Answer TestSandboxContract::answer(const QString &file)
{
    Answer a;
    auto get = [&](const QString &path) { a.reply = m_sandbox.get(path, m_token); };
    const QString item = vmItem(kDevEus);
    if (file == QLatin1String("GetSubscriptions.json")) {
        get(QStringLiteral("/subscriptions?api-version=2022-12-01&$top=1"));
    } else if (file == QLatin1String("ListBySubscriptionIds.json")) {
        get(kProd + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults?api-version=2026-08-01"));
    } else if (file == QLatin1String("ListResources.json")) {
        get(kProd
            + QStringLiteral("/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/"
                             "vaults?api-version=2026-08-01"));
    } else if (file == QLatin1String("GETVault.json")) {
        get(kProdWeu + QStringLiteral("?api-version=2026-08-01"));
    } else if (file == QLatin1String("AzureIaasVm_BackupPolicies_List.json")
               || file == QLatin1String("v2-List-Policies.json")) {
        get(kDevEus + QStringLiteral("/backupPolicies?") + kB
            + QStringLiteral("&$filter=backupManagementType eq 'AzureIaasVM'"));
    } else if (file == QLatin1String("ProtectionPolicies_Get.json")) {
        get(kDevEus + QStringLiteral("/backupPolicies/DefaultPolicy?") + kB);
    } else if (file == QLatin1String("v2-Get-Policy.json")) {
        get(kDevEus + QStringLiteral("/backupPolicies/vm-dev-enhanced?") + kB);
    } else if (file == QLatin1String("AzureWorkload_BackupPolicies_List.json")) {
        get(kDev
            + QStringLiteral("/resourceGroups/rg-backup-dev/providers/Microsoft.RecoveryServices/vaults/"
                             "rsv-dev-wus2/backupPolicies?")
            + kB + QStringLiteral("&$filter=backupManagementType eq 'AzureWorkload'"));
    } else if (file == QLatin1String("BackupProtectedItems_List.json")) {
        get(kDevEus + QStringLiteral("/backupProtectedItems?") + kB
            + QStringLiteral("&$filter=backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'"));
    } else if (file == QLatin1String("Compute_ProtectedItem_Get.json")) {
        get(item + QStringLiteral("?") + kB);
    } else if (file == QLatin1String("RecoveryPoints_List.json")) {
        get(item + QStringLiteral("/recoveryPoints?") + kB);
    } else if (file == QLatin1String("RecoveryPoints_Get.json")) {
        const auto list = m_sandbox.get(item + QStringLiteral("/recoveryPoints?") + kB, m_token);
        get(list.json.value(QStringLiteral("value"))
                .toArray()
                .last()
                .toObject()
                .value(QStringLiteral("id"))
                .toString()
            + QStringLiteral("?") + kB);
    } else if (file.startsWith(QLatin1String("TriggerRestore_"))) {
        const auto list = m_sandbox.get(item + QStringLiteral("/recoveryPoints?") + kB, m_token);
        const QString point = list.json.value(QStringLiteral("value"))
                                  .toArray()
                                  .first()
                                  .toObject()
                                  .value(QStringLiteral("name"))
                                  .toString();
        a.reply = m_sandbox.send(
            "POST", item + QStringLiteral("/recoveryPoints/") + point + QStringLiteral("/restore?") + kB,
            m_token, QJsonDocument(restoreBodyFromExample(file, item, point)).toJson());
        a.exampleStatus = 202;
    } else if (file == QLatin1String("TriggerBackup_Post.json")) {
        a.reply = m_sandbox.send("POST", item + QStringLiteral("/backup?") + kB, m_token,
                                 QJsonDocument(example(file)
                                                   .value(QStringLiteral("parameters"))
                                                   .toObject()
                                                   .value(QStringLiteral("parameters"))
                                                   .toObject())
                                     .toJson());
        a.exampleStatus = 202;
    } else if (file == QLatin1String("ProtectedItemOperationStatus.json")) {
        QString status;
        startRestore(&status);
        m_clock.advance(2); // past the operation's settle time
        get(status);
    } else if (file == QLatin1String("ProtectedItem_Delete_OperationStatus.json")) {
        QString status;
        startRestore(&status);
        get(kProdWeu + QStringLiteral("/backupOperations/")
            + QUrl(status).path().section(QLatin1Char('/'), -1) + QStringLiteral("?") + kB);
    } else if (file == QLatin1String("ProtectedItemOperationResults.json")
               || file == QLatin1String("ProtectedItem_Delete_OperationResult.json")) {
        QString location;
        startRestore(nullptr, &location);
        if (file.startsWith(QLatin1String("ProtectedItem_Delete")))
            location = kProdWeu + QStringLiteral("/backupOperationResults/")
                + QUrl(location).path().section(QLatin1Char('/'), -1) + QStringLiteral("?") + kB;
        get(location);
        a.exampleStatus = 202;
    } else if (file == QLatin1String("ListJobs.json")
               || file == QLatin1String("ListJobsWithAllSupportedFilters.json")) {
        startRestore();
        QString path = kProdWeu + QStringLiteral("/backupJobs?") + kB;
        if (file.contains(QLatin1String("Filters")))
            path += QStringLiteral("&$filter=startTime eq '2020-01-01 00:00:00 AM' and endTime eq "
                                   "'2099-01-01 00:00:00 AM' and operation eq 'Restore' "
                                   "and backupManagementType eq 'AzureIaasVM' and status eq 'InProgress'");
        get(path);
    } else if (file == QLatin1String("GetJobDetails.json") || file == QLatin1String("TriggerCancelJob.json")
               || file == QLatin1String("CancelJobOperationResult.json")) {
        QString status;
        startRestore(&status);
        m_clock.advance(2);
        const QString job = m_sandbox.get(status, m_token)
                                .json.value(QStringLiteral("properties"))
                                .toObject()
                                .value(QStringLiteral("jobId"))
                                .toString();
        if (file == QLatin1String("GetJobDetails.json")) {
            get(kProdWeu + QStringLiteral("/backupJobs/") + job + QStringLiteral("?") + kB);
        } else {
            a.reply = m_sandbox.send(
                "POST", kProdWeu + QStringLiteral("/backupJobs/") + job + QStringLiteral("/cancel?") + kB,
                m_token);
            a.exampleStatus = 202;
            if (file == QLatin1String("CancelJobOperationResult.json"))
                get(QString::fromLatin1(a.reply.header("Location")));
        }
    } else if (file == QLatin1String("BackupResourceVaultConfigs_Get.json")) {
        get(kProdWeu + QStringLiteral("/backupconfig/vaultconfig?") + kB);
    } else if (file == QLatin1String("GetRoleDefinitionAtScope.json")) {
        get(kProd
            + QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01"));
    } else if (file == QLatin1String("RoleAssignments_ListForResourceGroup.json")) {
        get(kProd
            + QStringLiteral("/resourceGroups/rg-backup-weu/providers/Microsoft.Authorization/"
                             "roleAssignments?api-version=2022-04-01"));
    } else if (file == QLatin1String("GetPermissions.json")) {
        get(kProd
            + QStringLiteral("/resourceGroups/rg-backup-weu/providers/Microsoft.Authorization/"
                             "permissions?api-version=2022-04-01&$top=1"));
    } else if (file == QLatin1String("GetResourcePermissions.json")) {
        get(kProdWeu
            + QStringLiteral("/providers/Microsoft.Authorization/permissions?api-version=2022-04-01"));
    } else if (file == QLatin1String("FederatedIdentityCredentialList.json")) {
        get(kIdentity + QStringLiteral("/federatedIdentityCredentials?api-version=2024-11-30&$top=1"));
    } else if (file == QLatin1String("FederatedIdentityCredentialGet.json")) {
        get(kIdentity + QStringLiteral("/federatedIdentityCredentials/github-main?api-version=2024-11-30"));
    } else if (file == QLatin1String("FederatedIdentityCredentialCreate.json")) {
        const QJsonObject body = example(file)
                                     .value(QStringLiteral("parameters"))
                                     .toObject()
                                     .value(QStringLiteral("parameters"))
                                     .toObject();
        a.reply = m_sandbox.send(
            "PUT",
            kIdentity
                + QStringLiteral("/federatedIdentityCredentials/contract-test-fic?api-version=2024-11-30"),
            m_token, QJsonDocument(body).toJson());
        a.exampleStatus = a.reply.status == 201 ? 201 : 200;
    } else if (file == QLatin1String("GetActivityLogsFiltered.json")) {
        startRestore();
        startRestore();
        get(kProd
            + QStringLiteral(
                "/providers/Microsoft.Insights/eventtypes/management/"
                "values?api-version=2015-04-01&$top=1&$filter=eventTimestamp ge '2020-01-01T00:00:00Z' and "
                "eventTimestamp le '2099-01-01T00:00:00Z' and resourceGroupName eq 'rg-backup-weu'"));
    } else {
        a.exampleStatus = -1;
    }
    return a;
}

void TestSandboxContract::everyExampleIsCovered()
{
    for (const QString &file : std::as_const(m_files)) {
        if (kSchemaOnly.contains(file))
            continue;
        QVERIFY2(answer(file).exampleStatus != -1,
                 qPrintable(file + QStringLiteral(" has no sandbox operation mapped")));
    }
}

void TestSandboxContract::shapes_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(testDataDirectory() + QStringLiteral("/arm"))
                                  .entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    for (const QString &f : files) {
        if (!kSchemaOnly.contains(f))
            QTest::newRow(qPrintable(f)) << f;
    }
}

void TestSandboxContract::shapes()
{
    QFETCH(QString, file);
    const Answer a = answer(file);
    const QJsonObject responses = example(file).value(QStringLiteral("responses")).toObject();
    const QJsonObject expected = responses.value(QString::number(a.exampleStatus)).toObject();
    QVERIFY2(!expected.isEmpty(),
             qPrintable(QStringLiteral("the example has no %1 response").arg(a.exampleStatus)));
    QVERIFY2(a.reply.status == a.exampleStatus,
             qPrintable(QStringLiteral("HTTP %1 (example %2): %3")
                            .arg(a.reply.status)
                            .arg(a.exampleStatus)
                            .arg(QString::fromUtf8(a.reply.body.left(300)))));
    // Long-running-operation headers the example carries.
    const QJsonObject headers = expected.value(QStringLiteral("headers")).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        QVERIFY2(!a.reply.header(it.key().toLatin1()).isEmpty(),
                 qPrintable(QStringLiteral("header %1 missing").arg(it.key())));
    const QJsonValue body = expected.value(QStringLiteral("body"));
    if (body.isUndefined() || body.isNull()) {
        QVERIFY2(a.reply.body.trimmed().isEmpty(), "the example has no body, the sandbox sent one");
        return;
    }
    const QJsonObject exampleBody = body.toObject();
    const QJsonObject actual = QJsonDocument::fromJson(a.reply.body).object();
    QString why;
    if (exampleBody.contains(QStringLiteral("value"))
        && exampleBody.value(QStringLiteral("value")).isArray()) {
        const QJsonArray exampleValues
            = withOptionalMembers(exampleBody.value(QStringLiteral("value")).toArray());
        const QJsonArray actualValues = actual.value(QStringLiteral("value")).toArray();
        QVERIFY2(!actualValues.isEmpty(), "the sandbox's list is empty: nothing to compare");
        const Schema schema
            = m_schemaByType.value(exampleValues.first().toObject().value(QStringLiteral("type")).toString());
        // Every element the sandbox sends fits an example element ...
        int compared = 0;
        for (int i = 0; i < actualValues.size(); ++i) {
            bool fits = false;
            bool comparable = false;
            QString last;
            for (const QJsonValue &e : exampleValues) {
                if (signature(e) != signature(actualValues.at(i)))
                    continue;
                comparable = true;
                QString w;
                if (conforms(actualValues.at(i), e, QString(), schema, &w)) {
                    fits = true;
                    break;
                }
                last = w;
            }
            if (!comparable)
                continue; // a subtype this example does not show
            ++compared;
            QVERIFY2(fits, qPrintable(QStringLiteral("value[%1]: %2").arg(i).arg(last)));
        }
        QVERIFY2(compared > 0, "no sandbox element is of a subtype the example shows");
        // ... and every example element is matched by some sandbox element.
        for (int i = 0; i < exampleValues.size(); ++i) {
            bool covered = false;
            for (const QJsonValue &v : actualValues)
                covered = covered || conforms(v, exampleValues.at(i), QString(), schema, &why);
            QVERIFY2(covered,
                     qPrintable(
                         QStringLiteral("example value[%1] has no sandbox counterpart: %2").arg(i).arg(why)));
        }
        if (exampleBody.contains(QStringLiteral("nextLink"))
            && !exampleBody.value(QStringLiteral("nextLink")).isNull())
            QVERIFY2(actual.value(QStringLiteral("nextLink")).isString(),
                     "the example pages with nextLink; the sandbox did not");
        if (exampleBody.contains(QStringLiteral("nextLink"))
            && exampleBody.value(QStringLiteral("nextLink")).isNull())
            QVERIFY2(actual.contains(QStringLiteral("nextLink")),
                     "the example carries nextLink: null; the sandbox omitted it");
        return;
    }
    const Schema schema = m_schemaByType.value(exampleBody.value(QStringLiteral("type")).toString());
    QVERIFY2(conforms(actual, exampleBody, QString(), schema, &why), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestSandboxContract)
#include "tst_sandbox_contract.moc"
