// The restore job page on its own: what its sub-task table says of each task.
#include "backup/job.h"
#include "backup/pendingrestore.h"
#include "restorejobpage.h"

#include <QTest>
#include <QTreeWidget>

using namespace RestoreDesk;

class TestRestoreJobPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tasksNotStartedHaveNoDuration();
};

void TestRestoreJobPage::tasksNotStartedHaveNoDuration()
{
    Backup::PendingRestore record;
    record.clientRequestId = QStringLiteral("2f1c7d3e-5b7a-4c1e-9a34-6d2b8e0f1a55");
    record.itemName = QStringLiteral("vm-web-01");
    record.mode = QStringLiteral("disks");
    RestoreJobPage page(record);
    Backup::Job job;
    job.status = Backup::Job::Status::InProgress;
    job.statusText = QStringLiteral("InProgress");
    // As the service reports them: every task carries a duration, "00:00:00" before it starts.
    job.tasks
        = { { QStringLiteral("Validate restore request"), QStringLiteral("Completed"), {}, {}, 95000, {} },
            { QStringLiteral("Transfer data from vault"), QStringLiteral("InProgress"), {}, {}, 20000, 36.0 },
            { QStringLiteral("Create disks"), QStringLiteral("NotStarted"), {}, {}, 0, {} } };
    page.setEnded(job);
    auto *tasks = page.findChild<QTreeWidget *>(QStringLiteral("tasksTreeWidget"));
    QVERIFY(tasks);
    QCOMPARE(tasks->topLevelItemCount(), 3);
    QVERIFY(!tasks->topLevelItem(0)->text(3).isEmpty());
    QCOMPARE(tasks->topLevelItem(1)->text(2), QStringLiteral("36 %"));
    QVERIFY(!tasks->topLevelItem(1)->text(3).isEmpty());
    QCOMPARE(tasks->topLevelItem(2)->text(1), QStringLiteral("NotStarted"));
    QCOMPARE(tasks->topLevelItem(2)->text(3), QString());
}

QTEST_MAIN(TestRestoreJobPage)
#include "tst_restorejobpage.moc"
