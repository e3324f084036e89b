// Jobs, operation statuses and ARM errors from the public API examples and the shapes the docs
// describe: status words normalised (Cancelled/Canceled), the "0001-01-01" end time, ISO 8601
// and TimeSpan durations, percent and current task, errors and warnings; LRO status bodies
// with their job ids; the error envelope with nested details.
#include "armexamples.h"
#include "backup/armerror.h"
#include "backup/armtime.h"
#include "backup/job.h"
#include "backup/operationstatus.h"
#include "backup/page.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;

Q_DECLARE_METATYPE(RestoreDesk::Backup::Job::Status)
Q_DECLARE_METATYPE(std::optional<qint64>)

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc());
}

const QString kJobId
    = QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/"
                     "backupJobs/7c1bd0f5-0000-4000-8000-000000000001");

QJsonObject job(const QJsonObject &properties)
{
    return { { QStringLiteral("id"), kJobId }, { QStringLiteral("properties"), properties } };
}

// The API's usual form of a time and its near misses (armtime.cpp's commonUtcTime reads the
// first; each of the others must read as Qt reads it).
QStringList nearMissTimes()
{
    QStringList out;
    for (const char *text : { "2026-11-30T22:00:14.1230000Z", "2026-11-30T22:00:14.1200000Z",
                              "2026-11-30T22:00:14.1Z",       "2026-11-30T22:00:14.999Z",
                              "2026-11-30T22:00:14Z",         "2026-11-30T23:59:59.9990000Z",
                              "2024-02-29T00:00:00.0000000Z", "2023-02-29T00:00:00.0000000Z",
                              "2026-11-30T22:00:14.1234567Z", "2026-11-30T22:00:14.9999999Z",
                              "2026-11-30T22:00:14.0005000Z", "2026-11-30T24:00:00.0000000Z",
                              "2026-11-30T22:60:00Z",         "2026-11-30T22:00:60Z",
                              "2026-13-01T00:00:00Z",         "2026-00-10T00:00:00Z",
                              "0001-01-01T00:00:00.0000000Z", "0000-01-01T00:00:00Z",
                              "2026-11-30t22:00:14Z",         "2026-11-30T22:00:14.Z",
                              "2026-11-30T22:00:14,123Z",     "2026-11-30T22:00:14.1230000000Z",
                              "2026-11-30T22:00:14.12a0000Z", "2026-11-30T22:00:14.1230000+00:00",
                              "2026-11-30 22:00:14.1230000Z", "2026-11-30T22:00:14.123000z",
                              "+026-11-30T22:00:14Z",         "2026-1-30T22:00:14.1230000Z" })
        out << QString::fromLatin1(text);
    return out;
}

} // namespace

class TestBackupJobs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listedJobs();
    void jobDetails();
    void statusWords_data();
    void statusWords();
    void durations_data();
    void durations();
    void times_data();
    void times();
    void timesAsQtReadsThem_data();
    void timesAsQtReadsThem();
    void timesFromBytesAsFromStrings();
    void notEndedYet();
    void failuresAndWarnings();
    void progressOfARunningJob();
    void unknownJobTypeIsKept();
    void operationStatuses();
    void failedOperation();
    void errorEnvelope();
};

void TestBackupJobs::listedJobs()
{
    const auto page = Page<Job>::fromArm(armExample(QStringLiteral("ListJobs.json")));
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 2);
    const Job &running = page->items.at(0);
    QCOMPARE(running.kind, Job::Kind::IaasVm);
    QCOMPARE(running.jobType, QStringLiteral("AzureIaaSVMJob"));
    QCOMPARE(running.operation, QStringLiteral("Backup"));
    QCOMPARE(running.status, Job::Status::InProgress);
    QVERIFY(running.isRunning());
    QVERIFY(!running.isTerminal());
    QCOMPARE(running.entityFriendlyName, QStringLiteral("testvm"));
    QCOMPARE(running.backupManagementType, QStringLiteral("AzureIaasVM"));
    QCOMPARE(running.startTime, utc(2017, 8, 3, 5, 31, 7, 15));
    QVERIFY(!running.endTime.isValid());
    QCOMPARE(running.durationMs, std::optional<qint64>(12427)); // PT12.4272909S
    QCOMPARE(running.armId.vault, QStringLiteral("NetSDKTestRsVault"));
    QCOMPARE(running.name, QStringLiteral("00000000-0000-0000-0000-000000000000"));
    QVERIFY(running.tasks.isEmpty()); // a list has no extendedInfo
    QVERIFY(!running.percent.has_value());

    const Job &done = page->items.at(1);
    QCOMPARE(done.operation, QStringLiteral("ConfigureBackup"));
    QCOMPARE(done.status, Job::Status::Completed);
    QVERIFY(done.isTerminal());
    QCOMPARE(done.endTime, utc(2017, 8, 3, 5, 31, 3, 755));
    QCOMPARE(done.durationMs, std::optional<qint64>(31307));
    QCOMPARE(done.elapsedMs(QDateTime::currentDateTimeUtc()), std::optional<qint64>(31307));

    const auto filtered
        = Page<Job>::fromArm(armExample(QStringLiteral("ListJobsWithAllSupportedFilters.json")));
    QVERIFY(filtered.ok());
    QCOMPARE(filtered->items.size(), 1);
    QCOMPARE(filtered->items.first().status, Job::Status::InProgress);
}

void TestBackupJobs::jobDetails()
{
    const auto j = Job::fromArm(armExample(QStringLiteral("GetJobDetails.json")));
    QVERIFY(j.ok());
    QCOMPARE(j->durationMs, std::optional<qint64>(9878));
    QCOMPARE(j->tasks.size(), 2);
    QCOMPARE(j->tasks.at(0).name, QStringLiteral("Take Snapshot"));
    QCOMPARE(j->tasks.at(0).status, QStringLiteral("InProgress"));
    QCOMPARE(j->tasks.at(0).durationMs, std::optional<qint64>(0));
    QCOMPARE(j->tasks.at(1).name, QStringLiteral("Transfer data to vault"));
    QCOMPARE(j->tasks.at(1).status, QStringLiteral("NotStarted"));
    QCOMPARE(j->currentTask, QStringLiteral("Take Snapshot"));
    QCOMPARE(j->propertyBag.value(QStringLiteral("VM Name")), QStringLiteral("testvm"));
    QVERIFY(j->errors.isEmpty());
    QVERIFY(j->warnings.isEmpty());
}

void TestBackupJobs::statusWords_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<Job::Status>("status");
    QTest::newRow("Cancelled (jobs)") << "Cancelled" << Job::Status::Cancelled;
    QTest::newRow("Canceled (operations)") << "Canceled" << Job::Status::Cancelled;
    QTest::newRow("upper case") << "CANCELLED" << Job::Status::Cancelled;
    QTest::newRow("Cancelling") << "Cancelling" << Job::Status::Cancelling;
    QTest::newRow("Canceling") << "Canceling" << Job::Status::Cancelling;
    QTest::newRow("with warnings") << "CompletedWithWarnings" << Job::Status::CompletedWithWarnings;
    QTest::newRow("Succeeded") << "Succeeded" << Job::Status::Completed;
    QTest::newRow("Failed") << "Failed" << Job::Status::Failed;
    QTest::newRow("Invalid") << "Invalid" << Job::Status::Invalid;
    QTest::newRow("a new word") << "Paused" << Job::Status::Unknown;
    QTest::newRow("nothing") << "" << Job::Status::Unknown;
}

void TestBackupJobs::statusWords()
{
    QFETCH(QString, word);
    QFETCH(Job::Status, status);
    QCOMPARE(Job::statusFrom(word), status);
    const auto j = Job::fromArm(job({ { QStringLiteral("jobType"), QStringLiteral("AzureIaaSVMJob") },
                                      { QStringLiteral("status"), word } }));
    QVERIFY(j.ok());
    QCOMPARE(j->status, status);
    QCOMPARE(j->statusText, word);
    if (status != Job::Status::Unknown)
        QCOMPARE(Job::statusFrom(Job::statusName(status)), status);
}

void TestBackupJobs::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<std::optional<qint64>>("ms");
    const auto ms = [](qint64 v) { return std::optional<qint64>(v); };
    QTest::newRow("ISO seconds") << "PT12.4272909S" << ms(12427);
    QTest::newRow("ISO zero") << "PT0S" << ms(0);
    QTest::newRow("ISO h m s") << "PT1H2M3.5S" << ms(3723500);
    QTest::newRow("ISO days") << "P1DT2H" << ms(93600000);
    QTest::newRow("ISO weeks") << "P2W" << ms(1209600000);
    QTest::newRow("ISO comma fraction") << "PT1,5S" << ms(1500);
    QTest::newRow("TimeSpan") << "00:20:23.0896697" << ms(1223090);
    QTest::newRow("TimeSpan with days") << "1.02:03:04" << ms(93784000);
    QTest::newRow("TimeSpan with days and fraction") << "1.02:03:04.5" << ms(93784500);
    QTest::newRow("ISO years are not durations here") << "P1Y" << std::optional<qint64>();
    QTest::newRow("ISO months") << "P1M" << std::optional<qint64>();
    QTest::newRow("ISO empty time") << "PT" << std::optional<qint64>();
    QTest::newRow("ISO nothing") << "P" << std::optional<qint64>();
    QTest::newRow("ISO out of order") << "PT1S2M" << std::optional<qint64>();
    QTest::newRow("ISO repeated") << "PT1M1M" << std::optional<qint64>();
    QTest::newRow("ISO fraction of minutes") << "PT1.5M" << ms(90000);
    QTest::newRow("ISO fraction not last") << "PT1.5M2S" << std::optional<qint64>();
    QTest::newRow("absurd") << "PT99999999999999999999S" << std::optional<qint64>();
    QTest::newRow("more than a century") << "P40000D" << std::optional<qint64>();
    QTest::newRow("negative TimeSpan") << "-00:00:01" << std::optional<qint64>();
    QTest::newRow("minutes out of range") << "00:61:00" << std::optional<qint64>();
    QTest::newRow("hours out of range") << "24:00:00" << std::optional<qint64>();
    QTest::newRow("two fields") << "00:01" << std::optional<qint64>();
    QTest::newRow("text") << "twelve seconds" << std::optional<qint64>();
    QTest::newRow("non-ASCII digits") << QString::fromUtf8("PT\u0661S") << std::optional<qint64>();
    QTest::newRow("empty") << "" << std::optional<qint64>();
}

void TestBackupJobs::durations()
{
    QFETCH(QString, text);
    QFETCH(std::optional<qint64>, ms);
    QCOMPARE(parseArmDuration(text), ms);
}

void TestBackupJobs::times_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isTime");
    QTest::addColumn<QDateTime>("time");
    QTest::newRow("seven fraction digits")
        << "2017-12-21T22:48:25.4353958Z" << true << utc(2017, 12, 21, 22, 48, 25, 435);
    QTest::newRow("no fraction") << "2018-01-24T02:00:00Z" << true << utc(2018, 1, 24, 2, 0, 0);
    QTest::newRow("offset") << "2021-12-17T08:00:00+05:30" << true << utc(2021, 12, 17, 2, 30, 0);
    QTest::newRow("no zone: UTC") << "2021-12-17T08:00:00" << true << utc(2021, 12, 17, 8, 0, 0);
    QTest::newRow("not set") << "0001-01-01T00:00:00.00000Z" << true << QDateTime();
    QTest::newRow("not a time") << "yesterday" << false << QDateTime();
    QTest::newRow("impossible date") << "2021-02-30T00:00:00Z" << false << QDateTime();
    QTest::newRow("empty") << "" << false << QDateTime();
}

void TestBackupJobs::times()
{
    QFETCH(QString, text);
    QFETCH(bool, isTime);
    QFETCH(QDateTime, time);
    const auto t = parseArmTime(text);
    QCOMPARE(t.has_value(), isTime);
    if (isTime) {
        QCOMPARE(t->isValid(), time.isValid());
        if (time.isValid()) {
            QCOMPARE(*t, time);
            QCOMPARE(t->timeSpec(), Qt::UTC);
        }
    }
}

void TestBackupJobs::timesAsQtReadsThem_data()
{
    // The API's usual form is read without Qt's ISO reader (armtime.cpp, commonUtcTime); every
    // near miss of that form must still read exactly as Qt reads it.
    QTest::addColumn<QString>("text");
    for (const QString &text : nearMissTimes())
        QTest::newRow(qPrintable(text)) << text;
}

void TestBackupJobs::timesAsQtReadsThem()
{
    QFETCH(QString, text);
    const QDateTime qt = QDateTime::fromString(text, Qt::ISODateWithMs);
    const auto t = parseArmTime(text);
    QCOMPARE(t.has_value(), qt.isValid());
    if (!qt.isValid())
        return;
    if (qt.date().year() <= 1) {
        QVERIFY(!t->isValid());
        return;
    }
    QCOMPARE(*t, qt.toUTC());
    QCOMPARE(t->timeSpec(), Qt::UTC);
    QCOMPARE(t->toMSecsSinceEpoch(), qt.toMSecsSinceEpoch());
}

void TestBackupJobs::timesFromBytesAsFromStrings()
{
    // A page's plain time is read from its bytes (QLatin1String), not from a string made of it:
    // the same answer as from the string, for every near miss of the usual form too.
    QStringList texts = nearMissTimes();
    for (const char *text :
         { "2017-12-21T22:48:25.4353958Z", "2021-12-17T08:00:00+05:30", "2021-12-17T08:00:00",
           "0001-01-01T00:00:00.00000Z", "yesterday", "2021-02-30T00:00:00Z", "", "9999-12-31T23:59:59.999Z",
           "2026-11-30T22:00:14\\u005a" })
        texts << QString::fromLatin1(text);
    // Latin-1 bytes that are not ASCII where a digit, a separator or the 'Z' belongs.
    for (const char16_t c : { u'\u00b9', u'\u00e9', u'\u00ff', u'\u0080' }) {
        for (const qsizetype at : { 3, 4, 18, 21, 27 }) {
            QString t = QStringLiteral("2026-11-30T22:00:14.1230000Z");
            t[at] = QChar(c);
            texts << t;
        }
    }
    for (const QString &text : std::as_const(texts)) {
        const QByteArray bytes = text.toLatin1();
        const auto fromString = parseArmTime(text);
        const auto fromBytes = parseArmTime(QLatin1String(bytes.constData(), bytes.size()));
        QCOMPARE(fromBytes.has_value(), fromString.has_value());
        if (!fromString)
            continue;
        QCOMPARE(fromBytes->isValid(), fromString->isValid());
        QCOMPARE(*fromBytes, *fromString);
        QCOMPARE(fromBytes->timeSpec(), fromString->timeSpec());
    }
}

void TestBackupJobs::notEndedYet()
{
    const auto j
        = Job::fromArm(job({ { QStringLiteral("jobType"), QStringLiteral("AzureIaaSVMJob") },
                             { QStringLiteral("status"), QStringLiteral("InProgress") },
                             { QStringLiteral("startTime"), QStringLiteral("2026-11-29T10:00:00Z") },
                             { QStringLiteral("endTime"), QStringLiteral("0001-01-01T00:00:00Z") } }));
    QVERIFY(j.ok());
    QVERIFY(!j->endTime.isValid());
    QCOMPARE(j->elapsedMs(utc(2026, 11, 29, 10, 5, 0)), std::optional<qint64>(300000));
}

void TestBackupJobs::failuresAndWarnings()
{
    const QJsonObject problem { { QStringLiteral("errorCode"), 400002 },
                                { QStringLiteral("errorString"), QStringLiteral("Snapshot took too long.") },
                                { QStringLiteral("errorTitle"), QStringLiteral("vm-web-01") },
                                { QStringLiteral("recommendations"),
                                  QJsonArray { QStringLiteral("Retry later.") } } };
    const auto failed = Job::fromArm(job({ { QStringLiteral("jobType"), QStringLiteral("AzureIaaSVMJob") },
                                           { QStringLiteral("status"), QStringLiteral("Failed") },
                                           { QStringLiteral("errorDetails"), QJsonArray { problem } } }));
    QVERIFY(failed.ok());
    QCOMPARE(failed->errors.size(), 1);
    QCOMPARE(failed->errors.first().code, QStringLiteral("400002"));
    QCOMPARE(failed->errors.first().message, QStringLiteral("Snapshot took too long."));
    QCOMPARE(failed->errors.first().recommendations, QStringList { QStringLiteral("Retry later.") });
    QVERIFY(failed->warnings.isEmpty());

    // Completed with warnings: the details are warnings, as loud as errors, and so is a
    // warning in the property bag (the sandbox's form).
    const auto warned = Job::fromArm(
        job({ { QStringLiteral("jobType"), QStringLiteral("AzureIaaSVMJob") },
              { QStringLiteral("status"), QStringLiteral("CompletedWithWarnings") },
              { QStringLiteral("errorDetails"), QJsonArray { problem } },
              { QStringLiteral("extendedInfo"),
                QJsonObject { { QStringLiteral("propertyBag"),
                                QJsonObject { { QStringLiteral("Warning"),
                                                QStringLiteral("Some disks were excluded.") } } } } } }));
    QVERIFY(warned.ok());
    QVERIFY(warned->errors.isEmpty());
    QCOMPARE(warned->warnings.size(), 2);
    QCOMPARE(warned->warnings.at(1).message, QStringLiteral("Some disks were excluded."));

    // A string error code (the sandbox's, and other job types').
    const auto named = Job::fromArm(
        job({ { QStringLiteral("status"), QStringLiteral("Failed") },
              { QStringLiteral("errorDetails"),
                QJsonArray { QJsonObject {
                    { QStringLiteral("errorCode"), QStringLiteral("UserErrorVmNotInDesirableState") } } } },
              { QStringLiteral("extendedInfo"),
                QJsonObject { { QStringLiteral("dynamicErrorMessage"),
                                QStringLiteral("The VM was deallocated.") } } } }));
    QVERIFY(named.ok());
    QCOMPARE(named->errors.size(), 2);
    QCOMPARE(named->errors.first().code, QStringLiteral("UserErrorVmNotInDesirableState"));
    QCOMPARE(named->errors.at(1).message, QStringLiteral("The VM was deallocated."));
}

void TestBackupJobs::progressOfARunningJob()
{
    const auto j = Job::fromArm(job(
        { { QStringLiteral("jobType"), QStringLiteral("AzureStorageJob") },
          { QStringLiteral("operation"), QStringLiteral("Restore") },
          { QStringLiteral("status"), QStringLiteral("InProgress") },
          { QStringLiteral("duration"), QStringLiteral("00:20:23.0896697") },
          { QStringLiteral("extendedInfo"),
            QJsonObject {
                { QStringLiteral("progressPercentage"), 42.5 },
                { QStringLiteral("estimatedRemainingDuration"), QStringLiteral("PT27M") },
                { QStringLiteral("tasksList"),
                  QJsonArray {
                      QJsonObject { { QStringLiteral("taskId"), QStringLiteral("Validate restore request") },
                                    { QStringLiteral("status"), QStringLiteral("Completed") } },
                      QJsonObject { { QStringLiteral("taskId"), QStringLiteral("Transfer data from vault") },
                                    { QStringLiteral("status"), QStringLiteral("InProgress") },
                                    { QStringLiteral("progressPercentage"), 40 } } } } } } }));
    QVERIFY(j.ok());
    QCOMPARE(j->kind, Job::Kind::FileShare);
    QCOMPARE(j->percent, std::optional<double>(42.5));
    QCOMPARE(j->remainingMs, std::optional<qint64>(27 * 60000));
    QCOMPARE(j->durationMs, std::optional<qint64>(1223090));
    QCOMPARE(j->currentTask, QStringLiteral("Transfer data from vault"));
    QCOMPARE(j->tasks.at(1).percent, std::optional<double>(40));
}

void TestBackupJobs::unknownJobTypeIsKept()
{
    const QJsonObject mab = job({ { QStringLiteral("jobType"), QStringLiteral("MabJob") },
                                  { QStringLiteral("status"), QStringLiteral("Completed") },
                                  { QStringLiteral("mabServerName"), QStringLiteral("server-1") } });
    const auto j = Job::fromArm(mab);
    QVERIFY(j.ok());
    QCOMPARE(j->kind, Job::Kind::Unknown);
    QCOMPARE(j->status, Job::Status::Completed);
    QCOMPARE(j->raw, mab);
}

void TestBackupJobs::operationStatuses()
{
    const auto one
        = OperationStatus::fromArm(armExample(QStringLiteral("ProtectedItemOperationStatus.json")));
    QVERIFY(one.ok());
    QCOMPARE(one->status, OperationStatus::Status::Succeeded);
    QVERIFY(one->isTerminal());
    QCOMPARE(one->infoKind, OperationStatus::InfoKind::Job);
    QCOMPARE(one->objectType, QStringLiteral("OperationStatusJobExtendedInfo"));
    QCOMPARE(one->jobId, QStringLiteral("00000000-0000-0000-0000-000000000000"));
    QCOMPARE(one->startTime, utc(2017, 10, 29, 6, 4, 18, 207));
    QCOMPARE(one->endTime, one->startTime);
    QVERIFY(!one->error);

    const auto many
        = OperationStatus::fromArm(armExample(QStringLiteral("ProtectionPolicyOperationStatuses_Get.json")));
    QVERIFY(many.ok());
    QCOMPARE(many->name, QStringLiteral("GetProtectionPolicyOperationStatus"));
    QCOMPARE(many->infoKind, OperationStatus::InfoKind::Jobs);
    QCOMPARE(many->jobIds, QStringList { QStringLiteral("00000000-0000-0000-0000-000000000000") });
    QVERIFY(many->failedJobsError.isEmpty());

    // Deleting an item: still running, the end time is the "not set" sentinel.
    const auto running
        = OperationStatus::fromArm(armExample(QStringLiteral("ProtectedItem_Delete_OperationStatus.json")));
    QVERIFY(running.ok());
    QCOMPARE(running->status, OperationStatus::Status::InProgress);
    QVERIFY(!running->isTerminal());
    QVERIFY(!running->endTime.isValid());
    QCOMPARE(running->startTime, utc(2017, 8, 3, 6, 52, 53, 886));
    QCOMPARE(running->infoKind, OperationStatus::InfoKind::None);

    const auto canceled
        = OperationStatus::fromArm({ { QStringLiteral("status"), QStringLiteral("Cancelled") },
                                     { QStringLiteral("percentComplete"), 100 } });
    QVERIFY(canceled.ok());
    QCOMPARE(canceled->status, OperationStatus::Status::Canceled);
    QCOMPARE(canceled->percentComplete, std::optional<double>(100));

    const QJsonObject future {
        { QStringLiteral("status"), QStringLiteral("Succeeded") },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("objectType"), QStringLiteral("OperationStatusFutureInfo") },
                        { QStringLiteral("thing"), 1 } } }
    };
    const auto unknown = OperationStatus::fromArm(future);
    QVERIFY(unknown.ok());
    QCOMPARE(unknown->infoKind, OperationStatus::InfoKind::Unknown);
    QCOMPARE(unknown->raw, future);

    const auto oddWord
        = OperationStatus::fromArm({ { QStringLiteral("status"), QStringLiteral("Validating") } });
    QVERIFY(oddWord.ok());
    QCOMPARE(oddWord->status, OperationStatus::Status::Unknown);
    QVERIFY(!oddWord->isTerminal()); // keep polling
}

void TestBackupJobs::failedOperation()
{
    const auto failed = OperationStatus::fromArm(
        { { QStringLiteral("id"), QStringLiteral("op-1") },
          { QStringLiteral("status"), QStringLiteral("Failed") },
          { QStringLiteral("error"),
            QJsonObject { { QStringLiteral("code"), QStringLiteral("UserErrorRestoreTargetNotFound") },
                          { QStringLiteral("message"),
                            QStringLiteral("The target resource group does not exist.") } } } });
    QVERIFY(failed.ok());
    QVERIFY(failed->isTerminal());
    QVERIFY(failed->error.has_value());
    QCOMPARE(failed->error->code, QStringLiteral("UserErrorRestoreTargetNotFound"));
    QCOMPARE(failed->error->message, QStringLiteral("The target resource group does not exist."));
}

void TestBackupJobs::errorEnvelope()
{
    const QJsonObject body {
        { QStringLiteral("error"),
          QJsonObject {
              { QStringLiteral("code"), QStringLiteral("BMSUserErrorPolicyNotFound") },
              { QStringLiteral("message"), QStringLiteral("Policy not found.") },
              { QStringLiteral("target"), QStringLiteral("policyId") },
              { QStringLiteral("details"),
                QJsonArray {
                    QJsonObject { { QStringLiteral("code"), QStringLiteral("Inner") },
                                  { QStringLiteral("message"), QStringLiteral("inner message") },
                                  { QStringLiteral("details"),
                                    QJsonArray { QJsonObject {
                                        { QStringLiteral("code"), QStringLiteral("Innermost") } } } } } } },
              { QStringLiteral("additionalInfo"),
                QJsonArray { QJsonObject {
                    { QStringLiteral("type"), QStringLiteral("PolicyViolation") },
                    { QStringLiteral("info"),
                      QJsonObject { { QStringLiteral("policyName"), QStringLiteral("x") } } } } } } } }
    };
    const auto e = ArmError::fromArm(body);
    QVERIFY(e.ok());
    QCOMPARE(e->code, QStringLiteral("BMSUserErrorPolicyNotFound"));
    QCOMPARE(e->target, QStringLiteral("policyId"));
    QCOMPARE(e->details.size(), 1);
    QCOMPARE(e->details.first().details.first().code, QStringLiteral("Innermost"));
    QCOMPARE(e->allCodes(),
             (QStringList { QStringLiteral("BMSUserErrorPolicyNotFound"), QStringLiteral("Inner"),
                            QStringLiteral("Innermost") }));
    QCOMPARE(e->additionalInfo.size(), 1);
    QCOMPARE(e->additionalInfo.first().type, QStringLiteral("PolicyViolation"));
    QCOMPARE(e->additionalInfo.first().info.toObject().value(QStringLiteral("policyName")).toString(),
             QStringLiteral("x"));
    QVERIFY(!e->truncated);
    QCOMPARE(e->raw, body);
    const Error asError = e->toError(404, QStringLiteral("corr-1"));
    QCOMPARE(asError.code, QStringLiteral("BMSUserErrorPolicyNotFound"));
    QCOMPARE(asError.kind, Error::Kind::Http);
    QCOMPARE(asError.httpStatus, 404);
    QCOMPARE(asError.correlationId, QStringLiteral("corr-1"));
    QVERIFY(asError.detail.contains(QStringLiteral("Policy not found.")));
    QCOMPARE(ArmError::fromArm({ { QStringLiteral("code"), QStringLiteral("Bare") } })->code,
             QStringLiteral("Bare"));
    QCOMPARE(ArmError {}.toError(403).kind, Error::Kind::Auth);
    QCOMPARE(ArmError {}.toError(403).code, QStringLiteral("http_403"));
}

QTEST_GUILESS_MAIN(TestBackupJobs)
#include "tst_backupjobs.moc"
