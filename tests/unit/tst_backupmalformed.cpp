// Bad input to the backup parsers: wrong types, missing required members, impossible values,
// unknown discriminators, huge lists, deep nesting, and every member of every example payload
// replaced by values of every other kind. Each gives a clear error value (a code, the member's
// path, the object) or a value; none crashes. Also: every example file in tests/data/arm is
// either parsed by a backup parser or named as another layer's.
#include "armexamples.h"
#include "backup/armerror.h"
#include "backup/armid.h"
#include "backup/backuperrors.h"
#include "backup/job.h"
#include "backup/operationstatus.h"
#include "backup/page.h"
#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "backup/recoverypoint.h"
#include "backup/subscription.h"
#include "backup/vault.h"
#include "text/errortext.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

#include <functional>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;

namespace {

using Parser = std::function<std::optional<Error>(const QJsonObject &)>;

template<typename T>
Parser parserOf()
{
    return [](const QJsonObject &o) -> std::optional<Error> {
        const Result<T> r = T::fromArm(o);
        if (r.ok())
            return std::nullopt;
        return r.error();
    };
}

template<typename T>
Parser pageOf()
{
    return [](const QJsonObject &o) -> std::optional<Error> {
        const auto r = Page<T>::fromArm(o);
        if (!r.ok())
            return r.error();
        if (!r->rejected.isEmpty())
            return r->rejected.first().error;
        return std::nullopt;
    };
}

const QHash<QString, Parser> &parsers()
{
    static const QHash<QString, Parser> all {
        { QStringLiteral("subscription"), parserOf<Subscription>() },
        { QStringLiteral("vault"), parserOf<Vault>() },
        { QStringLiteral("policy"), parserOf<Policy>() },
        { QStringLiteral("item"), parserOf<ProtectedItem>() },
        { QStringLiteral("point"), parserOf<RecoveryPoint>() },
        { QStringLiteral("job"), parserOf<Job>() },
        { QStringLiteral("operation"), parserOf<OperationStatus>() },
        { QStringLiteral("error"), parserOf<ArmError>() },
        { QStringLiteral("subscriptions"), pageOf<Subscription>() },
        { QStringLiteral("vaults"), pageOf<Vault>() },
        { QStringLiteral("policies"), pageOf<Policy>() },
        { QStringLiteral("items"), pageOf<ProtectedItem>() },
        { QStringLiteral("points"), pageOf<RecoveryPoint>() },
        { QStringLiteral("jobs"), pageOf<Job>() },
    };
    return all;
}

// Which parser reads the 200 body of each example, by operationId.
const QHash<QString, QString> &parserOfOperation()
{
    static const QHash<QString, QString> map {
        { QStringLiteral("Subscriptions_List"), QStringLiteral("subscriptions") },
        { QStringLiteral("Vaults_ListBySubscriptionId"), QStringLiteral("vaults") },
        { QStringLiteral("Vaults_ListByResourceGroup"), QStringLiteral("vaults") },
        { QStringLiteral("Vaults_Get"), QStringLiteral("vault") },
        { QStringLiteral("BackupPolicies_List"), QStringLiteral("policies") },
        { QStringLiteral("ProtectionPolicies_Get"), QStringLiteral("policy") },
        { QStringLiteral("ProtectionPolicies_CreateOrUpdate"), QStringLiteral("policy") },
        { QStringLiteral("ProtectionPolicyOperationResults_Get"), QStringLiteral("policy") },
        { QStringLiteral("ProtectionPolicyOperationStatuses_Get"), QStringLiteral("operation") },
        { QStringLiteral("BackupProtectedItems_List"), QStringLiteral("items") },
        { QStringLiteral("ProtectedItems_Get"), QStringLiteral("item") },
        { QStringLiteral("ProtectedItemOperationResults_Get"), QStringLiteral("item") },
        { QStringLiteral("ProtectedItemOperationStatuses_Get"), QStringLiteral("operation") },
        { QStringLiteral("BackupOperationStatuses_Get"), QStringLiteral("operation") },
        { QStringLiteral("RecoveryPoints_List"), QStringLiteral("points") },
        { QStringLiteral("RecoveryPoints_Get"), QStringLiteral("point") },
        { QStringLiteral("BackupJobs_List"), QStringLiteral("jobs") },
        { QStringLiteral("JobDetails_Get"), QStringLiteral("job") },
    };
    return map;
}

// Operations whose examples have no body to parse: only LRO headers (read by ArmId).
const QSet<QString> kHeaderOnly { QStringLiteral("Restores_Trigger"), QStringLiteral("Backups_Trigger"),
                                  QStringLiteral("JobCancellations_Trigger"),
                                  QStringLiteral("JobOperationResults_Get"),
                                  QStringLiteral("BackupOperationResults_Get") };
// Examples of other layers (access, identity, activity log, vault settings).
const QSet<QString> kOtherLayers { QStringLiteral("RoleDefinitions_List"),
                                   QStringLiteral("RoleAssignments_ListForResourceGroup"),
                                   QStringLiteral("Permissions_ListForResourceGroup"),
                                   QStringLiteral("Permissions_ListForResource"),
                                   QStringLiteral("FederatedIdentityCredentials_List"),
                                   QStringLiteral("FederatedIdentityCredentials_Get"),
                                   QStringLiteral("FederatedIdentityCredentials_CreateOrUpdate"),
                                   QStringLiteral("ActivityLogs_List"),
                                   QStringLiteral("BackupResourceVaultConfigs_Get") };

// The operation an example illustrates: its operationId, or (four examples carry none) the one
// SOURCES.md names for the file.
QString operationOf(const QString &file)
{
    static const QHash<QString, QString> unnamed {
        { QStringLiteral("GetActivityLogsFiltered.json"), QStringLiteral("ActivityLogs_List") },
        { QStringLiteral("GetPermissions.json"), QStringLiteral("Permissions_ListForResourceGroup") },
        { QStringLiteral("GetResourcePermissions.json"), QStringLiteral("Permissions_ListForResource") },
        { QStringLiteral("GetRoleDefinitionAtScope.json"), QStringLiteral("RoleDefinitions_List") },
    };
    const QString op = armExampleFile(file).value(QStringLiteral("operationId")).toString();
    return op.isEmpty() ? unnamed.value(file) : op;
}

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

// Every path to a member or element of `v`, as a list of keys / indexes.
void pathsOf(const QJsonValue &v, QVariantList prefix, QList<QVariantList> *out)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            QVariantList p = prefix;
            p << it.key();
            out->append(p);
            pathsOf(it.value(), p, out);
        }
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size() && i < 3; ++i) {
            QVariantList p = prefix;
            p << int(i);
            out->append(p);
            pathsOf(a.at(i), p, out);
        }
    }
}

QJsonValue replaced(const QJsonValue &v, const QVariantList &path, int depth, const QJsonValue &with)
{
    if (depth == path.size())
        return with;
    const QVariant key = path.at(depth);
    if (key.typeId() == QMetaType::QString) {
        QJsonObject o = v.toObject();
        o.insert(key.toString(), replaced(o.value(key.toString()), path, depth + 1, with));
        return o;
    }
    QJsonArray a = v.toArray();
    a.replace(key.toInt(), replaced(a.at(key.toInt()), path, depth + 1, with));
    return a;
}

} // namespace

class TestBackupMalformed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyExampleIsParsedOrNamed();
    void clearErrors_data();
    void clearErrors();
    void badElementsDoNotSinkAPage();
    void everyCodeHasASentence();
    void hugeLists();
    void deepNesting();
    void everyMemberOfEveryExampleReplaced();
};

void TestBackupMalformed::everyExampleIsParsedOrNamed()
{
    QDirIterator it(armExamplesDir(), { QStringLiteral("*.json") });
    int parsed = 0;
    int headers = 0;
    while (it.hasNext()) {
        const QString file = QFileInfo(it.next()).fileName();
        const QJsonObject example = armExampleFile(file);
        const QString op = operationOf(file);
        if (kOtherLayers.contains(op))
            continue;
        if (kHeaderOnly.contains(op)) {
            // Their answers are LRO headers: URLs that read as operation ids.
            const QJsonObject accepted = example.value(QStringLiteral("responses"))
                                             .toObject()
                                             .value(QStringLiteral("202"))
                                             .toObject();
            const QJsonObject h = accepted.value(QStringLiteral("headers")).toObject();
            for (const QString &name :
                 { QStringLiteral("Azure-AsyncOperation"), QStringLiteral("Location") }) {
                if (h.contains(name))
                    QCOMPARE(ArmId::parse(h.value(name).toString()).kind, ArmId::Kind::Operation);
            }
            ++headers;
            continue;
        }
        QVERIFY2(parserOfOperation().contains(op),
                 qPrintable(file + QStringLiteral(": no parser for ") + op));
        const auto error = parsers().value(parserOfOperation().value(op))(armExample(file));
        QVERIFY2(!error, qPrintable(file + QStringLiteral(": ") + (error ? error->toString() : QString())));
        ++parsed;
    }
    QCOMPARE(parsed, 22);
    QCOMPARE(headers, 6);
}

void TestBackupMalformed::clearErrors_data()
{
    QTest::addColumn<QString>("parser");
    QTest::addColumn<QJsonObject>("input");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("path");

    const QString vault
        = QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v");
    auto with = [](QJsonObject o, const QString &key, const QJsonValue &v) {
        o.insert(key, v);
        return o;
    };
    const QJsonObject vaultOk { { QStringLiteral("id"), vault } };
    const QJsonObject policyBase = armExample(QStringLiteral("ProtectionPolicies_CreateOrUpdate_Daily.json"));
    auto policyWith = [&](const QString &member, const QJsonValue &v) {
        // member: a dotted path below properties
        QVariantList path { QStringLiteral("properties") };
        for (const QString &k : member.split(QLatin1Char('.')))
            path << k;
        return replaced(policyBase, path, 0, v).toObject();
    };
    const QString missing = Backup::Codes::MissingField;
    const QString wrong = Backup::Codes::WrongType;
    const QString value = Backup::Codes::InvalidValue;
    const QString badId = Backup::Codes::InvalidId;

    QTest::newRow("vault: nothing") << "vault" << QJsonObject {} << missing << "id";
    QTest::newRow("vault: id a number") << "vault" << obj(R"({"id": 42})") << wrong << "id";
    QTest::newRow("vault: id of a VM")
        << "vault"
        << obj(R"({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"})")
        << badId << "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm";
    QTest::newRow("vault: properties an array")
        << "vault" << with(vaultOk, QStringLiteral("properties"), QJsonArray {}) << wrong << "properties";
    QTest::newRow("vault: tag not a string")
        << "vault" << with(vaultOk, QStringLiteral("tags"), QJsonObject { { QStringLiteral("k"), 1 } })
        << wrong << "tags.k";
    QTest::newRow("vault: negative soft-delete days")
        << "vault"
        << with(vaultOk, QStringLiteral("properties"),
                obj(R"({"securitySettings":{"softDeleteSettings":{"softDeleteRetentionPeriodInDays":-5}}})"))
        << value << "properties.securitySettings.softDeleteSettings.softDeleteRetentionPeriodInDays";
    QTest::newRow("subscription: nothing") << "subscription" << QJsonObject {} << missing << "subscriptionId";
    QTest::newRow("subscription: a group's id")
        << "subscription" << obj(R"({"id": "/subscriptions/x/resourceGroups/y"})") << badId
        << "/subscriptions/x/resourceGroups/y";
    QTest::newRow("subscription: managedByTenants of numbers")
        << "subscription" << obj(R"({"subscriptionId": "x", "managedByTenants": [1]})") << wrong
        << "managedByTenants[0]";

    QTest::newRow("policy: no properties")
        << "policy"
        << obj(R"({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupPolicies/p"})")
        << missing << "properties";
    QTest::newRow("policy: no schedule")
        << "policy" << policyWith(QStringLiteral("schedulePolicy"), QJsonValue()) << missing
        << "properties.schedulePolicy";
    QTest::newRow("policy: negative count")
        << "policy" << policyWith(QStringLiteral("retentionPolicy.dailySchedule.retentionDuration.count"), -1)
        << value << "properties.retentionPolicy.dailySchedule.retentionDuration.count";
    QTest::newRow("policy: absurd count")
        << "policy"
        << policyWith(QStringLiteral("retentionPolicy.yearlySchedule.retentionDuration.count"), 1e308)
        << value << "properties.retentionPolicy.yearlySchedule.retentionDuration.count";
    QTest::newRow("policy: fractional count")
        << "policy"
        << policyWith(QStringLiteral("retentionPolicy.weeklySchedule.retentionDuration.count"), 1.5) << value
        << "properties.retentionPolicy.weeklySchedule.retentionDuration.count";
    QTest::newRow("policy: count as text")
        << "policy"
        << policyWith(QStringLiteral("retentionPolicy.dailySchedule.retentionDuration.count"),
                      QStringLiteral("30"))
        << wrong << "properties.retentionPolicy.dailySchedule.retentionDuration.count";
    QTest::newRow("policy: unknown unit")
        << "policy"
        << policyWith(QStringLiteral("retentionPolicy.dailySchedule.retentionDuration.durationType"),
                      QStringLiteral("Fortnights"))
        << value << "properties.retentionPolicy.dailySchedule.retentionDuration.durationType";
    QTest::newRow("policy: run time not a time")
        << "policy"
        << policyWith(QStringLiteral("schedulePolicy.scheduleRunTimes"),
                      QJsonArray { QStringLiteral("at two") })
        << value << "properties.schedulePolicy.scheduleRunTimes";
    QTest::newRow("policy: daily without run times")
        << "policy" << policyWith(QStringLiteral("schedulePolicy.scheduleRunTimes"), QJsonArray {}) << missing
        << "properties.schedulePolicy.scheduleRunTimes";
    QTest::newRow("policy: weekly without days")
        << "policy"
        << policyWith(QStringLiteral("schedulePolicy.scheduleRunFrequency"), QStringLiteral("Weekly"))
        << missing << "properties.schedulePolicy.scheduleRunDays";
    QTest::newRow("policy: unknown weekday")
        << "policy"
        << policyWith(QStringLiteral("retentionPolicy.weeklySchedule.daysOfTheWeek"),
                      QJsonArray { QStringLiteral("Funday") })
        << value << "properties.retentionPolicy.weeklySchedule.daysOfTheWeek";
    QTest::newRow("policy: fifth week")
        << "policy"
        << policyWith(
               QStringLiteral("retentionPolicy.monthlySchedule.retentionScheduleWeekly.weeksOfTheMonth"),
               QJsonArray { QStringLiteral("Fifth") })
        << value << "properties.retentionPolicy.monthlySchedule.retentionScheduleWeekly.weeksOfTheMonth";
    QTest::newRow("policy: unknown month")
        << "policy"
        << policyWith(QStringLiteral("retentionPolicy.yearlySchedule.monthsOfYear"),
                      QJsonArray { QStringLiteral("Smarch") })
        << value << "properties.retentionPolicy.yearlySchedule.monthsOfYear";
    QTest::newRow("policy: hourly without hourlySchedule")
        << "policy"
        << policyWith(QStringLiteral("schedulePolicy.scheduleRunFrequency"), QStringLiteral("Hourly"))
        << missing << "properties.schedulePolicy.hourlySchedule";
    QTest::newRow("policy: hourly every 0 hours")
        << "policy"
        << policyWith(QStringLiteral("schedulePolicy.hourlySchedule"),
                      obj(R"({"interval": 0, "scheduleWindowStartTime": "2021-09-29T08:00:00Z"})"))
        << value << "properties.schedulePolicy.hourlySchedule.interval";
    QTest::newRow("policy: hourly every 25 hours")
        << "policy"
        << policyWith(QStringLiteral("schedulePolicy.hourlySchedule"),
                      obj(R"({"interval": 25, "scheduleWindowStartTime": "2021-09-29T08:00:00Z"})"))
        << value << "properties.schedulePolicy.hourlySchedule.interval";
    QTest::newRow("policy: hourly window start not a time")
        << "policy"
        << policyWith(QStringLiteral("schedulePolicy.hourlySchedule"),
                      obj(R"({"interval": 4, "scheduleWindowStartTime": "soon"})"))
        << value << "properties.schedulePolicy.hourlySchedule.scheduleWindowStartTime";
    const QJsonObject sql = armExample(QStringLiteral("AzureWorkload_BackupPolicies_List.json"))
                                .value(QStringLiteral("value"))
                                .toArray()
                                .first()
                                .toObject();
    QTest::newRow("policy: sub-policies not a list")
        << "policy"
        << replaced(sql, { QStringLiteral("properties"), QStringLiteral("subProtectionPolicy") }, 0,
                    QStringLiteral("x"))
               .toObject()
        << wrong << "properties.subProtectionPolicy";
    QTest::newRow("policy: sub-policy not an object")
        << "policy"
        << replaced(sql, { QStringLiteral("properties"), QStringLiteral("subProtectionPolicy"), 0 }, 0, 7)
               .toObject()
        << wrong << "properties.subProtectionPolicy[0]";
    QTest::newRow("policy: log every 0 minutes")
        << "policy"
        << replaced(sql,
                    { QStringLiteral("properties"), QStringLiteral("subProtectionPolicy"), 1,
                      QStringLiteral("schedulePolicy"), QStringLiteral("scheduleFrequencyInMins") },
                    0, 0)
               .toObject()
        << value << "properties.subProtectionPolicy[1].schedulePolicy.scheduleFrequencyInMins";

    const QJsonObject itemBase = armExample(QStringLiteral("Compute_ProtectedItem_Get.json"));
    QTest::newRow("item: a vault's id")
        << "item" << with(itemBase, QStringLiteral("id"), vault) << badId << vault;
    QTest::newRow("item: last point not a time")
        << "item"
        << replaced(itemBase, { QStringLiteral("properties"), QStringLiteral("lastRecoveryPoint") }, 0,
                    QStringLiteral("yesterday"))
               .toObject()
        << value << "properties.lastRecoveryPoint";
    QTest::newRow("item: last backup a number")
        << "item"
        << replaced(itemBase, { QStringLiteral("properties"), QStringLiteral("lastBackupTime") }, 0, 12345)
               .toObject()
        << wrong << "properties.lastBackupTime";
    QTest::newRow("item: properties a string")
        << "item" << with(itemBase, QStringLiteral("properties"), QStringLiteral("x")) << wrong
        << "properties";

    const QJsonObject pointBase = armExample(QStringLiteral("RecoveryPoints_Get.json"));
    QTest::newRow("point: VM point without a time")
        << "point"
        << replaced(pointBase, { QStringLiteral("properties"), QStringLiteral("recoveryPointTime") }, 0,
                    QJsonValue())
               .toObject()
        << missing << "properties.recoveryPointTime";
    QTest::newRow("point: tier type an object")
        << "point"
        << replaced(pointBase,
                    { QStringLiteral("properties"), QStringLiteral("recoveryPointTierDetails"), 0,
                      QStringLiteral("type") },
                    0, QJsonObject {})
               .toObject()
        << wrong << "properties.recoveryPointTierDetails[0].type";
    QTest::newRow("point: tier type 7")
        << "point"
        << replaced(pointBase,
                    { QStringLiteral("properties"), QStringLiteral("recoveryPointTierDetails"), 0,
                      QStringLiteral("type") },
                    0, 7)
               .toObject()
        << value << "properties.recoveryPointTierDetails[0].type";
    QTest::newRow("point: tier not an object")
        << "point"
        << replaced(pointBase,
                    { QStringLiteral("properties"), QStringLiteral("recoveryPointTierDetails"), 0 }, 0,
                    QStringLiteral("HardenedRP"))
               .toObject()
        << wrong << "properties.recoveryPointTierDetails[0]";
    QTest::newRow("point: readiness not an object")
        << "point"
        << replaced(pointBase,
                    { QStringLiteral("properties"), QStringLiteral("recoveryPointMoveReadinessInfo"),
                      QStringLiteral("ArchivedRP") },
                    0, true)
               .toObject()
        << wrong << "properties.recoveryPointMoveReadinessInfo.ArchivedRP";
    QTest::newRow("point: log range ends before it starts")
        << "point"
        << obj(R"({"id": "x/recoveryPoints/1", "properties": {"objectType": "AzureWorkloadSQLPointInTimeRecoveryPoint",
                 "timeRanges": [{"startTime": "2026-01-02T00:00:00Z", "endTime": "2026-01-01T00:00:00Z"}]}})")
        << value << "properties.timeRanges[0].endTime";

    const QString jobId = vault + QStringLiteral("/backupJobs/j");
    auto jobWith = [&](const QJsonObject &properties) {
        return QJsonObject { { QStringLiteral("id"), jobId }, { QStringLiteral("properties"), properties } };
    };
    QTest::newRow("job: a policy's id")
        << "job"
        << obj(R"({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupPolicies/p", "properties": {}})")
        << badId
        << "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupPolicies/"
           "p";
    QTest::newRow("job: 150 percent")
        << "job" << jobWith(obj(R"({"extendedInfo": {"progressPercentage": 150}})")) << value
        << "properties.extendedInfo.progressPercentage";
    QTest::newRow("job: duration forever")
        << "job" << jobWith(obj(R"({"duration": "forever"})")) << value << "properties.duration";
    QTest::newRow("job: start not a time")
        << "job" << jobWith(obj(R"({"startTime": "2026-13-01T00:00:00Z"})")) << value
        << "properties.startTime";
    QTest::newRow("job: tasks of strings")
        << "job" << jobWith(obj(R"({"extendedInfo": {"tasksList": ["Take Snapshot"]}})")) << wrong
        << "properties.extendedInfo.tasksList[0]";
    QTest::newRow("job: recommendations of numbers")
        << "job" << jobWith(obj(R"({"status": "Failed", "errorDetails": [{"recommendations": [1]}]})"))
        << wrong << "properties.errorDetails[0].recommendations[]";
    QTest::newRow("job: property bag of objects")
        << "job" << jobWith(obj(R"({"extendedInfo": {"propertyBag": {"VM Name": {}}}})")) << wrong
        << "properties.extendedInfo.propertyBag.VM Name";

    QTest::newRow("operation: nothing") << "operation" << QJsonObject {} << missing << "status";
    QTest::newRow("operation: status a number")
        << "operation" << obj(R"({"status": 3})") << wrong << "status";
    QTest::newRow("operation: error a string")
        << "operation" << obj(R"({"status": "Failed", "error": "oops"})") << wrong << "error";
    QTest::newRow("operation: negative percent")
        << "operation" << obj(R"({"status": "InProgress", "percentComplete": -1})") << value
        << "percentComplete";
    QTest::newRow("operation: job ids of numbers")
        << "operation"
        << obj(R"({"status": "Succeeded", "properties": {"objectType": "OperationStatusJobsExtendedInfo", "jobIds": [1]}})")
        << wrong << "properties.jobIds[]";
    QTest::newRow("operation: error details of strings")
        << "operation" << obj(R"({"status": "Failed", "error": {"code": "X", "details": ["y"]}})") << wrong
        << "error.details[0]";

    QTest::newRow("error: a string") << "error" << obj(R"({"error": "text"})") << wrong << "error";
    QTest::newRow("error: details an object")
        << "error" << obj(R"({"error": {"details": {}}})") << wrong << "error.details";
    QTest::newRow("error: additional info of numbers")
        << "error" << obj(R"({"error": {"additionalInfo": [1]}})") << wrong << "error.additionalInfo[0]";
    QTest::newRow("error: nested code a number")
        << "error" << obj(R"({"error": {"details": [{"code": 5}]}})") << wrong << "error.details[0].code";

    QTest::newRow("page: no value") << "jobs" << QJsonObject {} << missing << "value";
    QTest::newRow("page: value an object") << "jobs" << obj(R"({"value": {}})") << wrong << "value";
    QTest::newRow("page: nextLink a number")
        << "jobs" << obj(R"({"value": [], "nextLink": 5})") << wrong << "nextLink";
}

void TestBackupMalformed::clearErrors()
{
    QFETCH(QString, parser);
    QFETCH(QJsonObject, input);
    QFETCH(QString, code);
    QFETCH(QString, path);
    const std::optional<Error> e = parsers().value(parser)(input);
    QVERIFY2(e.has_value(), "accepted");
    QCOMPARE(e->code, code);
    QCOMPARE(e->kind, Error::Kind::Protocol);
    QVERIFY(!e->args.isEmpty());
    QCOMPARE(e->args.first(), path);
    QVERIFY(!e->detail.isEmpty());
}

void TestBackupMalformed::badElementsDoNotSinkAPage()
{
    QJsonArray value = armExample(QStringLiteral("ListJobs.json")).value(QStringLiteral("value")).toArray();
    value.insert(1, 17);
    value.append(obj(R"({"id": "/subscriptions/s"})"));
    const auto page = Page<Job>::fromArm(
        { { QStringLiteral("value"), value }, { QStringLiteral("nextLink"), QJsonValue() } });
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 2);
    QCOMPARE(page->rejected.size(), 2);
    QCOMPARE(page->rejected.at(0).index, 1);
    QCOMPARE(page->rejected.at(0).error.code, QString(Backup::Codes::WrongType));
    QCOMPARE(page->rejected.at(0).error.args.first(), QStringLiteral("value[1]"));
    QCOMPARE(page->rejected.at(0).raw, QJsonValue(17));
    QCOMPARE(page->rejected.at(1).index, 3);
    QCOMPARE(page->rejected.at(1).error.code, QString(Backup::Codes::InvalidId));
    QVERIFY(!page->hasMore());
}

void TestBackupMalformed::everyCodeHasASentence()
{
    const QList<Error> errors {
        Job::fromArm({}).error(),
        Job::fromArm({ { QStringLiteral("id"), 1 } }).error(),
        Job::fromArm(
            obj(R"({"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.RecoveryServices/vaults/v/backupJobs/j",
                            "properties": {"duration": "soon"}})"))
            .error(),
        Job::fromArm(obj(R"({"id": "/subscriptions/s"})")).error(),
    };
    QStringList codes;
    for (const Error &e : errors) {
        codes << e.code;
        const QString sentence = Text::headline(e);
        QVERIFY2(sentence != Text::headline(Error::make(e.kind, QStringLiteral("no-such-code"))),
                 qPrintable(e.code));
        for (const QString &arg : e.args)
            QVERIFY2(sentence.contains(arg), qPrintable(sentence + QStringLiteral(" / ") + arg));
        QVERIFY(!sentence.contains(QLatin1String("%1")));
        QVERIFY(Text::describe(e).contains(e.detail));
    }
    QCOMPARE(codes,
             (QStringList { Backup::Codes::MissingField, Backup::Codes::WrongType,
                            Backup::Codes::InvalidValue, Backup::Codes::InvalidId }));
}

void TestBackupMalformed::hugeLists()
{
    const QJsonObject one = armExample(QStringLiteral("GetJobDetails.json"));
    QJsonArray many;
    for (int i = 0; i < 100000; ++i)
        many.append(one);
    QElapsedTimer timer;
    timer.start();
    const auto page = Page<Job>::fromArm({ { QStringLiteral("value"), many } });
    const qint64 ms = timer.elapsed();
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 100000);
    qInfo("100000 job details parsed in %lld ms", ms); // reported only: tests assert no times

    QJsonObject point = armExample(QStringLiteral("RecoveryPoints_Get.json"));
    QJsonObject props = point.value(QStringLiteral("properties")).toObject();
    QJsonArray tiers;
    for (int i = 0; i < 100000; ++i)
        tiers.append(QJsonObject { { QStringLiteral("type"), i % 3 + 1 }, { QStringLiteral("status"), 1 } });
    props.insert(QStringLiteral("recoveryPointTierDetails"), tiers);
    point.insert(QStringLiteral("properties"), props);
    const auto p = RecoveryPoint::fromArm(point);
    QVERIFY(p.ok());
    QCOMPARE(p->tiers.size(), 100000);

    QJsonArray details;
    for (int i = 0; i < 5000; ++i)
        details.append(QJsonObject { { QStringLiteral("code"), QStringLiteral("C%1").arg(i) } });
    const auto e = ArmError::fromArm({ { QStringLiteral("error"),
                                         QJsonObject { { QStringLiteral("code"), QStringLiteral("Top") },
                                                       { QStringLiteral("details"), details } } } });
    QVERIFY(e.ok());
    QCOMPARE(e->details.size(), ArmError::kMaxDetails);
    QVERIFY(e->truncated);
}

void TestBackupMalformed::deepNesting()
{
    // An error 3000 levels deep: read down to kMaxDepth, the rest dropped and said so.
    QJsonObject nested { { QStringLiteral("code"), QStringLiteral("L3000") } };
    for (int level = 2999; level >= 1; --level)
        nested = QJsonObject { { QStringLiteral("code"), QStringLiteral("L%1").arg(level) },
                               { QStringLiteral("details"), QJsonArray { nested } } };
    const auto e = ArmError::fromArm({ { QStringLiteral("error"), nested } });
    QVERIFY(e.ok());
    QVERIFY(e->truncated);
    QCOMPARE(e->allCodes().size(), ArmError::kMaxDepth);
    QCOMPARE(e->allCodes().last(), QStringLiteral("L%1").arg(ArmError::kMaxDepth));

    // Deep nesting where a value is expected is a type error, not a descent.
    QJsonObject deep { { QStringLiteral("x"), 1 } };
    for (int i = 0; i < 2000; ++i)
        deep = QJsonObject { { QStringLiteral("x"), deep } };
    const auto job = Job::fromArm(
        { { QStringLiteral("id"),
            QStringLiteral("/subscriptions/s/resourceGroups/r/providers/Microsoft.RecoveryServices/vaults/v/"
                           "backupJobs/j") },
          { QStringLiteral("properties"), QJsonObject { { QStringLiteral("status"), deep } } } });
    QVERIFY(!job.ok());
    QCOMPARE(job.error().code, QString(Backup::Codes::WrongType));
}

void TestBackupMalformed::everyMemberOfEveryExampleReplaced()
{
    // Each member and element (first three of each list) of each parsed example, replaced by
    // each kind of JSON value: a value or a clear error, never a crash.
    const QList<QJsonValue> replacements { QJsonValue(),
                                           QJsonValue(true),
                                           QJsonValue(0),
                                           QJsonValue(-1),
                                           QJsonValue(1e308),
                                           QJsonValue(0.5),
                                           QJsonValue(QString()),
                                           QJsonValue(QStringLiteral("x")),
                                           QJsonValue(QStringLiteral("0001-01-01T00:00:00Z")),
                                           QJsonValue(QJsonArray {}),
                                           QJsonValue(QJsonArray { 1, QStringLiteral("a") }),
                                           QJsonValue(QJsonObject {}) };
    QDirIterator it(armExamplesDir(), { QStringLiteral("*.json") });
    int runs = 0;
    int rejected = 0;
    while (it.hasNext()) {
        const QString file = QFileInfo(it.next()).fileName();
        const QString op = operationOf(file);
        if (!parserOfOperation().contains(op))
            continue;
        const Parser parse = parsers().value(parserOfOperation().value(op));
        const QJsonObject body = armExample(file);
        QList<QVariantList> paths;
        pathsOf(body, {}, &paths);
        for (const QVariantList &path : std::as_const(paths)) {
            for (const QJsonValue &with : replacements) {
                const std::optional<Error> e = parse(replaced(body, path, 0, with).toObject());
                ++runs;
                if (e) {
                    ++rejected;
                    QVERIFY(!e->code.isEmpty());
                    QVERIFY(!e->args.isEmpty());
                }
            }
        }
    }
    qInfo("%d mutated payloads, %d rejected with an error value", runs, rejected);
    QVERIFY(runs > 8000);
    QVERIFY(rejected > runs / 4);
}

QTEST_GUILESS_MAIN(TestBackupMalformed)
#include "tst_backupmalformed.moc"
