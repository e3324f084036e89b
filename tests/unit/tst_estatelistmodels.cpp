// The estate's models under QAbstractItemModelTester, filled from the public API examples and
// then changed the way the console changes them (pages appended, a page repeated, cleared,
// reloaded in place): the navigation tree, protected items, jobs, policies and the proxy that
// sorts and filters them. A repeated page never duplicates a row, and the tree's parent() holds
// for every node after rows come and go.
#include "armexamples.h"
#include "backup/job.h"
#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "core/qtcompat.h"
#include "models/jobmodel.h"
#include "models/navigationmodel.h"
#include "models/policymodel.h"
#include "models/protecteditemmodel.h"
#include "models/textfilterproxy.h"
#include "models/timetext.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;
using Models::NavigationModel;

namespace {

template<typename T>
QList<T> parsed(const QString &file)
{
    QList<T> out;
    for (const QJsonValue &v : armExample(file).value(QStringLiteral("value")).toArray()) {
        auto r = T::fromArm(v.toObject());
        if (r)
            out << r.value();
    }
    return out;
}

// The jobs of the public example, whose two entries share one id (a quirk of the example), each
// given its own name and id.
QList<Backup::Job> distinctJobs()
{
    QList<Backup::Job> jobs = parsed<Backup::Job>(QStringLiteral("ListJobs.json"));
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        jobs[i].name = QStringLiteral("job-%1").arg(i);
        jobs[i].id = jobs[i].id.section(QLatin1Char('/'), 0, -2) + QLatin1Char('/') + jobs[i].name;
    }
    return jobs;
}

NavigationModel::Spec spec(const QString &key, NavigationModel::Kind kind, bool lazy = false)
{
    return { key, kind, key, key, lazy, {} };
}

} // namespace

class TestEstateListModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void navigationTree();
    void navigationRowsStayRightAfterRemovals();
    void navigationFailedNodeIsRetriedByResetToIdle();
    void navigationTopLevelIsNeverReplaced();
    void protectedItems();
    void lastBackupStatusReadsAsJobStatus_data();
    void lastBackupStatusReadsAsJobStatus();
    void protectionStateReadsAsWords_data();
    void protectionStateReadsAsWords();
    void jobs();
    void policiesDoNotDuplicate();
    void itemsDoNotDuplicateWithinAPageOrAcrossSpellings();
    void jobsDoNotDuplicateWithinAPage();
    void filterProxy();
    void timesReadAlikeInEveryList();
};

void TestEstateListModels::navigationTree()
{
    NavigationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.add({}, spec(QStringLiteral("estate"), NavigationModel::Kind::Section, true));
    model.add({}, spec(QStringLiteral("identity"), NavigationModel::Kind::Section));
    model.fetchMore(model.indexOf(QStringLiteral("estate"))); // (the tester may have asked already)
    QCOMPARE(model.state(QStringLiteral("estate")), NavigationModel::State::Loading);
    QList<NavigationModel::Spec> subs;
    for (int s = 0; s < 5; ++s)
        subs << spec(QStringLiteral("/subscriptions/s%1").arg(s), NavigationModel::Kind::Subscription, true);
    model.setChildren(QStringLiteral("estate"), subs);
    for (int s = 0; s < 5; ++s) {
        const QString sub = QStringLiteral("/subscriptions/s%1").arg(s);
        QList<NavigationModel::Spec> groups;
        for (int g = 0; g < 4; ++g)
            groups << spec(sub + QStringLiteral("/resourcegroups/g%1").arg(g),
                           NavigationModel::Kind::ResourceGroup);
        model.setChildren(sub, groups);
        model.setCount(sub, 4, QStringLiteral("vaults"));
        for (const NavigationModel::Spec &g : std::as_const(groups))
            model.setChildren(g.key,
                              { spec(g.key + QStringLiteral("/vaults/v"), NavigationModel::Kind::Vault) });
    }
    QCOMPARE(model.rowCount(model.indexOf(QStringLiteral("estate"))), 5);
    // Every node's index and parent agree with where it sits.
    const QModelIndex vault = model.indexOf(QStringLiteral("/subscriptions/s3/resourcegroups/g2/vaults/v"));
    QCOMPARE(vault.row(), 0);
    QCOMPARE(vault.parent(), model.indexOf(QStringLiteral("/subscriptions/s3/resourcegroups/g2")));
    QCOMPARE(vault.parent().row(), 2);
    QCOMPARE(vault.parent().parent().row(), 3);
    QCOMPARE(model.indexOf(QStringLiteral("/subscriptions/s3")).data().toString(),
             QStringLiteral("/subscriptions/s3 (4 vaults)"));
    // A reload keeping some children updates in place.
    model.setChildren(QStringLiteral("estate"), { subs.at(4), subs.at(1) });
    QCOMPARE(model.rowCount(model.indexOf(QStringLiteral("estate"))), 2);
    QVERIFY(!model.contains(QStringLiteral("/subscriptions/s3/resourcegroups/g2/vaults/v")));
    model.clearChildren(QStringLiteral("estate"));
    model.remove(QStringLiteral("identity"));
    QCOMPARE(model.rowCount(), 1);
}

void TestEstateListModels::navigationTopLevelIsNeverReplaced()
{
    NavigationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.add({}, spec(QStringLiteral("identity"), NavigationModel::Kind::Section));
    model.add({}, spec(QStringLiteral("estate"), NavigationModel::Kind::Section));
    model.setChildren(QStringLiteral("estate"),
                      { spec(QStringLiteral("/subscriptions/a"), NavigationModel::Kind::Subscription),
                        spec(QStringLiteral("/subscriptions/b"), NavigationModel::Kind::Subscription) });
    model.setChildren(
        QStringLiteral("/subscriptions/b"),
        { spec(QStringLiteral("/subscriptions/b/resourcegroups/g"), NavigationModel::Kind::ResourceGroup) });
    model.setChildren(
        QStringLiteral("/subscriptions/b/resourcegroups/g"),
        { spec(QStringLiteral("/subscriptions/b/resourcegroups/g/v1"), NavigationModel::Kind::Vault) });
    // The key of a group read from an id without one is empty: it never names the top level.
    model.setChildren(QString(), { spec(QStringLiteral("/v"), NavigationModel::Kind::Vault) });
    model.clearChildren(QString());
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.contains(QStringLiteral("identity")));
    QVERIFY(model.contains(QStringLiteral("estate")));
    QVERIFY(!model.contains(QStringLiteral("/v")));
    // A group key that is another subscription's node is not taken over from elsewhere.
    model.setChildren(
        QStringLiteral("/subscriptions/a"),
        { spec(QStringLiteral("/subscriptions/b/resourcegroups/g"), NavigationModel::Kind::ResourceGroup) });
    const QModelIndex group = model.indexOf(QStringLiteral("/subscriptions/b/resourcegroups/g"));
    QCOMPARE(group.parent(), model.indexOf(QStringLiteral("/subscriptions/b")));
    QCOMPARE(model.rowCount(group), 1);
    QCOMPARE(model.rowCount(model.indexOf(QStringLiteral("/subscriptions/a"))), 0);
    // Nor can a node without a key be added.
    model.add(QStringLiteral("estate"), spec(QString(), NavigationModel::Kind::Subscription));
    QCOMPARE(model.rowCount(model.indexOf(QStringLiteral("estate"))), 2);
}

void TestEstateListModels::navigationRowsStayRightAfterRemovals()
{
    NavigationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.add({}, spec(QStringLiteral("root"), NavigationModel::Kind::Section));
    QList<NavigationModel::Spec> children;
    for (int i = 0; i < 50; ++i)
        children << spec(QStringLiteral("c%1").arg(i), NavigationModel::Kind::Vault);
    model.setChildren(QStringLiteral("root"), children);
    // Remove from the middle, one by one and through setChildren: rows of the rest shift.
    model.remove(QStringLiteral("c10"));
    model.remove(QStringLiteral("c0"));
    QList<NavigationModel::Spec> keep;
    for (int i = 0; i < 50; ++i) {
        if (i != 0 && i != 10 && i % 3 != 0)
            keep << children.at(i);
    }
    model.setChildren(QStringLiteral("root"), keep);
    model.add(QStringLiteral("root"), spec(QStringLiteral("late"), NavigationModel::Kind::Vault));
    const QModelIndex root = model.indexOf(QStringLiteral("root"));
    QCOMPARE(model.rowCount(root), int(keep.size()) + 1);
    for (int r = 0; r < model.rowCount(root); ++r) {
        const QModelIndex i = model.index(r, 0, root);
        const QString key = model.keyOf(i);
        QCOMPARE(model.indexOf(key).row(), r);
        QCOMPARE(model.indexOf(key).parent(), root);
        QCOMPARE(key, r < keep.size() ? keep.at(r).key : QStringLiteral("late"));
    }
}

void TestEstateListModels::navigationFailedNodeIsRetriedByResetToIdle()
{
    NavigationModel model; // no tester here: it would fetch the node itself
    model.add({}, spec(QStringLiteral("sub"), NavigationModel::Kind::Subscription, true));
    const QModelIndex sub = model.indexOf(QStringLiteral("sub"));
    model.fetchMore(sub);
    model.setState(QStringLiteral("sub"), NavigationModel::State::Failed,
                   Error::make(Error::Kind::Http, QStringLiteral("InternalServerError")));
    QVERIFY(!model.canFetchMore(sub)); // a failed node does not reload on every expansion...
    QVERIFY(sub.data().toString().endsWith(QStringLiteral("(failed)")));
    model.setState(QStringLiteral("sub"), NavigationModel::State::Idle); // ...until Retry says so
    QVERIFY(model.canFetchMore(sub));
}

void TestEstateListModels::protectedItems()
{
    const auto items = parsed<Backup::ProtectedItem>(QStringLiteral("BackupProtectedItems_List.json"));
    QVERIFY(!items.isEmpty());
    Models::ProtectedItemModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(items);
    model.append(items); // a page delivered twice
    QCOMPARE(model.rowCount(), int(items.size()));
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c)
            QVERIFY(model.index(r, c).data().isValid() || c > 0);
    }
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    model.append(items.mid(0, 1));
    QCOMPARE(model.rowCount(), 1);
}

// Defect: the items table showed the service's word ("CompletedWithWarnings") where the jobs
// table says "Completed with warnings": one wording, JobModel::statusText's.
void TestEstateListModels::lastBackupStatusReadsAsJobStatus_data()
{
    QTest::addColumn<QString>("sent");
    QTest::addColumn<QString>("shown");
    QTest::newRow("with warnings") << "CompletedWithWarnings"
                                   << Models::JobModel::statusText(
                                          Backup::Job::Status::CompletedWithWarnings);
    QTest::newRow("completed") << "Completed" << Models::JobModel::statusText(Backup::Job::Status::Completed);
    QTest::newRow("failed") << "Failed" << Models::JobModel::statusText(Backup::Job::Status::Failed);
    QTest::newRow("in progress") << "InProgress"
                                 << Models::JobModel::statusText(Backup::Job::Status::InProgress);
    QTest::newRow("unknown word kept") << "IRPending"
                                       << "IRPending";
    QTest::newRow("failed, in lower case")
        << "failed" << Models::JobModel::statusText(Backup::Job::Status::Failed);
}

void TestEstateListModels::lastBackupStatusReadsAsJobStatus()
{
    QFETCH(QString, sent);
    QFETCH(QString, shown);
    QCOMPARE(Models::JobModel::statusText(Backup::Job::Status::CompletedWithWarnings),
             QStringLiteral("Completed with warnings"));
    const auto items = parsed<Backup::ProtectedItem>(QStringLiteral("BackupProtectedItems_List.json"));
    QVERIFY(!items.isEmpty());
    Backup::ProtectedItem item = items.first();
    item.lastBackupStatus = sent;
    Models::ProtectedItemModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({ item });
    const QModelIndex cell = model.index(0, Models::ProtectedItemModel::LastBackupStatusColumn);
    QCOMPARE(cell.data().toString(), shown);
    // Failures and warnings stand out whatever the spelling; the rest are plain.
    const bool loud = shown == Models::JobModel::statusText(Backup::Job::Status::Failed)
        || shown == Models::JobModel::statusText(Backup::Job::Status::CompletedWithWarnings);
    QCOMPARE(cell.data(Qt::ForegroundRole).isValid(), loud);
}

void TestEstateListModels::protectionStateReadsAsWords_data()
{
    using State = Backup::ProtectedItem::ProtectionState;
    QTest::addColumn<QString>("sent");
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("shown");
    QTest::newRow("protected") << "Protected" << int(State::Protected) << "Protected";
    QTest::newRow("stopped") << "ProtectionStopped" << int(State::ProtectionStopped) << "Protection stopped";
    QTest::newRow("paused") << "ProtectionPaused" << int(State::ProtectionPaused) << "Protection paused";
    QTest::newRow("first backup") << "IRPending" << int(State::IRPending) << "First backup pending";
    QTest::newRow("error") << "ProtectionError" << int(State::ProtectionError) << "Protection error";
    QTest::newRow("unknown word kept") << "SomethingNew" << int(State::Unknown) << "SomethingNew";
    QTest::newRow("none sent") << "" << int(State::Unknown) << "Unknown";
}

void TestEstateListModels::protectionStateReadsAsWords()
{
    QFETCH(QString, sent);
    QFETCH(int, state);
    QFETCH(QString, shown);
    const auto items = parsed<Backup::ProtectedItem>(QStringLiteral("BackupProtectedItems_List.json"));
    QVERIFY(!items.isEmpty());
    Backup::ProtectedItem item = items.first();
    item.protectionStateText = sent;
    item.protectionState = Backup::ProtectedItem::ProtectionState(state);
    Models::ProtectedItemModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({ item });
    QCOMPARE(model.index(0, Models::ProtectedItemModel::ProtectionColumn).data().toString(), shown);
}

void TestEstateListModels::itemsDoNotDuplicateWithinAPageOrAcrossSpellings()
{
    const auto items = parsed<Backup::ProtectedItem>(QStringLiteral("BackupProtectedItems_List.json"));
    QVERIFY(!items.isEmpty());
    Models::ProtectedItemModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // One page naming the first item twice: one row, the later copy.
    Backup::ProtectedItem later = items.first();
    later.friendlyName = QStringLiteral("later copy");
    model.append({ items.first(), later });
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.item(0)->friendlyName, QStringLiteral("later copy"));
    // The same item with and without the backupFabrics/Azure segment, and in other case: one row.
    model.clear();
    Backup::ProtectedItem a = items.first();
    const QString fabric = QStringLiteral("/backupFabrics/Azure/");
    if (a.id.contains(fabric, Qt::CaseInsensitive)) {
        a.id.replace(fabric, QStringLiteral("/"), Qt::CaseInsensitive);
    }
    a.armId = Backup::ArmId::parse(a.id);
    Backup::ProtectedItem b = a;
    b.id.replace(QStringLiteral("/protectionContainers/"),
                 QStringLiteral("/backupFabrics/Azure/protectionContainers/"), Qt::CaseInsensitive);
    b.id = b.id.toUpper();
    b.armId = Backup::ArmId::parse(b.id);
    QVERIFY(a.id.compare(b.id, Qt::CaseInsensitive) != 0);
    QVERIFY(b.id.contains(QStringLiteral("/BACKUPFABRICS/AZURE/")));
    model.append({ a });
    model.append({ b });
    QCOMPARE(model.rowCount(), 1);
    model.append({ a, b });
    QCOMPARE(model.rowCount(), 1);
}

void TestEstateListModels::jobsDoNotDuplicateWithinAPage()
{
    const auto jobs = distinctJobs();
    QVERIFY(jobs.size() >= 2);
    Models::JobModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // A listing that shifted while paged repeats a job inside one page: one row, the later copy.
    Backup::Job later = jobs.first();
    later.percent = 77;
    QList<Backup::Job> page = jobs;
    page << later;
    model.append(page);
    QCOMPARE(model.rowCount(), int(jobs.size()));
    // The example as published names one job twice in its one page: one row.
    model.clear();
    model.append(parsed<Backup::Job>(QStringLiteral("ListJobs.json")));
    QCOMPARE(model.rowCount(), 1);
    model.clear();
    model.append(page);
    int with = 0;
    for (int r = 0; r < model.rowCount(); ++r)
        with += model.job(r)->name == later.name ? 1 : 0;
    QCOMPARE(with, 1);
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.job(r)->name == later.name)
            QVERIFY(model.job(r)->percent && int(*model.job(r)->percent) == 77);
    }
}

void TestEstateListModels::jobs()
{
    const auto jobs = distinctJobs();
    QVERIFY(!jobs.isEmpty());
    Models::JobModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(jobs);
    model.append(jobs);
    QCOMPARE(model.rowCount(), int(jobs.size()));
    // An update of a listed job changes its row; one not listed is not added.
    Backup::Job changed = jobs.first();
    changed.percent = 42;
    QVERIFY(model.update(changed));
    int row = -1;
    for (int r = 0; r < model.rowCount(); ++r)
        row = model.job(r)->name == changed.name ? r : row;
    QVERIFY(row >= 0 && model.job(row)->percent);
    QCOMPARE(*model.job(row)->percent, 42.0);
    Backup::Job stranger = jobs.first();
    stranger.name = QStringLiteral("not-listed");
    stranger.id = stranger.id.section(QLatin1Char('/'), 0, -2) + QStringLiteral("/not-listed");
    QVERIFY(!model.update(stranger));
    QCOMPARE(model.rowCount(), int(jobs.size()));
    // A Completed job with warnings is filtered with those completed with warnings.
    Backup::Job warned = jobs.first();
    warned.status = Backup::Job::Status::Completed;
    warned.warnings << Backup::Job::Problem { QStringLiteral("W1"), QStringLiteral("warned"), {}, {} };
    QVERIFY(model.update(warned));
    for (int r = 0; r < model.rowCount(); ++r)
        row = model.job(r)->name == warned.name ? r : row;
    QCOMPARE(model.index(row, 0).data(Models::JobModel::StatusRole).toInt(),
             int(Backup::Job::Status::CompletedWithWarnings));
    // ... and its Status says so: a row under "Completed with warnings" never reads "Completed".
    QCOMPARE(model.index(row, Models::JobModel::StatusColumn).data().toString(),
             QStringLiteral("Completed with warnings"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestEstateListModels::policiesDoNotDuplicate()
{
    const auto policies = parsed<Backup::Policy>(QStringLiteral("AzureIaasVm_BackupPolicies_List.json"));
    QVERIFY(policies.size() >= 2);
    Models::PolicyModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(policies);
    model.append(policies.mid(1)); // a page delivered again (a retried nextLink)
    QCOMPARE(model.rowCount(), int(policies.size()));
    // Ids differ in casing across answers: still the same policy, updated in place.
    Backup::Policy again = policies.first();
    again.id = again.id.toUpper();
    model.append({ again });
    QCOMPARE(model.rowCount(), int(policies.size()));
    QVERIFY(model.policy(policies.first().id));
    model.clear();
    model.append(policies);
    QCOMPARE(model.rowCount(), int(policies.size()));
}

void TestEstateListModels::filterProxy()
{
    const auto items = parsed<Backup::ProtectedItem>(QStringLiteral("BackupProtectedItems_List.json"));
    Models::ProtectedItemModel model;
    Models::TextFilterProxy proxy(Models::ProtectedItemModel::SearchTextRole,
                                  Models::ProtectedItemModel::SortRole);
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(0);
    model.append(items);
    QCOMPARE(proxy.rowCount(), int(items.size()));
    const QString name = items.first().friendlyName;
    proxy.setSearchText(name.left(4).toUpper());
    QVERIFY(proxy.rowCount() >= 1);
    proxy.setSearchText(QStringLiteral("no-such-thing-anywhere"));
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setSearchText({});
    proxy.setAllowed(Models::ProtectedItemModel::HealthRole, { -12345 });
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setAllowed(Models::ProtectedItemModel::HealthRole, {});
    QCOMPARE(proxy.rowCount(), int(items.size()));
    model.clear();
    QCOMPARE(proxy.rowCount(), 0);
}

void TestEstateListModels::timesReadAlikeInEveryList()
{
    // An item's last backup and a job's start are read side by side with recovery point times:
    // the same form everywhere ("2026-11-29 22:30", local time), not the locale's short format.
    Backup::ProtectedItem item
        = parsed<Backup::ProtectedItem>(QStringLiteral("BackupProtectedItems_List.json")).value(0);
    item.lastBackupTime = Compat::utcDateTime(QDate(2026, 11, 29), QTime(22, 30, 15));
    Models::ProtectedItemModel items;
    items.append({ item });
    const QString expected = item.lastBackupTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    QCOMPARE(items.index(0, Models::ProtectedItemModel::LastBackupColumn).data().toString(), expected);
    QCOMPARE(Models::localTimeText(item.lastBackupTime), expected);

    Backup::Job job = distinctJobs().value(0);
    job.startTime = item.lastBackupTime;
    Models::JobModel jobs;
    jobs.append({ job });
    QCOMPARE(jobs.index(0, Models::JobModel::StartColumn).data().toString(), expected);
    job.startTime = {};
    Models::JobModel unknown;
    unknown.append({ job });
    QCOMPARE(unknown.index(0, Models::JobModel::StartColumn).data().toString(), QString());
}

QTEST_GUILESS_MAIN(TestEstateListModels)
#include "tst_estatelistmodels.moc"
