// The estate overview's loader on a large scope: a scope of at least kBuildOffThreadItems items is
// summed up on a worker thread, to the same numbers as summing it up in place (Overview::build on
// the same data), and a sum of a scope or session no longer shown is dropped, never shown.
#include "backup/overview.h"
#include "core/clock.h"
#include "estateoverviewloader.h"
#include "overviewwidget.h"

#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace RestoreDesk;
using Backup::Job;
using Backup::ProtectedItem;

namespace {

const QString kGroupId
    = QStringLiteral("/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-large");

struct Scope
{
    QList<Backup::Vault> vaults;
    QList<EstateOverviewLoader::VaultData> data;

    QList<ProtectedItem> items() const
    {
        QList<ProtectedItem> out;
        for (const auto &d : data)
            out += d.items;
        return out;
    }
    QList<Job> jobs() const
    {
        QList<Job> out;
        for (const auto &d : data)
            out += d.jobs;
        return out;
    }
    Scope first(qsizetype n) const { return { vaults.first(n), data.first(n) }; }
};

// `vaults` vaults of `itemsEach` items and as many jobs, of mixed health, protection and status.
Scope makeScope(int vaults, int itemsEach, const QDateTime &now)
{
    const QList<ProtectedItem::Health> healths { ProtectedItem::Health::Passed,
                                                 ProtectedItem::Health::ActionRequired,
                                                 ProtectedItem::Health::ActionSuggested,
                                                 ProtectedItem::Health::Invalid };
    const QList<Job::Status> statuses { Job::Status::Completed, Job::Status::Failed,
                                        Job::Status::CompletedWithWarnings, Job::Status::InProgress,
                                        Job::Status::Cancelled };
    Scope s;
    for (int v = 0; v < vaults; ++v) {
        Backup::Vault vault;
        vault.id = kGroupId + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/v%1").arg(v);
        vault.armId = Backup::ArmId::parse(vault.id);
        vault.name = QStringLiteral("v%1").arg(v);
        EstateOverviewLoader::VaultData d;
        for (int k = 0; k < itemsEach; ++k) {
            ProtectedItem item;
            item.id = vault.id + QStringLiteral("/protectedItems/i%1").arg(k);
            item.health = healths.at((v + k) % healths.size());
            // Protected with a policy that is not loaded: counted as not judged.
            if (k % 5 == 0)
                item.protectionState = ProtectedItem::ProtectionState::Protected;
            d.items << item;
            Job job;
            job.id = vault.id + QStringLiteral("/backupJobs/j%1").arg(k);
            job.status = statuses.at((v * 7 + k) % statuses.size());
            job.startTime = now.addSecs(-37 * ((v * itemsEach + k) % 3000)); // some outside the 24 h
            job.endTime = job.startTime.addSecs(30);
            d.jobs << job;
        }
        s.vaults << vault;
        s.data << d;
    }
    return s;
}

QFutureWatcherBase *onlyWorker(const EstateOverviewLoader &loader)
{
    const QList<QFutureWatcherBase *> w = loader.findChildren<QFutureWatcherBase *>();
    return w.size() == 1 ? w.first() : nullptr;
}

} // namespace

class TestOverviewLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void largeScopeIsSummedOnAWorkerAsInPlace();
    void sumOfAScopeNoLongerShownIsDropped();
    void sumOfASessionSignedOutIsDropped();

private:
    const ManualClock m_clock { QDateTime(QDate(2026, 5, 1), QTime(12, 0), QTimeZone::utc()) };
};

void TestOverviewLoader::largeScopeIsSummedOnAWorkerAsInPlace()
{
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setClock(m_clock.clock());
    const Scope scope = makeScope(6, 1000, m_clock.now());
    QVERIFY(scope.items().size() >= EstateOverviewLoader::kBuildOffThreadItems);
    loader.show(QStringLiteral("All"), scope.vaults); // no service: the data comes from adopt()
    for (qsizetype i = 0; i < scope.vaults.size(); ++i)
        loader.adopt(scope.vaults.at(i).id, scope.data.at(i));
    // Summed on a worker: nothing is shown before the event loop hands the result over.
    QVERIFY(onlyWorker(loader));
    QCOMPARE(widget.overview().totalItems, 0);
    const Backup::Overview expected
        = Backup::Overview::build(scope.items(), {}, scope.jobs(), m_clock.now()); // the in-place sum
    QTRY_COMPARE(widget.overview().totalItems, expected.totalItems);
    const Backup::Overview &shown = widget.overview();
    QCOMPARE(shown.totalItems, int(scope.items().size()));
    QCOMPARE(shown.itemsByHealth, expected.itemsByHealth);
    QCOMPARE(shown.jobs.succeeded, expected.jobs.succeeded);
    QCOMPARE(shown.jobs.failed, expected.jobs.failed);
    QCOMPARE(shown.jobs.withWarnings, expected.jobs.withWarnings);
    QCOMPARE(shown.jobs.inProgress, expected.jobs.inProgress);
    QCOMPARE(shown.jobs.cancelled, expected.jobs.cancelled);
    QVERIFY(expected.jobs.total() < int(scope.jobs().size())); // the window is applied
    QCOMPARE(shown.failedJobIds, expected.failedJobIds);
    QCOMPARE(shown.warningJobIds, expected.warningJobIds);
    QCOMPARE(shown.unjudgedItemIds, expected.unjudgedItemIds);
    QVERIFY(!expected.unjudgedItemIds.isEmpty());
    QCOMPARE(shown.windowStart, expected.windowStart);
    QCOMPARE(shown.windowEnd, expected.windowEnd);

    // A small scope of the same kind is summed up in place, to the same kind of numbers.
    const Scope small = scope.first(1);
    loader.show(QStringLiteral("One"), small.vaults);
    QTRY_VERIFY(!onlyWorker(loader)); // the worker's watcher is gone once it reported
    const Backup::Overview inPlace = Backup::Overview::build(small.items(), {}, small.jobs(), m_clock.now());
    QCOMPARE(widget.overview().totalItems, inPlace.totalItems);
    QCOMPARE(widget.overview().itemsByHealth, inPlace.itemsByHealth);
}

void TestOverviewLoader::sumOfAScopeNoLongerShownIsDropped()
{
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setClock(m_clock.clock());
    const Scope all = makeScope(10, 1000, m_clock.now());
    const Scope half = all.first(5);
    QVERIFY(half.items().size() >= EstateOverviewLoader::kBuildOffThreadItems);
    loader.show(QStringLiteral("All"), all.vaults);
    for (qsizetype i = 0; i < all.vaults.size(); ++i)
        loader.adopt(all.vaults.at(i).id, all.data.at(i));
    QTRY_COMPARE(widget.overview().totalItems, int(all.items().size()));
    loader.show(QStringLiteral("None"), {}); // an empty scope, summed in place: 0 items
    QCOMPARE(widget.overview().totalItems, 0);
    QTRY_VERIFY(loader.findChildren<QFutureWatcherBase *>().isEmpty()); // the first sum's is gone

    // The whole scope again (its data is kept: summed on a worker at once), then half of it
    // before that sum is in: the whole scope's sum arrives for a scope no longer shown.
    loader.show(QStringLiteral("All"), all.vaults);
    QFutureWatcherBase *whole = onlyWorker(loader);
    QVERIFY(whole);
    int shownWhenWholeArrived = -1;
    connect(whole, &QFutureWatcherBase::finished, this,
            [&] { shownWhenWholeArrived = widget.overview().totalItems; });
    loader.show(QStringLiteral("Half"), half.vaults);
    QTRY_VERIFY(shownWhenWholeArrived >= 0);
    QCOMPARE(shownWhenWholeArrived, 0); // dropped: never shown under "Half"
    // Half is summed then (on a worker too), from the data loaded.
    QTRY_COMPARE(widget.overview().totalItems, int(half.items().size()));
    const Backup::Overview expected = Backup::Overview::build(half.items(), {}, half.jobs(), m_clock.now());
    QCOMPARE(widget.overview().itemsByHealth, expected.itemsByHealth);
    QCOMPARE(widget.overview().failedJobIds, expected.failedJobIds);
    QCOMPARE(widget.overview().unjudgedItemIds, expected.unjudgedItemIds);
}

void TestOverviewLoader::sumOfASessionSignedOutIsDropped()
{
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setClock(m_clock.clock());
    const Scope all = makeScope(6, 1000, m_clock.now());
    loader.show(QStringLiteral("All"), all.vaults);
    for (qsizetype i = 0; i < all.vaults.size(); ++i)
        loader.adopt(all.vaults.at(i).id, all.data.at(i));
    QFutureWatcherBase *sum = onlyWorker(loader);
    QVERIFY(sum);
    QSignalSpy arrived(sum, &QFutureWatcherBase::finished);
    // Signed out (or refreshed) while it is summed: what it sums is forgotten; it is not shown.
    loader.refresh();
    QTRY_COMPARE(arrived.count(), 1);
    QCOMPARE(widget.overview().totalItems, 0);
    QTest::qWait(2 * EstateOverviewLoader::kRebuildIntervalMs);
    QCOMPARE(widget.overview().totalItems, 0);
}

QTEST_MAIN(TestOverviewLoader)
#include "tst_overviewloader.moc"
