// What `jobs list` and `jobs show` print of a job's status: the console's stable word for a
// status it knows, and the service's own word for one it does not (never "Unknown"), in JSON and
// in text alike.

#include "backup/job.h"
#include "estatefields.h"

#include <QJsonObject>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Cli;

class TestCliJobFields : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusIsTheServicesWordWhenNotKnown_data();
    void statusIsTheServicesWordWhenNotKnown();
};

void TestCliJobFields::statusIsTheServicesWordWhenNotKnown_data()
{
    QTest::addColumn<QString>("sent");
    QTest::addColumn<QString>("shown");
    QTest::newRow("a word the console does not know") << "Paused"
                                                      << "Paused";
    QTest::newRow("another") << "WaitingForQuota"
                             << "WaitingForQuota";
    QTest::newRow("known, normalised") << "Canceled"
                                       << "Cancelled";
    QTest::newRow("known") << "InProgress"
                           << "InProgress";
    QTest::newRow("nothing sent") << ""
                                  << "Unknown";
}

void TestCliJobFields::statusIsTheServicesWordWhenNotKnown()
{
    QFETCH(QString, sent);
    QFETCH(QString, shown);
    const QString vault
        = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
                         "Microsoft.RecoveryServices/vaults/rsv");
    const QJsonObject arm {
        { QStringLiteral("id"), vault + QStringLiteral("/backupJobs/j1") },
        { QStringLiteral("name"), QStringLiteral("j1") },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("jobType"), QStringLiteral("AzureIaaSVMJob") },
                        { QStringLiteral("operation"), QStringLiteral("Backup") },
                        { QStringLiteral("status"), sent },
                        { QStringLiteral("startTime"), QStringLiteral("2026-11-29T08:00:00Z") } } }
    };
    const auto job = Job::fromArm(arm);
    QVERIFY(job.ok());
    for (const ShownResource &row :
         { EstateFields::job(job.value()), EstateFields::jobDetails(job.value()) }) {
        QCOMPARE(row.text(QStringLiteral("status")), shown);
        QCOMPARE(row.toJson().value(QStringLiteral("status")).toString(), shown);
    }
}

QTEST_GUILESS_MAIN(TestCliJobFields)
#include "tst_clijobfields.moc"
