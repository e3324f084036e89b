// The estate controller and its views over a scripted ARM server on 127.0.0.1 (real sockets,
// answers chosen per test): a reload cancels the listing it replaces, the jobs window follows
// the clock, partial or failed vault data is said and reloaded, a failed subscription can be
// retried, job details are refreshed and polled but never added to a list whose window moved,
// "no access" names the missing action with the error's ids, column widths survive a restart,
// every view's "equivalent request" strip holds exactly the requests the server saw for it, and
// the console can be driven from the keyboard alone.
#include "arm/armclient.h"
#include "arm/tokenprovider.h"
#include "backup/armid.h"
#include "backup/backupservice.h"
#include "cannedhttpserver.h"
#include "consolepage.h"
#include "core/job.h"
#include "estatecontroller.h"
#include "estateoverviewloader.h"
#include "itemspanel.h"
#include "jobspanel.h"
#include "listpanel.h"
#include "messagebanner.h"
#include "models/jobmodel.h"
#include "models/navigationmodel.h"
#include "models/policymodel.h"
#include "models/protecteditemmodel.h"
#include "models/recoverypointmodel.h"
#include "overviewwidget.h"
#include "pointscontroller.h"
#include "policiespanel.h"
#include "policypage.h"
#include "recoverypointspage.h"
#include "requeststrip.h"
#include "sandboxharness.h"
#include "sandboxids.h"
#include "vaultcontroller.h"
#include "vaultpage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTreeView>
#include <QUrlQuery>

#include <algorithm>
#include <memory>
#include <numeric>
#include <optional>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;
using Models::NavigationModel;

namespace {

const QString kSub = QStringLiteral("00000000-0000-0000-0000-000000000000");
const QString kSubId = QStringLiteral("/subscriptions/") + kSub;
const QString kGroupId = kSubId + QStringLiteral("/resourceGroups/rg-test");
const QString kVaultId = kGroupId + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/rsv-test");
const QString kItemId
    = kVaultId
    + QStringLiteral(
          "/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-test;vm1/"
          "protectedItems/VM;iaasvmcontainerv2;rg-test;vm1");

// The vault kVaultId names, as a listing would give it.
Backup::Vault testVault()
{
    Backup::Vault v;
    v.id = kVaultId;
    v.armId = Backup::ArmId::parse(kVaultId);
    v.name = QStringLiteral("rsv-test");
    return v;
}

QByteArray body(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray list(const QJsonArray &values)
{
    return CannedHttpServer::response(200, body({ { QStringLiteral("value"), values } }));
}

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QJsonObject item(const QString &name, const QString &health = QStringLiteral("Passed"))
{
    const QString id = QString(kItemId).replace(QStringLiteral("vm1"), name);
    return { { QStringLiteral("id"), id },
             { QStringLiteral("name"), id.section(QLatin1Char('/'), -1) },
             { QStringLiteral("properties"),
               QJsonObject { { QStringLiteral("protectedItemType"),
                               QStringLiteral("Microsoft.Compute/virtualMachines") },
                             { QStringLiteral("workloadType"), QStringLiteral("VM") },
                             { QStringLiteral("friendlyName"), name },
                             { QStringLiteral("healthStatus"), health } } } };
}

QJsonObject job(const QString &name, const QString &status, const QDateTime &start, int percent = -1,
                const QString &task = {})
{
    QJsonObject props { { QStringLiteral("jobType"), QStringLiteral("AzureIaaSVMJob") },
                        { QStringLiteral("operation"), QStringLiteral("Backup") },
                        { QStringLiteral("status"), status },
                        { QStringLiteral("entityFriendlyName"), QStringLiteral("vm1") },
                        { QStringLiteral("startTime"), iso(start) } };
    if (percent >= 0) {
        props.insert(QStringLiteral("extendedInfo"),
                     QJsonObject { { QStringLiteral("progressPercentage"), percent },
                                   { QStringLiteral("tasksList"),
                                     QJsonArray { QJsonObject {
                                         { QStringLiteral("taskId"), task },
                                         { QStringLiteral("status"), QStringLiteral("InProgress") } } } } });
    }
    return { { QStringLiteral("id"), kVaultId + QStringLiteral("/backupJobs/") + name },
             { QStringLiteral("name"), name },
             { QStringLiteral("properties"), props } };
}

QByteArray denied(const QString &action, const QByteArray &correlation)
{
    const QJsonObject error {
        { QStringLiteral("code"), QStringLiteral("AuthorizationFailed") },
        { QStringLiteral("message"),
          QStringLiteral("The client 'nora' with object id 'd4f7' does not have authorization to perform "
                         "action '%1' over scope '%2' or the scope is invalid.")
              .arg(action, kVaultId) }
    };
    return CannedHttpServer::response(403, body({ { QStringLiteral("error"), error } }),
                                      { { "x-ms-correlation-request-id", correlation } });
}

QByteArray failure(int status = 500)
{
    const QJsonObject error { { QStringLiteral("code"), QStringLiteral("InternalServerError") },
                              { QStringLiteral("message"), QStringLiteral("boom") } };
    return CannedHttpServer::response(status, body({ { QStringLiteral("error"), error } }));
}

QJsonObject vault(const QString &id)
{
    return { { QStringLiteral("id"), id },
             { QStringLiteral("name"), id.section(QLatin1Char('/'), -1) },
             { QStringLiteral("location"), QStringLiteral("westeurope") },
             { QStringLiteral("type"), QStringLiteral("Microsoft.RecoveryServices/vaults") },
             { QStringLiteral("properties"), QJsonObject {} } };
}

QJsonObject subscription(const QString &guid, const QString &name)
{
    return { { QStringLiteral("id"), QStringLiteral("/subscriptions/") + guid },
             { QStringLiteral("subscriptionId"), guid },
             { QStringLiteral("displayName"), name },
             { QStringLiteral("state"), QStringLiteral("Enabled") } };
}

// The policies of the public example, moved into the test vault.
QByteArray policies()
{
    QFile f(QStringLiteral(RD_TEST_DATA_DIR "/arm/AzureIaasVm_BackupPolicies_List.json"));
    if (!f.open(QIODevice::ReadOnly))
        return failure();
    QByteArray text = f.readAll();
    text.replace("/Subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SwaggerTestRg/providers/"
                 "Microsoft.RecoveryServices/vaults/NetSDKTestRsVault",
                 kVaultId.toUtf8());
    const QJsonObject value = QJsonDocument::fromJson(text)
                                  .object()
                                  .value(QStringLiteral("responses"))
                                  .toObject()
                                  .value(QStringLiteral("200"))
                                  .toObject()
                                  .value(QStringLiteral("body"))
                                  .toObject();
    return CannedHttpServer::response(200, body(value));
}

} // namespace

class TestEstateController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void jobsReloadCancelsTheRunningListing();
    void itemsReloadCancelsTheRunningListing();
    void jobsWindowFollowsTheClock();
    void jobsStatusFilterShowsItsJobsInTheStatedWindow();
    void partialVaultDataIsMarkedIncomplete();
    void failedVaultDataIsReloadedByTheOverview();
    void overviewOfManyVaultsIsNotRebuiltPerPart();
    void overviewCountsEachEntryOnceAndReadsOldDataAgain();
    void unlistedSubscriptionNeverShowsAnotherScope();
    void failedSubscriptionCanBeRetried();
    void jobDetailsAreRefreshedAndPolled();
    void lateJobDetailsNeverAddARow();
    void noAccessNamesTheActionWithTheIds();
    void noAccessNodeSaysWhyWhenSelected();
    void noAccessNamesTheListingsActionWhenTheMessageDoesNot_data();
    void noAccessNamesTheListingsActionWhenTheMessageDoesNot();
    void recoveryPointsNoAccessNamesTheAction();
    void overviewNoAccessNamesTheAction();
    void columnWidthsSurviveARestart();
    void selectionTabAndWindowSurviveARestart();
    void quitBeforeSigningInKeepsTheSavedState();
    void signOutThenQuitKeepsSelectionAndBranches();
    void placesAreKeptPerPerson();
    void placesSavedBeforeOwnersAreNobodys();
    void treeExpandsSubscriptionIntoVaults();
    void itemFiltersNarrowTheTable();
    void listBannerRetryLoadsAgain();
    void requestStripsHoldWhatWasRequested();
    void keyboardDrivesTheConsole();
    void mixedCaseGroupsShowAsOne();
    void estateOverviewNamesUnlistedSubscriptions();
    void noSubscriptionsSaysWhy();
    void subscriptionsNoAccessNamesTheActionWithRetry();
    void vaultDataIsSharedOnlyWhenWhole();
    void unreadablePointsAreCounted();
    void reloadDropsAVaultDeletedSinceTheListing();
    void emptySubscriptionOverviewSaysListingThenNoAccess();
    void overviewKeepsTheLastCopyAsTheTablesDo();
    void runningJobsFromBeforeTheWindowAreCounted();
    void dataIsAsOldAsItsOldestPart();
    void retryClickedTwiceQuicklyRetriesOnce();
    void vaultsWithoutGroupOrOfAnotherSubscriptionAreUnreadable();
    void entriesRepeatedAcrossPagesCountOnce();
    void adoptedVaultIsNotLeftLoading();
    void unreadableSubscriptionsAreSaidNotMisdiagnosed();
    void loopingPointsPageIsAnErrorNotCompletion();
    void failedLaterPointsPageIsAskedForAgain();
    void signOutLeavesNothingOfTheIdentity();
    void unreadableEntriesStayUntilReadAgain();
    void outOfScopeVaultIsNamedByItsPlaceInThePage();
    void nextPersonSeesNothingOfTheLast_data();
    void nextPersonSeesNothingOfTheLast();

private:
    // Routes: "subscriptions", "vaults", "items", "policies", "jobs", "job", "points".
    using Route = std::function<QByteArray(const CannedHttpServer::Seen &)>;
    int seen(const QString &route) const;
    QString routeOf(const QByteArray &target) const;
    void startConsole();
    void showVault();
    // The tree's Estate branch expanded, then the test subscription chosen in it.
    void selectSubscription();
    // "GET http://127.0.0.1:port/path?query" as the server saw each request.
    QStringList sent(const QList<CannedHttpServer::Seen> &seen) const;

    QTemporaryDir m_dir;
    std::unique_ptr<CannedHttpServer> m_server;
    QHash<QString, Route> m_routes;
    QList<CannedHttpServer::Seen> m_startRequests; // what startConsole() saw before clearing
    QNetworkAccessManager m_nam;
    std::unique_ptr<Arm::StaticTokenProvider> m_tokens;
    std::unique_ptr<Arm::ArmClient> m_arm;
    std::unique_ptr<Backup::BackupService> m_service;
    std::unique_ptr<ConsolePage> m_console;
    EstateController *m_controller = nullptr;
};

void TestEstateController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("RestoreDeskTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_estatecontroller"));
}

QString TestEstateController::routeOf(const QByteArray &target) const
{
    const QString path = QString::fromUtf8(target.left(target.indexOf('?'))).toLower();
    if (path == QLatin1String("/subscriptions"))
        return QStringLiteral("subscriptions");
    if (path.endsWith(QLatin1String("/providers/microsoft.recoveryservices/vaults")))
        return QStringLiteral("vaults");
    if (path.endsWith(QLatin1String("/backupprotecteditems")))
        return QStringLiteral("items");
    if (path.endsWith(QLatin1String("/backuppolicies")))
        return QStringLiteral("policies");
    if (path.endsWith(QLatin1String("/backupjobs")))
        return QStringLiteral("jobs");
    if (path.contains(QLatin1String("/backupjobs/")))
        return QStringLiteral("job");
    if (path.endsWith(QLatin1String("/recoverypoints")))
        return QStringLiteral("points");
    return QStringLiteral("other");
}

int TestEstateController::seen(const QString &route) const
{
    int n = 0;
    for (const CannedHttpServer::Seen &s : m_server->requests())
        n += routeOf(s.target) == route ? 1 : 0;
    return n;
}

void TestEstateController::init()
{
    m_server = std::make_unique<CannedHttpServer>();
    QVERIFY(m_server->start());
    m_routes.clear();
    m_routes.insert(QStringLiteral("subscriptions"), [](const CannedHttpServer::Seen &) {
        return list({ QJsonObject { { QStringLiteral("id"), kSubId },
                                    { QStringLiteral("subscriptionId"), kSub },
                                    { QStringLiteral("displayName"), QStringLiteral("Test subscription") },
                                    { QStringLiteral("state"), QStringLiteral("Enabled") } } });
    });
    m_routes.insert(QStringLiteral("vaults"), [](const CannedHttpServer::Seen &) {
        return list(
            { QJsonObject { { QStringLiteral("id"), kVaultId },
                            { QStringLiteral("name"), QStringLiteral("rsv-test") },
                            { QStringLiteral("location"), QStringLiteral("westeurope") },
                            { QStringLiteral("type"), QStringLiteral("Microsoft.RecoveryServices/vaults") },
                            { QStringLiteral("properties"), QJsonObject {} } } });
    });
    m_routes.insert(QStringLiteral("items"), [](const CannedHttpServer::Seen &) {
        return list(
            { item(QStringLiteral("vm1")), item(QStringLiteral("vm2"), QStringLiteral("ActionRequired")) });
    });
    m_routes.insert(QStringLiteral("policies"), [](const CannedHttpServer::Seen &) { return policies(); });
    m_routes.insert(QStringLiteral("jobs"), [](const CannedHttpServer::Seen &) { return list({}); });
    m_routes.insert(QStringLiteral("points"), [](const CannedHttpServer::Seen &) { return list({}); });
    m_server->setHandler([this](const CannedHttpServer::Seen &s) {
        const Route r = m_routes.value(routeOf(s.target));
        return r ? r(s) : CannedHttpServer::response(404, "{}");
    });
    m_tokens = std::make_unique<Arm::StaticTokenProvider>("token");
    Net::Transport t;
    t.nam = &m_nam;
    m_arm = std::make_unique<Arm::ArmClient>(t, m_tokens.get(), m_server->url(QStringLiteral("/")));
    Arm::ArmClient::Options options;
    options.maxAttempts = 1;
    m_arm->setOptions(options);
    m_service = std::make_unique<Backup::BackupService>(m_arm.get());
}

void TestEstateController::cleanup()
{
    // Routes capture the test's locals: none may answer once the test has returned.
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(404, "{}"); });
    m_routes.clear();
    m_controller = nullptr;
    m_console.reset();
    m_service.reset();
    m_arm.reset();
    m_tokens.reset();
    m_server.reset();
    QSettings().clear();
}

void TestEstateController::startConsole()
{
    m_console = std::make_unique<ConsolePage>();
    m_controller = new EstateController(m_console.get(), m_console.get());
    m_console->resize(1200, 800);
    m_console->show();
    m_controller->setService(m_service.get());
    // As on a real start: the window is active, the tree has chosen its first node (the estate)
    // and the estate overview has read what it reads, so a test's own navigation and request
    // counts start after that.
    QVERIFY(QTest::qWaitForWindowActive(m_console.get()));
    QTRY_VERIFY(!m_console->selectedKey().isEmpty());
    qsizetype last = -1;
    QElapsedTimer quiet;
    const auto settled = [&] {
        const qsizetype now = m_server->requests().size();
        if (now != last) {
            last = now;
            quiet.restart();
        }
        return quiet.elapsed() >= 300;
    };
    QTRY_VERIFY_WITH_TIMEOUT(settled(), 10000);
    m_startRequests = m_server->requests();
    m_server->clearRequests();
}

void TestEstateController::selectSubscription()
{
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    QTRY_VERIFY(nav->indexOf(kSubId.toLower()).isValid());
    m_console->tree()->setCurrentIndex(nav->indexOf(kSubId.toLower()));
    QTRY_COMPARE(m_console->selectedKey(), kSubId.toLower());
}

void TestEstateController::showVault()
{
    m_controller->showVault(kVaultId);
}

QStringList TestEstateController::sent(const QList<CannedHttpServer::Seen> &seen) const
{
    const QString origin = m_server->url(QString()).toString();
    QStringList out;
    for (const CannedHttpServer::Seen &s : seen)
        out << QString::fromLatin1(s.method) + QLatin1Char(' ') + origin + QString::fromLatin1(s.target);
    return out;
}

void TestEstateController::jobsReloadCancelsTheRunningListing()
{
    // Each jobs listing answers one job of its own: only one listing may show.
    int n = 0;
    m_routes.insert(QStringLiteral("jobs"), [&n](const CannedHttpServer::Seen &s) {
        if (QUrl::fromPercentEncoding(s.target).contains(QStringLiteral("status eq 'InProgress'")))
            return list({}); // (the running jobs, listed with each window: none)
        ++n;
        return list({ job(QStringLiteral("listing-%1").arg(n), QStringLiteral("Completed"),
                          QDateTime::currentDateTimeUtc().addSecs(-600)) });
    });
    startConsole();
    n = 0; // (the estate overview's listing does not count)
    showVault();
    // The operator changes the window while the first listing is still on its way.
    auto *window
        = m_controller->vaultPage()->jobs()->findChild<QComboBox *>(QStringLiteral("jobWindowCombo"));
    QVERIFY(window);
    window->setCurrentIndex(1);
    ListPanel *panel = m_controller->vaultPage()->jobs()->list();
    QTRY_VERIFY(!panel->isLoading());
    QTest::qWait(300); // any answer of the replaced listing would have landed by now
    Models::JobModel *model = m_controller->vaultPage()->jobs()->model();
    QCOMPARE(model->rowCount(), 1);
    // One row: the replaced listing never lands beside the new one. (Which of the two requests
    // the server saw last says nothing: a cancelled request may still reach it after the new one.)
    QVERIFY(model->job(0)->name.startsWith(QStringLiteral("listing-")));
    QVERIFY2(panel->statusText().contains(QStringLiteral("All 1 jobs")), qPrintable(panel->statusText()));
}

void TestEstateController::itemsReloadCancelsTheRunningListing()
{
    int n = 0;
    m_routes.insert(QStringLiteral("items"), [&n](const CannedHttpServer::Seen &) {
        ++n;
        return list({ item(QStringLiteral("vm-listing-%1").arg(n)) });
    });
    startConsole();
    n = 0; // (the estate overview's listing does not count)
    showVault();
    // Retry (or any reload) while the first listing runs: the first one must not land too.
    m_controller->vaultPage()->items()->list()->fail(Error::make(Error::Kind::Network, QStringLiteral("x")),
                                                     {});
    QMetaObject::invokeMethod(m_controller, [this] { m_controller->vaultController()->reloadVault(); });
    QTRY_VERIFY(n >= 1);
    QTRY_VERIFY(!m_controller->vaultPage()->items()->list()->isLoading());
    QTest::qWait(300);
    Models::ProtectedItemModel *model = m_controller->vaultPage()->items()->model();
    QCOMPARE(model->rowCount(), 1);
    // One row: the replaced listing never lands beside the new one (see the jobs case for why
    // the server's order of the two says nothing).
    QVERIFY(model->items().first().friendlyName.startsWith(QStringLiteral("vm-listing-")));
    QVERIFY(n >= 1);
}

void TestEstateController::jobsWindowFollowsTheClock()
{
    ManualClock clock(QDateTime(QDate(2026, 11, 29), QTime(10, 0), QTimeZone::utc()));
    JobsPanel panel;
    panel.setClock(clock.clock());
    QCOMPARE(panel.filter().since, clock.now().addSecs(-24 * 3600));
    clock.advance(5 * 3600); // the console stayed open
    QCOMPARE(panel.filter().since, clock.now().addSecs(-24 * 3600));
    QVERIFY2(panel.list()->statusText().contains(
                 QLocale().toString(clock.now().addSecs(-24 * 3600).toLocalTime(), QLocale::ShortFormat)),
             qPrintable(panel.list()->statusText()));
    // The running jobs from before the window come in later: the label keeps the start the
    // listing asked for, not a start taken again from the clock by then.
    const QString asked = QLocale().toString(panel.filter().since.toLocalTime(), QLocale::ShortFormat);
    clock.advance(20 * 60); // a slow, many-page listing
    panel.setEarlierRunning(1);
    QVERIFY2(panel.list()->statusText().contains(asked), qPrintable(panel.list()->statusText()));
    QVERIFY2(panel.list()->statusText().contains(QStringLiteral("plus 1 still running")),
             qPrintable(panel.list()->statusText()));
}

// The jobs' status filter: each choice shows exactly its jobs (warnings with failures), and the
// time window stays stated whatever the filter.
void TestEstateController::jobsStatusFilterShowsItsJobsInTheStatedWindow()
{
    m_routes.insert(QStringLiteral("jobs"), [](const CannedHttpServer::Seen &) {
        const QDateTime hourAgo = QDateTime::currentDateTimeUtc().addSecs(-3600);
        return list({ job(QStringLiteral("ok"), QStringLiteral("Completed"), hourAgo),
                      job(QStringLiteral("failed"), QStringLiteral("Failed"), hourAgo),
                      job(QStringLiteral("warned"), QStringLiteral("CompletedWithWarnings"), hourAgo),
                      job(QStringLiteral("running"), QStringLiteral("InProgress"), hourAgo, 40,
                          QStringLiteral("Take snapshot")),
                      job(QStringLiteral("cancelled"), QStringLiteral("Canceled"), hourAgo) });
    });
    startConsole();
    showVault();
    JobsPanel *jobs = m_controller->vaultPage()->jobs();
    QTRY_COMPARE(jobs->model()->rowCount(), 5);
    QTRY_VERIFY(!jobs->list()->isLoading());
    auto *status = jobs->findChild<QComboBox *>(QStringLiteral("jobStatusCombo"));
    QVERIFY(status);
    const auto shown = [jobs] {
        QStringList names;
        const QAbstractItemModel *view = jobs->list()->table()->model();
        for (int row = 0; row < view->rowCount(); ++row)
            names << view->index(row, 0).data(Models::JobModel::IdRole).toString().section(u'/', -1);
        names.sort();
        return names;
    };
    const QList<std::pair<QString, QStringList>> cases {
        { QStringLiteral("Failed or with warnings"), { QStringLiteral("failed"), QStringLiteral("warned") } },
        { QStringLiteral("Failed"), { QStringLiteral("failed") } },
        { QStringLiteral("Completed with warnings"), { QStringLiteral("warned") } },
        { QStringLiteral("In progress"), { QStringLiteral("running") } },
        { QStringLiteral("Completed"), { QStringLiteral("ok") } },
        { QStringLiteral("Cancelled"), { QStringLiteral("cancelled") } },
        { QStringLiteral("Any status"),
          { QStringLiteral("cancelled"), QStringLiteral("failed"), QStringLiteral("ok"),
            QStringLiteral("running"), QStringLiteral("warned") } },
    };
    for (const auto &[choice, expected] : cases) {
        const int index = status->findText(choice);
        QVERIFY2(index >= 0, qPrintable(choice));
        status->setCurrentIndex(index);
        QCOMPARE(shown(), expected);
        // The window is stated whatever the status filter shows of it.
        QVERIFY2(jobs->list()->statusText().contains(QStringLiteral("(last 24 hours)")),
                 qPrintable(jobs->list()->statusText()));
    }
    // Another window: listed again, stated, and the status filter still applies.
    status->setCurrentIndex(status->findText(QStringLiteral("Failed or with warnings")));
    auto *window = jobs->findChild<QComboBox *>(QStringLiteral("jobWindowCombo"));
    window->setCurrentIndex(window->findData(24 * 7));
    QTRY_VERIFY(!jobs->list()->isLoading());
    QTRY_COMPARE(jobs->model()->rowCount(), 5);
    QCOMPARE(shown(), (QStringList { QStringLiteral("failed"), QStringLiteral("warned") }));
    QVERIFY2(jobs->list()->statusText().contains(QStringLiteral("(last 7 days)")),
             qPrintable(jobs->list()->statusText()));
}

void TestEstateController::partialVaultDataIsMarkedIncomplete()
{
    m_routes.insert(QStringLiteral("items"), [](const CannedHttpServer::Seen &) { return failure(); });
    startConsole();
    showVault();
    OverviewWidget *overview
        = m_controller->vaultPage()->findChild<OverviewWidget *>(QStringLiteral("vaultOverviewWidget"));
    QVERIFY(overview);
    auto *incomplete = overview->findChild<QLabel *>(QStringLiteral("overviewIncompleteLabel"));
    QVERIFY(incomplete);
    QTRY_VERIFY(!incomplete->text().isEmpty());
    QVERIFY2(incomplete->text().contains(QStringLiteral("protected items")), qPrintable(incomplete->text()));
    QVERIFY(!incomplete->text().contains(QStringLiteral("policies")));
    QVERIFY(!incomplete->isHidden());
    // The estate's overview of the same vault says it too (it reloads it: see the next test).
    QCOMPARE(overview->overview().totalItems, 0);
}

void TestEstateController::failedVaultDataIsReloadedByTheOverview()
{
    bool broken = true;
    m_routes.insert(QStringLiteral("items"), [&broken](const CannedHttpServer::Seen &) {
        return broken ? failure() : list({ item(QStringLiteral("vm1")) });
    });
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setService(m_service.get());
    const Backup::Vault vault = testVault();
    QSignalSpy failed(&loader, &EstateOverviewLoader::failedVaults);
    loader.show(QStringLiteral("All"), { vault });
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(loader.data(kVaultId));
    QCOMPARE(loader.data(kVaultId)->errors.size(), 1);
    QCOMPARE(seen(QStringLiteral("items")), 1);

    broken = false;
    loader.show(QStringLiteral("All"), { vault }); // moving back to the scope: the failed part loads again
    QTRY_COMPARE(seen(QStringLiteral("items")), 2);
    QTRY_VERIFY(loader.data(kVaultId) && loader.data(kVaultId)->loaded());
    QVERIFY(loader.data(kVaultId)->errors.isEmpty());
    QCOMPARE(widget.overview().totalItems, 1);
    // A vault whose data is complete is not loaded a third time.
    loader.show(QStringLiteral("All"), { vault });
    QTest::qWait(100);
    QCOMPARE(seen(QStringLiteral("items")), 2);
}

// Defects: a listing that shifted while it was paged counted an item twice in the overview; and
// data read hours ago was judged against the clock now ("last 24 hours", ages).
void TestEstateController::overviewCountsEachEntryOnceAndReadsOldDataAgain()
{
    m_routes.insert(QStringLiteral("items"), [](const CannedHttpServer::Seen &) {
        return list(
            { item(QStringLiteral("vm1")), item(QStringLiteral("vm2")), item(QStringLiteral("vm1")) });
    });
    ManualClock clock(QDateTime::currentDateTimeUtc());
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setService(m_service.get());
    loader.setClock(clock.clock());
    const Backup::Vault vault = testVault();
    loader.show(QStringLiteral("All"), { vault });
    QTRY_VERIFY(loader.data(kVaultId) && loader.data(kVaultId)->loaded());
    QCOMPARE(widget.overview().totalItems, 2);
    QCOMPARE(seen(QStringLiteral("items")), 1);
    // Shown again a minute later: what was read is used.
    clock.advance(60);
    loader.show(QStringLiteral("All"), { vault });
    QTest::qWait(100);
    QCOMPARE(seen(QStringLiteral("items")), 1);
    // Shown again when it is older than the overview allows: read again, from the clock now.
    clock.advance(EstateOverviewLoader::kMaxAgeSeconds);
    loader.show(QStringLiteral("All"), { vault });
    QTRY_COMPARE(seen(QStringLiteral("items")), 2);
    QTRY_VERIFY(loader.data(kVaultId) && loader.data(kVaultId)->loaded());
    QCOMPARE(loader.data(kVaultId)->loadedAt, clock.now());
    QCOMPARE(widget.overview().totalItems, 2);
}

// Defect: a subscription selected before its vaults were listed showed the previous scope's
// numbers under its own title, and nothing rebuilt them once its vaults came.
void TestEstateController::unlistedSubscriptionNeverShowsAnotherScope()
{
    startConsole();
    NavigationModel *nav = m_console->navigation();
    const QModelIndex estate = nav->indexOf(QLatin1String(EstateController::kEstateKey));
    m_console->tree()->setCurrentIndex(estate);
    OverviewWidget *overview = m_controller->estateOverview();
    QTRY_COMPARE(overview->overview().totalItems, 2); // the whole estate: one vault, two items
    m_console->tree()->expand(estate); // the subscriptions, not their vaults
    QTRY_COMPARE(nav->rowCount(estate), 1);
    const QModelIndex sub = nav->index(0, 0, estate);
    QCOMPARE(nav->state(nav->keyOf(sub)), NavigationModel::State::Idle);
    const int listings = seen(QStringLiteral("vaults"));
    m_console->tree()->setCurrentIndex(sub);
    auto *title = overview->findChild<QLabel *>(QStringLiteral("overviewTitleLabel"));
    QVERIFY(title->text().contains(QStringLiteral("Subscription")));
    QCOMPARE(overview->overview().totalItems, 0); // nothing of this scope is known yet
    // Listed: its own overview, built from its vaults (listed once).
    QTRY_COMPARE(nav->state(nav->keyOf(sub)), NavigationModel::State::Loaded);
    QTRY_COMPARE(overview->overview().totalItems, 2);
    QVERIFY(title->text().contains(QStringLiteral("Subscription")));
    QCOMPARE(seen(QStringLiteral("vaults")), listings + 1);
}

// Defect: the overview was rebuilt in full each time one vault's part arrived (quadratic in the
// size of the estate). Parts arriving together are folded into one rebuild, with the same result.
void TestEstateController::overviewOfManyVaultsIsNotRebuiltPerPart()
{
    const ManualClock clock(QDateTime(QDate(2026, 5, 1), QTime(12, 0), QTimeZone::utc()));
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setClock(clock.clock());
    constexpr int kVaults = 1500;
    QList<Backup::Vault> vaults;
    QList<EstateOverviewLoader::VaultData> parts;
    QList<Backup::ProtectedItem> allItems;
    QList<Backup::Job> allJobs;
    const QList<Backup::ProtectedItem::Health> healths { Backup::ProtectedItem::Health::Passed,
                                                         Backup::ProtectedItem::Health::ActionRequired,
                                                         Backup::ProtectedItem::Health::ActionSuggested };
    const QList<Backup::Job::Status> statuses { Backup::Job::Status::Completed, Backup::Job::Status::Failed,
                                                Backup::Job::Status::CompletedWithWarnings };
    for (int i = 0; i < kVaults; ++i) {
        Backup::Vault v;
        v.id = kGroupId + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/v%1").arg(i);
        v.armId = Backup::ArmId::parse(v.id);
        v.name = QStringLiteral("v%1").arg(i);
        vaults << v;
        EstateOverviewLoader::VaultData d;
        for (int k = 0; k <= i % 3; ++k) {
            Backup::ProtectedItem item;
            item.id = v.id + QStringLiteral("/protectedItems/i%1").arg(k);
            item.health = healths.at((i + k) % 3);
            d.items << item;
            Backup::Job job;
            job.id = v.id + QStringLiteral("/backupJobs/j%1").arg(k);
            job.status = statuses.at((i * 7 + k) % 3);
            job.startTime = clock.now().addSecs(-60 * (i % 600) - k);
            job.endTime = job.startTime.addSecs(30);
            d.jobs << job;
        }
        allItems += d.items;
        allJobs += d.jobs;
        parts << d;
    }
    loader.show(QStringLiteral("All"), vaults); // no service: every vault's data comes from adopt()
    const int afterShow = loader.rebuildCount();
    QCOMPARE(afterShow, 1);
    // Every vault's data arrives within one turn of the event loop.
    for (int i = 0; i < kVaults; ++i)
        loader.adopt(vaults.at(i).id, parts.at(i));
    // The last part completes the scope: one rebuild at once, none per earlier part.
    QCOMPARE(loader.rebuildCount(), afterShow + 1);
    const Backup::Overview expected = Backup::Overview::build(allItems, {}, allJobs, clock.now());
    const Backup::Overview &shown = widget.overview();
    QCOMPARE(shown.totalItems, expected.totalItems);
    QCOMPARE(shown.totalItems, int(allItems.size()));
    QCOMPARE(shown.itemsByHealth, expected.itemsByHealth);
    QCOMPARE(shown.jobs.succeeded, expected.jobs.succeeded);
    QCOMPARE(shown.jobs.failed, expected.jobs.failed);
    QCOMPARE(shown.jobs.withWarnings, expected.jobs.withWarnings);
    QCOMPARE(shown.jobs.total(), int(allJobs.size()));
    QCOMPARE(shown.failedJobIds, expected.failedJobIds);
    QCOMPARE(shown.warningJobIds, expected.warningJobIds);
    QTest::qWait(2 * EstateOverviewLoader::kRebuildIntervalMs); // nothing is left scheduled
    QCOMPARE(loader.rebuildCount(), afterShow + 1);

    // Parts that do not complete the scope are folded into one rebuild, after the event loop
    // turns.
    loader.refresh();
    loader.show(QStringLiteral("All"), vaults);
    const int before = loader.rebuildCount();
    for (int i = 0; i < kVaults / 2; ++i)
        loader.adopt(vaults.at(i).id, parts.at(i));
    QCOMPARE(loader.rebuildCount(), before);
    QTRY_COMPARE(loader.rebuildCount(), before + 1);
    QCOMPARE(widget.overview().totalItems,
             int(std::accumulate(
                 parts.cbegin(), parts.cbegin() + kVaults / 2, qsizetype(0),
                 [](qsizetype n, const EstateOverviewLoader::VaultData &d) { return n + d.items.size(); })));
}

void TestEstateController::failedSubscriptionCanBeRetried()
{
    bool broken = true;
    m_routes.insert(QStringLiteral("vaults"),
                    [&broken, original = m_routes.value(QStringLiteral("vaults"))](
                        const CannedHttpServer::Seen &s) { return broken ? failure(503) : original(s); });
    startConsole();
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    const QString subKey = kSubId.toLower();
    QTRY_VERIFY(nav->contains(subKey));
    m_console->tree()->expand(nav->indexOf(subKey));
    QTRY_COMPARE(nav->state(subKey), NavigationModel::State::Failed);
    MessageBanner *banner = m_console->banner();
    QTRY_VERIFY(banner->isVisibleTo(m_console.get()));
    auto *retry = banner->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry);
    broken = false;
    const int before = seen(QStringLiteral("vaults"));
    retry->click();
    QTRY_COMPARE(nav->state(subKey), NavigationModel::State::Loaded);
    QTRY_VERIFY(nav->contains(kVaultId.toLower()));
    QCOMPARE(seen(QStringLiteral("vaults")), before + 1);
}

void TestEstateController::jobDetailsAreRefreshedAndPolled()
{
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-300);
    int percent = 10;
    m_routes.insert(QStringLiteral("jobs"), [start](const CannedHttpServer::Seen &) {
        return list({ job(QStringLiteral("running"), QStringLiteral("InProgress"), start) });
    });
    m_routes.insert(QStringLiteral("job"), [start, &percent](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(
            200,
            body(job(QStringLiteral("running"), QStringLiteral("InProgress"), start, percent,
                     QStringLiteral("Take snapshot %1").arg(percent))));
    });
    startConsole();
    JobsPanel *jobs = m_controller->vaultPage()->jobs();
    jobs->setPollInterval(100);
    showVault();
    auto *tabs = m_controller->vaultPage()->findChild<QTabWidget *>(QStringLiteral("vaultTabs"));
    QVERIFY(tabs);
    for (int t = 0; t < tabs->count(); ++t) {
        if (tabs->widget(t) == jobs || tabs->widget(t)->isAncestorOf(jobs))
            tabs->setCurrentIndex(t);
    }
    QTRY_COMPARE(jobs->model()->rowCount(), 1);
    QTableView *table = jobs->list()->table();
    table->setCurrentIndex(table->model()->index(0, 0));
    // Asked for (and, running, asked again every 100 ms: a check may see 2 already).
    QTRY_VERIFY(seen(QStringLiteral("job")) >= 1);
    QTRY_COMPARE(jobs->model()->job(0)->currentTask, QStringLiteral("Take snapshot 10"));
    QTRY_VERIFY(jobs->isVisible());
    // Running: its percent and current task keep coming while the page is shown.
    percent = 60;
    QTRY_VERIFY(jobs->model()->job(0)->percent && int(*jobs->model()->job(0)->percent) == 60);
    QCOMPARE(jobs->model()->job(0)->currentTask, QStringLiteral("Take snapshot 60"));
    QCOMPARE(jobs->model()->rowCount(), 1);
    // Not shown: no polling.
    m_console->hide();
    QTest::qWait(150);
    const int asked = seen(QStringLiteral("job"));
    QTest::qWait(400);
    QCOMPARE(seen(QStringLiteral("job")), asked);
    m_console->show();
    // A reload forgets what was fetched: selecting the job again asks again.
    auto *window = jobs->findChild<QComboBox *>(QStringLiteral("jobWindowCombo"));
    jobs->setPollInterval(60 * 60 * 1000);
    const int before = seen(QStringLiteral("job"));
    window->setCurrentIndex(2);
    QTRY_VERIFY(!jobs->list()->isLoading());
    QTRY_COMPARE(jobs->model()->rowCount(), 1);
    table->setCurrentIndex(table->model()->index(0, 0));
    QTRY_VERIFY(seen(QStringLiteral("job")) > before);
}

void TestEstateController::lateJobDetailsNeverAddARow()
{
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-300);
    int listings = 0;
    m_routes.insert(QStringLiteral("jobs"), [start, &listings](const CannedHttpServer::Seen &) {
        // The first window has the job; the next one does not.
        return ++listings == 1 ? list({ job(QStringLiteral("old"), QStringLiteral("Completed"), start) })
                               : list({});
    });
    m_routes.insert(QStringLiteral("job"), [start](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(200,
                                          body(job(QStringLiteral("old"), QStringLiteral("Completed"), start,
                                                   100, QStringLiteral("Done"))));
    });
    startConsole();
    listings = 0; // (the estate overview's listing does not count)
    JobsPanel *jobs = m_controller->vaultPage()->jobs();
    showVault();
    QTRY_COMPARE(jobs->model()->rowCount(), 1);
    QTableView *table = jobs->list()->table();
    table->setCurrentIndex(table->model()->index(0, 0)); // its details are asked for...
    auto *window = jobs->findChild<QComboBox *>(QStringLiteral("jobWindowCombo"));
    window->setCurrentIndex(1); // ...and the window changes before they come
    QTRY_COMPARE(listings, 2);
    QTRY_VERIFY(!jobs->list()->isLoading());
    QTest::qWait(300); // (the details' GET is cancelled with its listing, or its answer ignored)
    QCOMPARE(jobs->model()->rowCount(), 0);
}

void TestEstateController::noAccessNamesTheActionWithTheIds()
{
    const QString action = QStringLiteral("Microsoft.RecoveryServices/vaults/backupProtectedItems/read");
    m_routes.insert(QStringLiteral("items"),
                    [action](const CannedHttpServer::Seen &) { return denied(action, "corr-items-403"); });
    startConsole();
    showVault();
    MessageBanner *banner = m_controller->vaultPage()->items()->list()->banner();
    QTRY_VERIFY(!banner->isHidden()); // (on the items tab, not the current one)
    const QString text = banner->text();
    QVERIFY2(text.contains(action), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("AuthorizationFailed")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("corr-items-403")), qPrintable(text));
    QVERIFY(banner->findChild<QPushButton *>(QStringLiteral("retryButton")));
}

// Defect: the action was read only from the service's message; a refusal without it (a deny
// assignment's, a gateway's) left "may not read these X" without the action, though the console
// knows which action each listing needs.
void TestEstateController::noAccessNamesTheListingsActionWhenTheMessageDoesNot_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("action");
    QTest::newRow("items") << QStringLiteral("items")
                           << QStringLiteral("Microsoft.RecoveryServices/Vaults/backupProtectedItems/read");
    QTest::newRow("policies") << QStringLiteral("policies")
                              << QStringLiteral("Microsoft.RecoveryServices/Vaults/backupPolicies/read");
    QTest::newRow("jobs") << QStringLiteral("jobs")
                          << QStringLiteral("Microsoft.RecoveryServices/Vaults/backupJobs/read");
    QTest::newRow("points") << QStringLiteral("points")
                            << QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/"
                                              "protectionContainers/protectedItems/recoveryPoints/read");
}

void TestEstateController::noAccessNamesTheListingsActionWhenTheMessageDoesNot()
{
    QFETCH(QString, route);
    QFETCH(QString, action);
    m_routes.insert(route, [](const CannedHttpServer::Seen &) {
        const QJsonObject error { { QStringLiteral("code"), QStringLiteral("AuthorizationFailed") },
                                  { QStringLiteral("message"),
                                    QStringLiteral("The client 'nora' may not read this.") } };
        return CannedHttpServer::response(403, body({ { QStringLiteral("error"), error } }),
                                          { { "x-ms-correlation-request-id", "corr-403" } });
    });
    startConsole();
    MessageBanner *banner = nullptr;
    if (route == QLatin1String("points")) {
        m_controller->showRecoveryPoints(kItemId);
        banner = m_controller->recoveryPointsPage()->banner();
    } else {
        showVault();
        VaultPage *vault = m_controller->vaultPage();
        banner = route == QLatin1String("items") ? vault->items()->list()->banner()
            : route == QLatin1String("policies") ? vault->policies()->list()->banner()
                                                 : vault->jobs()->list()->banner();
    }
    QTRY_VERIFY(!banner->isHidden());
    const QString text = banner->text();
    QVERIFY2(text.contains(QStringLiteral("No access")), qPrintable(text));
    QVERIFY2(text.contains(action), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("corr-403")), qPrintable(text));
}

void TestEstateController::noAccessNodeSaysWhyWhenSelected()
{
    const QString action = QStringLiteral("Microsoft.RecoveryServices/vaults/read");
    m_routes.insert(QStringLiteral("vaults"),
                    [action](const CannedHttpServer::Seen &) { return denied(action, "corr-vaults-403"); });
    startConsole();
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    const QString subKey = kSubId.toLower();
    QTRY_VERIFY(nav->contains(subKey));
    m_console->tree()->expand(nav->indexOf(subKey));
    QTRY_COMPARE(nav->state(subKey), NavigationModel::State::NoAccess);
    m_console->banner()->clear();
    m_console->select(subKey);
    QTRY_VERIFY(m_console->banner()->isVisibleTo(m_console.get()));
    const QString text = m_console->banner()->text();
    QVERIFY2(text.contains(action), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("corr-vaults-403")), qPrintable(text));
}

void TestEstateController::recoveryPointsNoAccessNamesTheAction()
{
    const QString action = QStringLiteral(
        "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/"
        "recoveryPoints/read");
    m_routes.insert(QStringLiteral("points"),
                    [action](const CannedHttpServer::Seen &) { return denied(action, "corr-points-403"); });
    startConsole();
    m_controller->showRecoveryPoints(kItemId);
    auto *banner
        = m_controller->recoveryPointsPage()->findChild<MessageBanner *>(QStringLiteral("pageBanner"));
    QVERIFY(banner);
    QTRY_VERIFY(!banner->isHidden());
    QVERIFY2(banner->text().contains(action), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QStringLiteral("corr-points-403")), qPrintable(banner->text()));
}

void TestEstateController::overviewNoAccessNamesTheAction()
{
    const QString action = QStringLiteral("Microsoft.RecoveryServices/vaults/backupPolicies/read");
    m_routes.insert(QStringLiteral("policies"),
                    [action](const CannedHttpServer::Seen &) { return denied(action, "corr-policies-403"); });
    startConsole();
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    const QString subKey = kSubId.toLower();
    QTRY_VERIFY(nav->contains(subKey));
    m_console->tree()->expand(nav->indexOf(subKey));
    QTRY_VERIFY(nav->contains(kGroupId.toLower()));
    m_console->select(kGroupId.toLower()); // the resource group's overview loads its vault
    QTRY_VERIFY(m_console->banner()->isVisibleTo(m_console.get()));
    QTRY_VERIFY2(m_console->banner()->text().contains(action), qPrintable(m_console->banner()->text()));
    QVERIFY2(m_console->banner()->text().contains(QStringLiteral("rsv-test")),
             qPrintable(m_console->banner()->text()));
}

void TestEstateController::columnWidthsSurviveARestart()
{
    startConsole();
    m_console->restoreState(); // as at the first sign-in
    showVault();
    QTableView *table = m_controller->vaultPage()->items()->list()->table();
    QTRY_VERIFY(!m_controller->vaultPage()->items()->list()->isLoading());
    table->horizontalHeader()->resizeSection(0, 217);
    m_console->saveState();
    // A restart: a new console over the saved settings.
    m_controller = nullptr;
    m_console.reset();

    startConsole();
    m_console->restoreState();
    table = m_controller->vaultPage()->items()->list()->table();
    QCOMPARE(table->horizontalHeader()->sectionSize(0), 217);
    // The first page does not re-fit what the operator sized.
    showVault();
    QTRY_VERIFY(!m_controller->vaultPage()->items()->list()->isLoading());
    QCOMPARE(m_controller->vaultPage()->items()->model()->rowCount(), 2);
    QCOMPARE(table->horizontalHeader()->sectionSize(0), 217);
    // Nor does a reload of the same list.
    table->horizontalHeader()->resizeSection(0, 180);
    m_controller->vaultController()->reloadVault();
    QTRY_VERIFY(!m_controller->vaultPage()->items()->list()->isLoading());
    QCOMPARE(table->horizontalHeader()->sectionSize(0), 180);
}

// The selected vault comes back once the lazy tree has loaded down to it, its page shown on the
// tab it was on, with the jobs' time window and the recovery points' column widths as they were.
void TestEstateController::selectionTabAndWindowSurviveARestart()
{
    startConsole();
    m_console->restoreState(); // as at the first sign-in: what is shown from now on is saved
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    QTRY_VERIFY(nav->contains(kSubId.toLower()));
    m_console->tree()->expand(nav->indexOf(kSubId.toLower()));
    QTRY_VERIFY(nav->contains(kVaultId.toLower()));
    m_console->select(kVaultId.toLower());
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(m_controller->vaultPage()));
    m_controller->vaultPage()->showTab(VaultPage::JobsTab);
    auto *window = m_controller->vaultPage()->findChild<QComboBox *>(QStringLiteral("jobWindowCombo"));
    QVERIFY(window);
    window->setCurrentIndex(window->findData(24 * 30));
    QTableView *points = m_controller->recoveryPointsPage()->tableView();
    points->horizontalHeader()->resizeSection(0, 201);
    // The console's splitter and a page's own (the jobs' table over the job's details).
    auto *consoleSplitter = m_console->findChild<QSplitter *>(QStringLiteral("consoleSplitter"));
    auto *jobsSplitter = m_controller->vaultPage()->findChild<QSplitter *>(QStringLiteral("jobsSplitter"));
    QVERIFY(consoleSplitter && jobsSplitter);
    consoleSplitter->setSizes({ 333, 867 });
    const QList<int> consoleSizes = consoleSplitter->sizes();
    const QList<int> jobsDefault = jobsSplitter->sizes();
    const int jobsHeight = jobsDefault.value(0) + jobsDefault.value(1);
    QVERIFY2(jobsHeight > 300, qPrintable(QString::number(jobsHeight)));
    jobsSplitter->setSizes({ jobsHeight - 150, 150 }); // the details larger than by default
    const QList<int> jobsSizes = jobsSplitter->sizes();
    QVERIFY(jobsSizes != jobsDefault);
    m_console->saveState();
    // The recovery points' page was never shown: its splitter has no sizes to keep.
    QVERIFY(!QSettings().contains(QStringLiteral("console/splitters/recoveryPointsSplitter")));
    QVERIFY(QSettings().contains(QStringLiteral("console/splitters/jobsSplitter")));
    // A restart: a new console over the saved settings, its tree not loaded yet.
    m_controller = nullptr;
    m_console.reset();

    startConsole();
    nav = m_console->navigation();
    QVERIFY(!nav->contains(kVaultId.toLower()));
    m_console->restoreState();
    QTRY_COMPARE(m_console->selectedKey(), kVaultId.toLower());
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(m_controller->vaultPage()));
    QCOMPARE(m_controller->vaultController()->currentVaultId().toLower(), kVaultId.toLower());
    QCOMPARE(m_controller->vaultPage()->tabs()->currentIndex(), int(VaultPage::JobsTab));
    window = m_controller->vaultPage()->findChild<QComboBox *>(QStringLiteral("jobWindowCombo"));
    QCOMPARE(window->currentData().toInt(), 24 * 30);
    QCOMPARE(m_controller->recoveryPointsPage()->tableView()->horizontalHeader()->sectionSize(0), 201);
    QCOMPARE(m_console->findChild<QSplitter *>(QStringLiteral("consoleSplitter"))->sizes(), consoleSizes);
    QCOMPARE(m_controller->vaultPage()->findChild<QSplitter *>(QStringLiteral("jobsSplitter"))->sizes(),
             jobsSizes);
    // The vault's jobs were listed over the restored window.
    QTRY_VERIFY(!m_controller->vaultPage()->jobs()->list()->isLoading());
}

// Everything under "console" in the settings, key by key.
static QMap<QString, QVariant> savedConsole()
{
    QSettings s;
    s.beginGroup(QStringLiteral("console"));
    QMap<QString, QVariant> values;
    for (const QString &key : s.allKeys())
        values.insert(key, s.value(key));
    return values;
}

// A run that quits before anyone signs in never showed the saved state: it writes nothing over
// it (no empty selection, no default column widths that would stop the lists being fitted).
void TestEstateController::quitBeforeSigningInKeepsTheSavedState()
{
    QSettings().remove(QStringLiteral("console"));
    // A shift's state: a vault selected under expanded branches, its items' columns sized.
    startConsole();
    m_console->restoreState();
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    QTRY_VERIFY(nav->contains(kSubId.toLower()));
    m_console->tree()->expand(nav->indexOf(kSubId.toLower()));
    QTRY_VERIFY(nav->contains(kVaultId.toLower()));
    m_console->select(kVaultId.toLower());
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(m_controller->vaultPage()));
    QTRY_VERIFY(!m_controller->vaultPage()->items()->list()->isLoading());
    m_controller->vaultPage()->items()->list()->table()->horizontalHeader()->resizeSection(0, 219);
    m_console->saveState();
    m_controller = nullptr;
    m_console.reset();
    const QMap<QString, QVariant> before = savedConsole();
    QCOMPARE(before.value(QStringLiteral("selected")).toString(), kVaultId.toLower());

    // The next run: the console is built, nobody signs in, the application quits.
    m_console = std::make_unique<ConsolePage>();
    m_controller = new EstateController(m_console.get(), m_console.get());
    m_console->resize(1200, 800);
    m_console->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_console.get()));
    m_console->saveState();
    QCOMPARE(savedConsole(), before);
}

// The usual end of a shift: sign out, then quit. The selection and the expanded branches are
// those of the signed-in console, not of the tree left after the Estate branch went.
void TestEstateController::signOutThenQuitKeepsSelectionAndBranches()
{
    QSettings().remove(QStringLiteral("console"));
    startConsole();
    m_console->restoreState(); // the first sign-in
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    QTRY_VERIFY(nav->contains(kSubId.toLower()));
    m_console->tree()->expand(nav->indexOf(kSubId.toLower()));
    QTRY_VERIFY(nav->contains(kVaultId.toLower()));
    m_console->select(kVaultId.toLower());
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(m_controller->vaultPage()));
    QCOMPARE(m_console->selectedKey(), kVaultId.toLower());
    m_controller->setService(nullptr); // sign-out
    QVERIFY(!m_console->navigation()->contains(kVaultId.toLower()));
    m_console->saveState(); // quit
    QSettings s;
    s.beginGroup(QStringLiteral("console"));
    QCOMPARE(s.value(QStringLiteral("selected")).toString(), kVaultId.toLower());
    const QStringList expanded = s.value(QStringLiteral("expanded")).toStringList();
    QVERIFY2(expanded.contains(QLatin1String(EstateController::kEstateKey)), qPrintable(expanded.join(u' ')));
    QVERIFY2(expanded.contains(kSubId.toLower()), qPrintable(expanded.join(u' ')));
    s.endGroup();

    // Signed in again: the tree reopens on the vault, as on a restart (main resumes the state
    // once every area has its service).
    m_controller->setService(m_service.get());
    m_console->resumeState();
    // A quit before the tree has loaded down to the vault keeps the vault.
    QVERIFY(!m_console->navigation()->contains(kVaultId.toLower()));
    m_console->saveState();
    QCOMPARE(QSettings().value(QStringLiteral("console/selected")).toString(), kVaultId.toLower());
    QTRY_COMPARE(m_console->selectedKey(), kVaultId.toLower());
}

// Two people on one workstation: after A signs out, B's tree does not reopen on A's vault and
// branches (B may not even see them), and A's places come back when A signs in again.
void TestEstateController::placesAreKeptPerPerson()
{
    QSettings().remove(QStringLiteral("console"));
    startConsole();
    m_console->setStateOwner(QStringLiteral("sandbox\nrita"));
    m_console->restoreState(); // rita's first sign-in
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    QTRY_VERIFY(nav->contains(kSubId.toLower()));
    m_console->tree()->expand(nav->indexOf(kSubId.toLower()));
    QTRY_VERIFY(nav->contains(kVaultId.toLower()));
    m_console->select(kVaultId.toLower());
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(m_controller->vaultPage()));
    m_controller->setService(nullptr); // rita signs out

    // oscar signs in on the same profile: a closed tree, nothing of rita's selected or pending.
    m_console->setStateOwner(QStringLiteral("sandbox\noscar"));
    m_controller->setService(m_service.get());
    m_console->resumeState();
    const QModelIndex estate = nav->indexOf(QLatin1String(EstateController::kEstateKey));
    QVERIFY(estate.isValid());
    QVERIFY(!m_console->tree()->isExpanded(estate));
    m_console->tree()->expand(estate);
    QTRY_VERIFY(nav->contains(kSubId.toLower()));
    QVERIFY(!m_console->tree()->isExpanded(nav->indexOf(kSubId.toLower())));
    QVERIFY(m_console->selectedKey() != kVaultId.toLower());
    // What oscar sees is the page of a node selected, not the one rita's sign-out emptied.
    QVERIFY(!m_console->selectedKey().isEmpty());
    QVERIFY(m_console->currentContent() != static_cast<QWidget *>(m_controller->vaultPage()));
    m_console->select(kSubId.toLower());
    m_controller->setService(nullptr); // oscar signs out

    // rita again: her vault, under her expanded branches.
    m_console->setStateOwner(QStringLiteral("sandbox\nrita"));
    m_controller->setService(m_service.get());
    m_console->resumeState();
    QTRY_COMPARE(m_console->selectedKey(), kVaultId.toLower());
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(m_controller->vaultPage()));
    m_controller->setService(nullptr);

    // And oscar's own place was kept too.
    m_console->setStateOwner(QStringLiteral("sandbox\noscar"));
    m_controller->setService(m_service.get());
    m_console->resumeState();
    QTRY_COMPARE(m_console->selectedKey(), kSubId.toLower());
    // The settings name neither person.
    QSettings s;
    for (const QString &key : s.allKeys()) {
        QVERIFY2(!key.contains(QLatin1String("rita")) && !key.contains(QLatin1String("oscar")),
                 qPrintable(key));
    }
}

// Settings written before places were kept per person: whose they were is not known, so nobody
// reopens on them (not even the first to sign in, who may be another person, or the sandbox's).
void TestEstateController::placesSavedBeforeOwnersAreNobodys()
{
    QSettings().remove(QStringLiteral("console"));
    {
        QSettings s;
        s.setValue(QStringLiteral("console/selected"), kVaultId.toLower());
        s.setValue(QStringLiteral("console/expanded"),
                   QStringList { QLatin1String(EstateController::kEstateKey), kSubId.toLower(),
                                 kGroupId.toLower() });
    }
    startConsole();
    m_console->setStateOwner(QStringLiteral("sandbox\nrita"));
    m_console->restoreState();
    const QModelIndex estate = m_console->navigation()->indexOf(QLatin1String(EstateController::kEstateKey));
    QVERIFY(estate.isValid());
    QVERIFY(!m_console->tree()->isExpanded(estate));
    QVERIFY(m_console->selectedKey() != kVaultId.toLower());
    m_console->saveState();
    // Left as they were (a console of the earlier version still reads them).
    QCOMPARE(QSettings().value(QStringLiteral("console/selected")).toString(), kVaultId.toLower());
}

void TestEstateController::treeExpandsSubscriptionIntoVaults()
{
    startConsole();
    NavigationModel *nav = m_console->navigation();
    QTreeView *tree = m_console->tree();
    const QModelIndex estate = nav->indexOf(QLatin1String(EstateController::kEstateKey));
    QVERIFY(estate.isValid());
    QVERIFY(nav->hasChildren(estate));
    tree->setCurrentIndex(estate);
    QTest::keyClick(tree, Qt::Key_Right); // expand with the keyboard, as an operator would
    QTRY_COMPARE(nav->rowCount(estate), 1);
    const QModelIndex sub = nav->index(0, 0, estate);
    QCOMPARE(nav->keyOf(sub), kSubId.toLower());
    QVERIFY(sub.data().toString().startsWith(QStringLiteral("Test subscription")));
    tree->setCurrentIndex(sub);
    QTest::keyClick(tree, Qt::Key_Right);
    QTRY_COMPARE(nav->state(kSubId.toLower()), NavigationModel::State::Loaded);
    QCOMPARE(sub.data().toString(), QStringLiteral("Test subscription (1 vault)"));
    const QModelIndex group = nav->index(0, 0, sub);
    QCOMPARE(nav->keyOf(group), kGroupId.toLower());
    const QModelIndex vault = nav->index(0, 0, group);
    QCOMPARE(nav->keyOf(vault), kVaultId.toLower());
    QCOMPARE(vault.parent(), group);
    QCOMPARE(group.parent(), sub);
    // Selecting the vault shows its page and loads its lists.
    tree->setCurrentIndex(vault);
    QTRY_COMPARE(m_console->currentContent(), m_controller->vaultPage());
    QTRY_COMPARE(m_controller->vaultPage()->items()->model()->rowCount(), 2);
    QTRY_COMPARE(vault.data().toString(), QStringLiteral("rsv-test (2 items)"));
}

void TestEstateController::itemFiltersNarrowTheTable()
{
    startConsole();
    showVault();
    ItemsPanel *items = m_controller->vaultPage()->items();
    QTRY_COMPARE(items->model()->rowCount(), 2);
    QTableView *table = items->list()->table();
    auto *health = items->findChild<QComboBox *>(QStringLiteral("itemHealthCombo"));
    auto *type = items->findChild<QComboBox *>(QStringLiteral("itemTypeCombo"));
    QVERIFY(health && type);
    QCOMPARE(table->model()->rowCount(), 2);
    health->setCurrentIndex(health->findText(QStringLiteral("Action required")));
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("vm2"));
    health->setCurrentIndex(0);
    type->setCurrentIndex(type->findText(QStringLiteral("File shares")));
    QCOMPARE(table->model()->rowCount(), 0);
    type->setCurrentIndex(type->findText(QStringLiteral("Virtual machines")));
    QCOMPARE(table->model()->rowCount(), 2);
}

void TestEstateController::listBannerRetryLoadsAgain()
{
    bool broken = true;
    m_routes.insert(QStringLiteral("policies"),
                    [&broken](const CannedHttpServer::Seen &) { return broken ? failure(503) : policies(); });
    startConsole();
    showVault();
    ListPanel *policiesPanel = nullptr;
    for (ListPanel *p : m_controller->vaultPage()->findChildren<ListPanel *>()) {
        if (p->table()->objectName() == QLatin1String("policiesTableView"))
            policiesPanel = p;
    }
    QVERIFY(policiesPanel);
    MessageBanner *banner = policiesPanel->banner();
    QTRY_VERIFY(!banner->isHidden()); // (on the policies tab, not the current one)
    QCOMPARE(banner->level(), MessageBanner::Level::Error);
    QVERIFY2(banner->text().contains(QStringLiteral("InternalServerError")), qPrintable(banner->text()));
    auto *retry = banner->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry);
    broken = false;
    retry->click();
    QTRY_VERIFY(!policiesPanel->isLoading());
    QTRY_VERIFY(banner->isHidden());
    QVERIFY(policiesPanel->table()->model()->rowCount() > 0);
    QCOMPARE(seen(QStringLiteral("policies")), 2);
}

namespace {

QSet<QString> asSet(const QStringList &lines)
{
    return QSet<QString>(lines.cbegin(), lines.cend());
}

} // namespace

void TestEstateController::requestStripsHoldWhatWasRequested()
{
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-300);
    m_routes.insert(QStringLiteral("jobs"), [start](const CannedHttpServer::Seen &) {
        return list({ job(QStringLiteral("done"), QStringLiteral("Completed"), start) });
    });
    m_routes.insert(QStringLiteral("job"), [start](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(200,
                                          body(job(QStringLiteral("done"), QStringLiteral("Completed"), start,
                                                   100, QStringLiteral("Done"))));
    });
    startConsole();
    const auto noSecrets = [](const RequestStrip *strip) {
        return !strip->text().contains(QStringLiteral("token"), Qt::CaseInsensitive)
            && !strip->text().contains(QStringLiteral("Bearer"), Qt::CaseInsensitive);
    };

    // The estate's overview (chosen at start): the subscriptions, their vaults and each vault's
    // three listings — each request the server saw for it, once, and nothing it did not see.
    RequestStrip *estate = m_controller->estateOverview()->request();
    QVERIFY(!estate->isHidden());
    QVERIFY(estate->isVisibleTo(m_console.get()));
    const QStringList atStart = sent(m_startRequests);
    QCOMPARE(asSet(estate->lines()), asSet(atStart));
    QCOMPARE(estate->lines().size(), asSet(atStart).size());
    QCOMPARE(estate->lines().size(), 6); // the jobs twice: the window's, and those still running
    const QString subscriptionsLine = QStringLiteral("GET ") + m_server->url(QString()).toString()
        + QStringLiteral("/subscriptions?api-version=") + m_service->versions().resources;
    QCOMPARE(estate->lines().first(), subscriptionsLine);
    QVERIFY2(estate->note().contains(QStringLiteral("4 per vault for 1 vault")), qPrintable(estate->note()));
    QVERIFY(noSecrets(estate));
    // Copy takes every line, exactly as sent.
    auto *copy = estate->findChild<QPushButton *>(QStringLiteral("copyRequestButton"));
    QVERIFY(copy);
    copy->click();
    QCOMPARE(QApplication::clipboard()->text(), estate->lines().join(QLatin1Char('\n')));

    // A resource group's overview: its vaults' listing, then the vault's three (read at start).
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    QTRY_VERIFY(nav->contains(kSubId.toLower()));
    m_console->tree()->expand(nav->indexOf(kSubId.toLower()));
    QTRY_VERIFY(nav->contains(kGroupId.toLower()));
    m_console->select(kGroupId.toLower());
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(m_controller->estateOverview()));
    QStringList withoutSubscriptions;
    for (const QString &line : atStart) {
        if (line != subscriptionsLine)
            withoutSubscriptions << line;
    }
    QCOMPARE(asSet(estate->lines()), asSet(withoutSubscriptions));
    QCOMPARE(estate->lines().size(), 5);
    QVERIFY2(
        estate->lines().first().contains(QStringLiteral("/providers/Microsoft.RecoveryServices/vaults?")),
        qPrintable(estate->lines().first()));

    // The vault's overview tab: exactly the listings its tabs sent (the jobs tab two: its
    // window's, then the jobs still running).
    m_server->clearRequests();
    showVault();
    RequestStrip *vault = m_controller->vaultPage()
                              ->findChild<OverviewWidget *>(QStringLiteral("vaultOverviewWidget"))
                              ->request();
    QTRY_COMPARE(m_server->requests().size(), 4);
    QTRY_VERIFY(!m_controller->vaultPage()->jobs()->list()->isLoading());
    QTRY_VERIFY(!m_controller->vaultPage()->items()->list()->isLoading());
    QTRY_VERIFY(!m_controller->vaultPage()->policies()->list()->isLoading());
    QVERIFY(vault->isVisibleTo(m_console.get()));
    QCOMPARE(asSet(vault->lines()), asSet(sent(m_server->requests())));
    QCOMPARE(vault->lines().size(), 4);
    QVERIFY(noSecrets(vault));

    // A policy's page: the GET that reads that policy (as BackupService::policy sends it).
    PoliciesPanel *policies = m_controller->vaultPage()->policies();
    QVERIFY(policies->model()->rowCount() > 1);
    const QString policyId = policies->model()->index(1, 0).data(Models::PolicyModel::IdRole).toString();
    policies->selectPolicy(policyId);
    auto *policyPage = m_controller->vaultPage()->findChild<PolicyPage *>();
    QVERIFY(policyPage);
    QCOMPARE(policyPage->policy().id, policyId);
    m_server->clearRequests();
    QObject owner;
    bool answered = false;
    m_service->policy(policyId, &owner, [&answered](Result<Backup::Policy>) { answered = true; });
    QTRY_VERIFY(answered);
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(policyPage->request()->lines(), sent(m_server->requests()));
    QVERIFY(noSecrets(policyPage->request()));

    // A job's details: the GET of that job, which the panel sent on selection.
    m_server->clearRequests();
    JobsPanel *jobs = m_controller->vaultPage()->jobs();
    m_controller->vaultPage()->showTab(VaultPage::JobsTab);
    QTRY_COMPARE(jobs->model()->rowCount(), 1);
    jobs->list()->table()->setCurrentIndex(jobs->list()->table()->model()->index(0, 0));
    QTRY_COMPARE(seen(QStringLiteral("job")), 1);
    QVERIFY(jobs->detailsRequest()->isVisibleTo(m_console.get()));
    QCOMPARE(jobs->detailsRequest()->lines(), sent(m_server->requests()));
    QVERIFY(noSecrets(jobs->detailsRequest()));
    jobs->list()->table()->clearSelection();
    jobs->list()->table()->setCurrentIndex({});
    QVERIFY(jobs->detailsRequest()->isHidden()); // no job, no request

    // An item's recovery points: the listing the page loads.
    m_server->clearRequests();
    m_controller->showRecoveryPoints(kItemId);
    QTRY_COMPARE(seen(QStringLiteral("points")), 1);
    RequestStrip *points = m_controller->recoveryPointsPage()->request();
    QVERIFY(points->isVisibleTo(m_console.get()));
    QCOMPARE(points->lines(), sent(m_server->requests()));
    QVERIFY(noSecrets(points));
}

void TestEstateController::keyboardDrivesTheConsole()
{
    startConsole();
    NavigationModel *nav = m_console->navigation();
    QTreeView *tree = m_console->tree();
    VaultPage *vaultPage = m_controller->vaultPage();
    const auto focus = [] { return QApplication::focusWidget(); };
    const auto press = [&](Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier) {
        QWidget *target = focus() ? focus() : m_console.get();
        QTest::keyClick(target, key, mods);
    };
    tree->setFocus();
    QTRY_COMPARE(focus(), static_cast<QWidget *>(tree));

    // The tree: subscription → resource group → vault, with arrows only.
    QCOMPARE(m_console->selectedKey(), QLatin1String(EstateController::kEstateKey));
    press(Qt::Key_Right); // expands the estate: its subscriptions load
    QTRY_VERIFY(nav->contains(kSubId.toLower()));
    press(Qt::Key_Down);
    QCOMPARE(m_console->selectedKey(), kSubId.toLower());
    press(Qt::Key_Right); // its vaults load
    QTRY_VERIFY(nav->contains(kGroupId.toLower()));
    press(Qt::Key_Down);
    QCOMPARE(m_console->selectedKey(), kGroupId.toLower());
    press(Qt::Key_Right);
    press(Qt::Key_Down);
    QCOMPARE(m_console->selectedKey(), kVaultId.toLower());
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(vaultPage));
    QTRY_COMPARE(vaultPage->items()->model()->rowCount(), 2);
    QCOMPARE(focus(), static_cast<QWidget *>(tree)); // choosing a node leaves the focus in the tree

    // Tab goes into the page, and on to its tabs.
    press(Qt::Key_Tab);
    QVERIFY2(vaultPage->isAncestorOf(focus()), focus() ? focus()->metaObject()->className() : "none");
    QTabBar *bar = vaultPage->tabs()->tabBar();
    for (int n = 0; n < 5 && focus() != bar; ++n)
        press(Qt::Key_Tab);
    QCOMPARE(focus(), static_cast<QWidget *>(bar));
    press(Qt::Key_Right);
    QCOMPARE(vaultPage->tabs()->currentIndex(), int(VaultPage::ItemsTab));

    // Ctrl+F: the items' search; "/" typed there is text, not a shortcut.
    auto *search = vaultPage->items()->findChild<QLineEdit *>(QStringLiteral("itemSearchEdit"));
    QVERIFY(search);
    press(Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(focus(), static_cast<QWidget *>(search));
    QTest::keyClicks(search, QStringLiteral("vm2/"));
    QCOMPARE(search->text(), QStringLiteral("vm2/"));
    press(Qt::Key_Backspace);
    QTableView *table = vaultPage->items()->list()->table();
    QCOMPARE(table->model()->rowCount(), 1);

    // On to the table; Enter opens the item's recovery points, and the focus goes along.
    for (int n = 0; n < 6 && focus() != table; ++n)
        press(Qt::Key_Tab);
    QCOMPARE(focus(), static_cast<QWidget *>(table));
    press(Qt::Key_Down);
    QCOMPARE(vaultPage->items()->selectedItemId().section(QLatin1Char('/'), -1),
             QStringLiteral("VM;iaasvmcontainerv2;rg-test;vm2"));
    m_server->clearRequests();
    press(Qt::Key_Return);
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(m_controller->recoveryPointsPage()));
    QVERIFY(m_controller->pointsController()->currentItemId().endsWith(QStringLiteral("vm2")));
    QCOMPARE(focus(), static_cast<QWidget *>(m_controller->recoveryPointsPage()->tableView()));
    QTRY_COMPARE(seen(QStringLiteral("points")), 1);

    // "/" goes to the page's filter; F5 loads the points again.
    press(Qt::Key_Slash);
    QCOMPARE(focus(),
             m_controller->recoveryPointsPage()->findChild<QWidget *>(QStringLiteral("tierFilterComboBox")));
    press(Qt::Key_F5);
    QTRY_COMPARE(seen(QStringLiteral("points")), 2);

    // F6 back to the tree; Enter on the vault shows its page again (loaded: nothing is asked).
    press(Qt::Key_F6);
    QCOMPARE(focus(), static_cast<QWidget *>(tree));
    m_server->clearRequests();
    press(Qt::Key_Return);
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(vaultPage));
    QCOMPARE(m_server->requests().size(), 0);
    // F5 on the vault: its three lists again (the jobs: the window's, then those still running).
    press(Qt::Key_F5);
    QTRY_COMPARE(seen(QStringLiteral("items")), 1);
    QTRY_COMPARE(seen(QStringLiteral("policies")), 1);
    QTRY_COMPARE(seen(QStringLiteral("jobs")), 2);
    // F6 from the tree goes into the page.
    press(Qt::Key_F6);
    QVERIFY(vaultPage->isAncestorOf(focus()));

    // The estate's overview: F5 reads its vaults again (what was kept is forgotten).
    press(Qt::Key_F6);
    QCOMPARE(focus(), static_cast<QWidget *>(tree));
    press(Qt::Key_Home);
    QCOMPARE(m_console->selectedKey(), QLatin1String(EstateController::kEstateKey));
    QTRY_COMPARE(m_console->currentContent(), static_cast<QWidget *>(m_controller->estateOverview()));
    QTest::qWait(200);
    m_server->clearRequests();
    press(Qt::Key_F5);
    QTRY_VERIFY(seen(QStringLiteral("subscriptions")) >= 1);
    QTRY_COMPARE(seen(QStringLiteral("items")), 1);
}

void TestEstateController::mixedCaseGroupsShowAsOne()
{
    // ARM spells one resource group two ways: one group in the tree, with both vaults in it.
    const QString upper = kSubId
        + QStringLiteral("/resourceGroups/RG-Test/providers/Microsoft.RecoveryServices/vaults/rsv-a");
    const QString lower = kSubId
        + QStringLiteral("/resourceGroups/rg-test/providers/Microsoft.RecoveryServices/vaults/rsv-b");
    const QString other = kSubId
        + QStringLiteral("/resourceGroups/rg-other/providers/Microsoft.RecoveryServices/vaults/rsv-c");
    m_routes.insert(QStringLiteral("vaults"), [=](const CannedHttpServer::Seen &) {
        return list({ vault(upper), vault(other), vault(lower) });
    });
    startConsole();
    NavigationModel *nav = m_console->navigation();
    QAbstractItemModelTester tester(nav, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    const QString subKey = kSubId.toLower();
    QTRY_VERIFY(nav->contains(subKey));
    m_console->tree()->expand(nav->indexOf(subKey));
    QTRY_COMPARE(nav->state(subKey), NavigationModel::State::Loaded);
    const QModelIndex sub = nav->indexOf(subKey);
    QCOMPARE(nav->rowCount(sub), 2);
    const QModelIndex group = nav->indexOf(kGroupId.toLower());
    QVERIFY(group.isValid());
    QCOMPARE(group.parent(), sub);
    QCOMPARE(group.data().toString(), QStringLiteral("RG-Test (2 vaults)")); // named as first seen
    QCOMPARE(nav->rowCount(group), 2);
    QVERIFY(nav->contains(upper.toLower()));
    QVERIFY(nav->contains(lower.toLower()));
    QCOMPARE(nav->indexOf(upper.toLower()).parent(), group);
    QCOMPARE(nav->indexOf(lower.toLower()).parent(), group);
    QCOMPARE(sub.data().toString(), QStringLiteral("Test subscription (3 vaults)"));
    // Reloaded, it stays one group with both.
    m_console->banner()->clear();
    nav->setState(subKey, NavigationModel::State::Idle);
    Q_EMIT nav->fetchRequested(subKey);
    QTRY_COMPARE(nav->state(subKey), NavigationModel::State::Loaded);
    QCOMPARE(nav->rowCount(nav->indexOf(subKey)), 2);
    QCOMPARE(nav->rowCount(nav->indexOf(kGroupId.toLower())), 2);
}

void TestEstateController::estateOverviewNamesUnlistedSubscriptions()
{
    const QString deniedSub = QStringLiteral("11111111-1111-1111-1111-111111111111");
    const QString action = QStringLiteral("Microsoft.RecoveryServices/vaults/read");
    bool broken = true;
    m_routes.insert(QStringLiteral("subscriptions"), [=](const CannedHttpServer::Seen &) {
        return list({ subscription(kSub, QStringLiteral("Test subscription")),
                      subscription(deniedSub, QStringLiteral("Locked subscription")) });
    });
    m_routes.insert(QStringLiteral("vaults"),
                    [&broken, deniedSub, action,
                     original = m_routes.value(QStringLiteral("vaults"))](const CannedHttpServer::Seen &s) {
                        if (s.target.contains(deniedSub.toUtf8()))
                            return broken ? denied(action, "corr-sub-403") : list({});
                        return original(s);
                    });
    startConsole();
    QCOMPARE(m_console->currentContent(), m_controller->estateOverview());
    auto *incomplete
        = m_controller->estateOverview()->findChild<QLabel *>(QStringLiteral("overviewIncompleteLabel"));
    QVERIFY(incomplete);
    QTRY_VERIFY2(incomplete->text().contains(QStringLiteral("Locked subscription")),
                 qPrintable(incomplete->text()));
    MessageBanner *banner = m_console->banner();
    QTRY_VERIFY(banner->isVisibleTo(m_console.get()));
    QVERIFY2(banner->text().contains(QStringLiteral("Locked subscription")), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QStringLiteral("needs the action ") + action),
             qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QStringLiteral("corr-sub-403")), qPrintable(banner->text()));
    auto *retry = banner->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry);
    // Granted since: Retry reads the estate again and the overview is whole.
    broken = false;
    retry->click();
    QTRY_VERIFY(incomplete->text().isEmpty());
    QTRY_VERIFY(!banner->isVisibleTo(m_console.get()));
}

void TestEstateController::noSubscriptionsSaysWhy()
{
    // As the sandbox answers nora: an empty list, no error.
    m_routes.insert(QStringLiteral("subscriptions"), [](const CannedHttpServer::Seen &) { return list({}); });
    startConsole();
    MessageBanner *banner = m_console->banner();
    QTRY_VERIFY(banner->isVisibleTo(m_console.get()));
    QVERIFY2(banner->text().contains(QStringLiteral("sees no subscriptions")), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QStringLiteral("Microsoft.Resources/subscriptions/read")),
             qPrintable(banner->text()));
    // Expanding the estate says it too.
    banner->clear();
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    QTRY_COMPARE(nav->state(QLatin1String(EstateController::kEstateKey)), NavigationModel::State::Loaded);
    QTRY_VERIFY(banner->isVisibleTo(m_console.get()));
    QVERIFY2(banner->text().contains(QStringLiteral("sees no subscriptions")), qPrintable(banner->text()));
}

void TestEstateController::subscriptionsNoAccessNamesTheActionWithRetry()
{
    const QString action = QStringLiteral("Microsoft.Resources/subscriptions/read");
    bool broken = true;
    m_routes.insert(QStringLiteral("subscriptions"),
                    [&broken, action, original = m_routes.value(QStringLiteral("subscriptions"))](
                        const CannedHttpServer::Seen &s) {
                        return broken ? denied(action, "corr-subs-403") : original(s);
                    });
    startConsole();
    MessageBanner *banner = m_console->banner();
    // The estate overview's listing.
    QTRY_VERIFY(banner->isVisibleTo(m_console.get()));
    QVERIFY2(banner->text().contains(QStringLiteral("needs the action ") + action),
             qPrintable(banner->text()));
    QVERIFY(banner->findChild<QPushButton *>(QStringLiteral("retryButton")));
    // The tree's.
    banner->clear();
    NavigationModel *nav = m_console->navigation();
    const QString estate = QLatin1String(EstateController::kEstateKey);
    m_console->tree()->expand(nav->indexOf(estate));
    QTRY_COMPARE(nav->state(estate), NavigationModel::State::NoAccess);
    QTRY_VERIFY(banner->isVisibleTo(m_console.get()));
    QVERIFY2(banner->text().contains(QStringLiteral("needs the action ") + action),
             qPrintable(banner->text()));
    auto *retry = banner->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry);
    broken = false;
    retry->click();
    QTRY_VERIFY(nav->contains(kSubId.toLower()));
}

void TestEstateController::vaultDataIsSharedOnlyWhenWhole()
{
    bool hang = false;
    m_routes.insert(QStringLiteral("items"), [&hang](const CannedHttpServer::Seen &) {
        return hang ? QByteArray() // (the connection stays open: the listing never ends)
                    : list({ item(QStringLiteral("vm1")), item(QStringLiteral("vm2")) });
    });
    startConsole();
    showVault();
    OverviewWidget *overview
        = m_controller->vaultPage()->findChild<OverviewWidget *>(QStringLiteral("vaultOverviewWidget"));
    QVERIFY(overview);
    QTRY_COMPARE(overview->overview().totalItems, 2);
    // A reload whose items never come: the overview (and what the estate's overview adopts) is
    // not rebuilt from the half-loaded lists when the other two parts arrive.
    hang = true;
    m_controller->vaultController()->reloadVault();
    QTRY_VERIFY(!m_controller->vaultPage()->jobs()->list()->isLoading());
    for (ListPanel *p : m_controller->vaultPage()->findChildren<ListPanel *>()) {
        if (p != m_controller->vaultPage()->items()->list())
            QTRY_VERIFY(!p->isLoading());
    }
    QTest::qWait(200);
    QVERIFY(m_controller->vaultPage()->items()->list()->isLoading());
    QCOMPARE(overview->overview().totalItems, 2);
    // Reloading twice more while the items hang never counts below zero either.
    m_controller->vaultController()->reloadVault();
    m_controller->vaultController()->reloadVault();
    QTest::qWait(300);
    QCOMPARE(overview->overview().totalItems, 2);
}

void TestEstateController::unreadablePointsAreCounted()
{
    const QString pointId = kItemId + QStringLiteral("/recoveryPoints/1");
    m_routes.insert(QStringLiteral("points"), [pointId](const CannedHttpServer::Seen &) {
        const QJsonObject good {
            { QStringLiteral("id"), pointId },
            { QStringLiteral("name"), QStringLiteral("1") },
            { QStringLiteral("properties"),
              QJsonObject { { QStringLiteral("objectType"), QStringLiteral("IaasVMRecoveryPoint") },
                            { QStringLiteral("recoveryPointTime"),
                              iso(QDateTime::currentDateTimeUtc().addSecs(-3600)) } } }
        };
        // Two without their properties: they cannot be read.
        const QJsonObject bad1 { { QStringLiteral("id"), kItemId + QStringLiteral("/recoveryPoints/2") } };
        const QJsonObject bad2 { { QStringLiteral("id"), kItemId + QStringLiteral("/recoveryPoints/3") } };
        return list({ good, bad1, bad2 });
    });
    startConsole();
    m_controller->showRecoveryPoints(kItemId);
    RecoveryPointsPage *page = m_controller->recoveryPointsPage();
    QTRY_VERIFY2(page->progressText().contains(QStringLiteral("could not be read")),
                 qPrintable(page->progressText()));
    QVERIFY2(page->progressText().contains(QStringLiteral("2 could not be read")),
             qPrintable(page->progressText()));
    QVERIFY(!page->progressText().startsWith(QStringLiteral("All")));
    QCOMPARE(page->model()->rowCount(), 1);
    MessageBanner *banner = page->banner();
    QVERIFY(!banner->isHidden());
    QCOMPARE(banner->level(), MessageBanner::Level::Warning);
    QVERIFY2(banner->text().contains(QStringLiteral("2 recovery points could not be read")),
             qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QStringLiteral("properties")), qPrintable(banner->text()));
}

namespace {

QString progressText(OverviewWidget *w)
{
    return w->findChild<QLabel *>(QStringLiteral("overviewProgressLabel"))->text();
}

} // namespace

// Defect: Reload of a subscription's overview did not list its vaults again, and the estate's
// listing only ever added vaults: one deleted since stayed in the tree, the counts and the
// overview; a vault whose page was shown when it vanished must close it, clearly.
void TestEstateController::reloadDropsAVaultDeletedSinceTheListing()
{
    const QString gone = kGroupId + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/rsv-gone");
    bool deleted = false;
    m_routes.insert(QStringLiteral("vaults"), [&deleted, gone](const CannedHttpServer::Seen &) {
        QJsonArray vaults { vault(kVaultId) };
        if (!deleted)
            vaults << vault(gone);
        return list(vaults);
    });
    startConsole();
    NavigationModel *nav = m_console->navigation();
    const QString subKey = kSubId.toLower();
    OverviewWidget *overview = m_controller->estateOverview();
    selectSubscription();
    QTRY_VERIFY(nav->indexOf(gone.toLower()).isValid());
    QTRY_COMPARE(progressText(overview), QStringLiteral("Loaded 2 of 2 vaults"));
    QCOMPARE(nav->indexOf(subKey).data().toString(), QStringLiteral("Test subscription (2 vaults)"));

    deleted = true;
    const int listed = seen(QStringLiteral("vaults"));
    m_controller->reload(overview);
    QTRY_COMPARE(seen(QStringLiteral("vaults")), listed + 1);
    QTRY_VERIFY(!nav->indexOf(gone.toLower()).isValid());
    QTRY_COMPARE(progressText(overview), QStringLiteral("Loaded 1 of 1 vault"));
    QCOMPARE(nav->indexOf(subKey).data().toString(), QStringLiteral("Test subscription (1 vault)"));
    QCOMPARE(m_console->selectedKey(), subKey);
    QCOMPARE(m_console->currentContent(), overview);

    // Back again, its page shown; then gone from the estate's listing.
    deleted = false;
    m_controller->reload(overview);
    QTRY_VERIFY(nav->indexOf(gone.toLower()).isValid());
    m_console->tree()->setCurrentIndex(nav->indexOf(gone.toLower()));
    QTRY_COMPARE(m_controller->vaultController()->currentVaultId(), gone);
    deleted = true;
    m_console->tree()->setCurrentIndex(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    QTRY_VERIFY(!nav->indexOf(gone.toLower()).isValid());
    QTRY_COMPARE(progressText(overview), QStringLiteral("Loaded 1 of 1 vault"));
    QVERIFY(m_controller->vaultController()->currentVaultId().isEmpty());
    QCOMPARE(m_controller->vaultPage()->items()->model()->rowCount(), 0);
    QVERIFY2(m_console->banner()->text().contains(QStringLiteral("rsv-gone is no longer listed")),
             qPrintable(m_console->banner()->text()));
}

// Defect: a subscription whose vaults were still being listed, or could not be, showed an
// overview of zeros. It says "listing" while listing, and "no access" with the missing action.
void TestEstateController::emptySubscriptionOverviewSaysListingThenNoAccess()
{
    bool hang = true;
    m_routes.insert(QStringLiteral("vaults"), [&hang](const CannedHttpServer::Seen &) {
        return hang ? QByteArray()
                    : denied(QStringLiteral("Microsoft.RecoveryServices/vaults/read"), "corr-v");
    });
    startConsole();
    NavigationModel *nav = m_console->navigation();
    const QString subKey = kSubId.toLower();
    OverviewWidget *overview = m_controller->estateOverview();
    selectSubscription();
    auto *state = overview->findChild<QLabel *>(QStringLiteral("overviewStateLabel"));
    QVERIFY(state);
    QTRY_VERIFY(state->isVisible());
    QVERIFY2(state->text().contains(QStringLiteral("Listing the vaults")), qPrintable(state->text()));
    QVERIFY(overview->findChild<QLabel *>(QStringLiteral("itemsTotalLabel"))->isHidden()
            || !overview->findChild<QLabel *>(QStringLiteral("itemsTotalLabel"))->isVisible());

    hang = false;
    m_controller->reload(overview); // lists again: now refused
    QTRY_COMPARE(nav->state(subKey), NavigationModel::State::NoAccess);
    QTRY_VERIFY2(state->text().contains(QStringLiteral("Microsoft.RecoveryServices/vaults/read")),
                 qPrintable(state->text()));
    QVERIFY(state->text().startsWith(QStringLiteral("No access")));
    QVERIFY(state->isVisible());
    QVERIFY(!overview->findChild<QLabel *>(QStringLiteral("itemsTotalLabel"))->isVisible());
    QCOMPARE(overview->incomplete().size(), 1);
}

// Defect: the overview kept the first copy of an entry a shifting listing repeated, the tables
// the last: they counted different health for the same item.
void TestEstateController::overviewKeepsTheLastCopyAsTheTablesDo()
{
    const QList<QJsonObject> listed { item(QStringLiteral("vm1")), item(QStringLiteral("vm2")),
                                      item(QStringLiteral("vm1"), QStringLiteral("ActionRequired")) };
    EstateOverviewLoader::VaultData d;
    for (const QJsonObject &o : listed)
        d.items << Backup::ProtectedItem::fromArm(o).value();
    Models::ProtectedItemModel model;
    model.append(d.items);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.items().first().health, Backup::ProtectedItem::Health::ActionRequired);

    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setService(m_service.get());
    const Backup::Vault v = testVault();
    loader.adopt(kVaultId, d);
    loader.show(QStringLiteral("All"), { v });
    QCOMPARE(widget.overview().totalItems, 2);
    QCOMPARE(widget.overview().itemsWithHealth(Backup::ProtectedItem::Health::ActionRequired), 1);
    QCOMPARE(widget.overview().itemsWithHealth(Backup::ProtectedItem::Health::Passed), 1);
    QCOMPARE(loader.data(kVaultId)->items.first().health, Backup::ProtectedItem::Health::ActionRequired);
}

// Defect: a job started before the 24-hour window and still running was not listed, so "in
// progress" was understated. The running jobs are listed too (status eq 'InProgress'), merged.
void TestEstateController::runningJobsFromBeforeTheWindowAreCounted()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_routes.insert(QStringLiteral("jobs"), [now](const CannedHttpServer::Seen &s) {
        const QString query = QUrl::fromPercentEncoding(s.target);
        if (query.contains(QStringLiteral("status eq 'InProgress'")))
            return list(
                { job(QStringLiteral("old-running"), QStringLiteral("InProgress"), now.addDays(-3)),
                  job(QStringLiteral("new-running"), QStringLiteral("InProgress"), now.addSecs(-600)) });
        return list({ job(QStringLiteral("new-running"), QStringLiteral("InProgress"), now.addSecs(-600)),
                      job(QStringLiteral("done"), QStringLiteral("Completed"), now.addSecs(-3600)) });
    });
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setService(m_service.get());
    const Backup::Vault v = testVault();
    loader.show(QStringLiteral("All"), { v });
    QTRY_VERIFY(loader.data(kVaultId) && loader.data(kVaultId)->loaded());
    QCOMPARE(widget.overview().jobs.inProgress, 2);
    QCOMPARE(widget.overview().jobs.total(), 3);
    QVERIFY(!OverviewWidget::windowText(widget.overview().windowStart, widget.overview().windowEnd)
                 .isEmpty()); // the window is still stated

    // The vault's Jobs tab (and its overview) list them the same way, each job once.
    startConsole();
    showVault();
    Models::JobModel *jobs = m_controller->vaultPage()->jobs()->model();
    QTRY_COMPARE(jobs->rowCount(), 3);
    QTRY_COMPARE(m_controller->vaultPage()
                     ->findChild<OverviewWidget *>(QStringLiteral("vaultOverviewWidget"))
                     ->overview()
                     .jobs.inProgress,
                 2);
    // The stated window says the list holds more than the jobs started in it.
    auto *status
        = m_controller->vaultPage()->jobs()->list()->findChild<QLabel *>(QStringLiteral("listStatusLabel"));
    QVERIFY(status);
    QTRY_VERIFY2(status->text().contains(QStringLiteral("plus 1 still running that started earlier")),
                 qPrintable(status->text()));
}

// Defect: a vault's data handed to the estate's overview was stamped "loaded now" even when only
// one part (the jobs) had been read again: the other parts, older than the overview allows, were
// never read again.
void TestEstateController::dataIsAsOldAsItsOldestPart()
{
    startConsole();
    ManualClock clock(QDateTime::currentDateTimeUtc());
    m_controller->setClock(clock.clock());
    showVault();
    QTRY_VERIFY(!m_controller->vaultPage()->items()->list()->isLoading());
    QTRY_VERIFY(!m_controller->vaultPage()->jobs()->list()->isLoading());
    QTest::qWait(100);
    clock.advance(EstateOverviewLoader::kMaxAgeSeconds + 100);
    const int jobsSeen = seen(QStringLiteral("jobs"));
    Q_EMIT m_controller->vaultPage()->jobs()->reloadRequested(); // the jobs alone, read again
    QTRY_VERIFY(seen(QStringLiteral("jobs")) > jobsSeen);
    QTRY_VERIFY(!m_controller->vaultPage()->jobs()->list()->isLoading());
    QTest::qWait(100);
    // A scope showing the vault: its items and policies are too old, so they are read again.
    const int itemsSeen = seen(QStringLiteral("items"));
    selectSubscription();
    QTRY_COMPARE(seen(QStringLiteral("items")), itemsSeen + 1);
}

// Defect: the banner's Retry button was deleted inside its own click handler (the retry clears
// the banner); a second quick click then hit a deleted button.
void TestEstateController::retryClickedTwiceQuicklyRetriesOnce()
{
    m_routes.insert(QStringLiteral("policies"), [](const CannedHttpServer::Seen &) { return failure(503); });
    startConsole();
    showVault();
    m_controller->vaultPage()->showTab(VaultPage::PoliciesTab);
    ListPanel *panel = m_controller->vaultPage()->policies()->list();
    MessageBanner *banner = panel->banner();
    QTRY_VERIFY(banner->isVisible());
    QTRY_VERIFY(banner->findChild<QPushButton *>(QStringLiteral("retryButton")));
    QPointer<QPushButton> retry = banner->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QCOMPARE(seen(QStringLiteral("policies")), 1);
    QTest::mouseClick(retry.data(), Qt::LeftButton);
    QVERIFY(retry); // still whole after its own click
    QTest::mouseClick(retry.data(), Qt::LeftButton); // before the event loop ran
    QTRY_VERIFY(!retry); // gone once its click returned
    QTRY_COMPARE(seen(QStringLiteral("policies")), 2);
    QTRY_VERIFY(banner->findChild<QPushButton *>(QStringLiteral("retryButton")));
    QTest::qWait(200);
    QCOMPARE(seen(QStringLiteral("policies")), 2); // one retry, not two
}

void TestEstateController::vaultsWithoutGroupOrOfAnotherSubscriptionAreUnreadable()
{
    // Vault ids without a resource group's name, and one that names another subscription than the
    // one listing it: none may replace the tree's top level or another subscription's vaults.
    const QString otherSub = QStringLiteral("11111111-1111-1111-1111-111111111111");
    const QString otherGroup
        = QStringLiteral("/subscriptions/") + otherSub + QStringLiteral("/resourceGroups/rg-other");
    const QString otherVault
        = otherGroup + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/rsv-other");
    m_routes.insert(QStringLiteral("subscriptions"), [=](const CannedHttpServer::Seen &) {
        return list({ subscription(kSub, QStringLiteral("Test subscription")),
                      subscription(otherSub, QStringLiteral("Other subscription")) });
    });
    m_routes.insert(QStringLiteral("vaults"), [=](const CannedHttpServer::Seen &s) {
        if (s.target.contains(otherSub.toUtf8()))
            return list({ vault(otherVault) });
        return list(
            { vault(kVaultId),
              vault(kSubId + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/v1")),
              vault(kSubId
                    + QStringLiteral("/resourceGroups/providers/Microsoft.RecoveryServices/vaults/v2")),
              vault(otherGroup + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/intruder")) });
    });
    startConsole();
    NavigationModel *nav = m_console->navigation();
    QAbstractItemModelTester tester(nav, QAbstractItemModelTester::FailureReportingMode::QtTest);
    nav->add({},
             { QStringLiteral("identity"),
               NavigationModel::Kind::Section,
               QStringLiteral("Identity"),
               {},
               false,
               {} });
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    const QString subKey = kSubId.toLower();
    const QString otherKey = (QStringLiteral("/subscriptions/") + otherSub).toLower();
    QTRY_VERIFY(nav->contains(subKey) && nav->contains(otherKey));
    m_console->tree()->expand(nav->indexOf(otherKey));
    QTRY_COMPARE(nav->state(otherKey), NavigationModel::State::Loaded);
    m_console->tree()->expand(nav->indexOf(subKey));
    QTRY_COMPARE(nav->state(subKey), NavigationModel::State::Loaded);
    // The top level keeps its sections.
    QVERIFY(nav->contains(QStringLiteral("identity")));
    QVERIFY(nav->indexOf(QLatin1String(EstateController::kEstateKey)).isValid());
    QCOMPARE(nav->rowCount(), 2);
    // The subscription counts its own vault only; the other keeps its vault, not the intruder.
    QCOMPARE(nav->indexOf(subKey).data().toString(), QStringLiteral("Test subscription (1 vault)"));
    QCOMPARE(nav->rowCount(nav->indexOf(subKey)), 1);
    const QModelIndex group = nav->indexOf(otherGroup.toLower());
    QVERIFY(group.isValid());
    QCOMPARE(group.parent(), nav->indexOf(otherKey));
    QCOMPARE(nav->rowCount(group), 1);
    QVERIFY(nav->contains(otherVault.toLower()));
    QVERIFY(!nav->contains(
        (otherGroup + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/intruder")).toLower()));
    // The service counts the three as entries it could not read.
    int unreadable = -1;
    QList<qsizetype> places;
    QStringList codes;
    bool done = false;
    m_service->vaults(
        kSub, m_console.get(),
        [&](const QList<Backup::Vault> &, const QList<Backup::Unreadable> &bad, int) {
            unreadable = int(bad.size());
            for (const Backup::Unreadable &u : bad) {
                places << u.index;
                codes << u.error.code;
            }
        },
        [&](Result<QList<Backup::Vault>> r) {
            done = true;
            QVERIFY(r);
            QCOMPARE(r->size(), 1);
        });
    QTRY_VERIFY(done);
    QCOMPARE(unreadable, 3);
    // Each indexes its entry's place in the page (the intruder is the fourth entry), in order.
    QCOMPARE(places, (QList<qsizetype> { 1, 2, 3 }));
    QCOMPARE(codes.last(), QStringLiteral("backup_outside_scope"));
}

void TestEstateController::entriesRepeatedAcrossPagesCountOnce()
{
    // A shifting listing repeats an entry on a later page: the subscription and the vault are
    // one each, in the tree, the counts, the estate listing and the overview.
    m_routes.insert(QStringLiteral("subscriptions"), [this](const CannedHttpServer::Seen &s) {
        QJsonObject page { { QStringLiteral("value"),
                             QJsonArray { subscription(kSub, QStringLiteral("Test subscription")) } } };
        if (!s.target.contains("page=2"))
            page.insert(
                QStringLiteral("nextLink"),
                m_server->url(QStringLiteral("/subscriptions?api-version=2022-12-01&page=2")).toString());
        return CannedHttpServer::response(200, body(page));
    });
    m_routes.insert(QStringLiteral("vaults"), [this](const CannedHttpServer::Seen &s) {
        QJsonObject page { { QStringLiteral("value"), QJsonArray { vault(kVaultId) } } };
        if (!s.target.contains("page=2")) {
            QString next = QString::fromUtf8(s.target);
            next += QStringLiteral("&page=2");
            page.insert(QStringLiteral("nextLink"), m_server->url(next).toString());
        }
        return CannedHttpServer::response(200, body(page));
    });
    startConsole();
    NavigationModel *nav = m_console->navigation();
    // The estate's overview counts the vault once (its two items, not four).
    auto *progress
        = m_controller->estateOverview()->findChild<QLabel *>(QStringLiteral("overviewProgressLabel"));
    QVERIFY(progress);
    QTRY_COMPARE(progress->text(), QStringLiteral("Loaded 1 of 1 vault"));
    auto *total = m_controller->estateOverview()->findChild<QLabel *>(QStringLiteral("itemsTotalLabel"));
    QVERIFY(total);
    QVERIFY2(total->text().contains(QLatin1Char('2')) && !total->text().contains(QLatin1Char('4')),
             qPrintable(total->text()));
    const QModelIndex estate = nav->indexOf(QLatin1String(EstateController::kEstateKey));
    m_console->tree()->expand(estate);
    QTRY_COMPARE(nav->state(QLatin1String(EstateController::kEstateKey)), NavigationModel::State::Loaded);
    QCOMPARE(nav->rowCount(estate), 1);
    QVERIFY2(estate.data().toString().endsWith(QStringLiteral("(1 subscription)")),
             qPrintable(estate.data().toString()));
    const QString subKey = kSubId.toLower();
    nav->setState(subKey, NavigationModel::State::Idle);
    Q_EMIT nav->fetchRequested(subKey);
    QTRY_COMPARE(nav->state(subKey), NavigationModel::State::Loaded);
    QCOMPARE(nav->indexOf(subKey).data().toString(), QStringLiteral("Test subscription (1 vault)"));
    QCOMPARE(nav->rowCount(nav->indexOf(kGroupId.toLower())), 1);
    // The service's estate (what the CLI prints) holds each once.
    std::optional<Result<Backup::Estate>> listed;
    m_service->estate(m_console.get(), {}, [&](Result<Backup::Estate> e) { listed = std::move(e); });
    QTRY_VERIFY(listed.has_value());
    QVERIFY(listed->ok());
    QCOMPARE(listed->value().subscriptions.size(), 1);
    QCOMPARE(listed->value().vaults.size(), 1);
}

void TestEstateController::adoptedVaultIsNotLeftLoading()
{
    // A vault page hands its data over while the overview's own load of that vault is still on
    // its way: the late answers of that load must not leave the vault "loading" for good.
    startConsole();
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setService(m_service.get());
    const Backup::Vault v = testVault();
    loader.show(QStringLiteral("Vault"), { v }, {});
    QVERIFY(loader.data(kVaultId));
    QVERIFY(!loader.data(kVaultId)->loaded());
    // The loads go out from the event loop (a slice of the scope at a time): on their way now.
    QTRY_VERIFY(!loader.findChildren<JobBase *>().isEmpty());
    EstateOverviewLoader::VaultData adopted;
    adopted.items
        = Backup::Page<Backup::ProtectedItem>::fromValue(QJsonArray { item(QStringLiteral("vm1")) }).items;
    loader.adopt(kVaultId, adopted);
    QTRY_COMPARE(m_server->requests().size(), 4);
    // The four answers arrive: every load of the loader has reported (not a guess at how long
    // that takes — before, the late answers drove the count below zero once they had all come).
    const auto allReported = [&loader] {
        const QList<JobBase *> loads = loader.findChildren<JobBase *>();
        return std::all_of(loads.begin(), loads.end(), [](const JobBase *j) { return j->isFinished(); });
    };
    QTRY_VERIFY(allReported());
    QVERIFY(loader.data(kVaultId)->loaded());
    auto *progress = widget.findChild<QLabel *>(QStringLiteral("overviewProgressLabel"));
    QVERIFY(progress);
    QTRY_COMPARE(progress->text(), QStringLiteral("Loaded 1 of 1 vault"));
}

void TestEstateController::unreadableSubscriptionsAreSaidNotMisdiagnosed()
{
    // Every entry of the subscription listing is unreadable: that is no missing role assignment.
    m_routes.insert(QStringLiteral("subscriptions"), [](const CannedHttpServer::Seen &) {
        return list({ QJsonObject { { QStringLiteral("id"), 5 } }, QStringLiteral("not an object") });
    });
    startConsole();
    MessageBanner *page = m_console->banner();
    auto *banner = m_console->findChild<MessageBanner *>(QStringLiteral("unreadableBanner"));
    QVERIFY(banner);
    QTRY_VERIFY(banner->isVisibleTo(m_console.get()));
    QVERIFY2(!page->text().contains(QStringLiteral("sees no subscriptions")), qPrintable(page->text()));
    QVERIFY2(banner->text().contains(
                 QStringLiteral("2 entries of the listing of subscriptions could not be read")),
             qPrintable(banner->text()));
    banner->clear();
    NavigationModel *nav = m_console->navigation();
    m_console->tree()->expand(nav->indexOf(QLatin1String(EstateController::kEstateKey)));
    QTRY_COMPARE(nav->state(QLatin1String(EstateController::kEstateKey)), NavigationModel::State::Loaded);
    QTRY_VERIFY(banner->isVisibleTo(m_console.get()));
    QVERIFY2(!page->text().contains(QStringLiteral("sees no subscriptions")), qPrintable(page->text()));
    QVERIFY2(banner->text().contains(
                 QStringLiteral("2 entries of the listing of subscriptions could not be read")),
             qPrintable(banner->text()));
}

void TestEstateController::loopingPointsPageIsAnErrorNotCompletion()
{
    // Page 1 names, as its nextLink, page 1 itself spelled another way (its query in another
    // order): the listing loops, and the page says so as the transport would (arm_page_loop).
    m_routes.insert(QStringLiteral("points"), [this](const CannedHttpServer::Seen &s) {
        const QUrl asked = m_server->url(QString::fromUtf8(s.target));
        QUrlQuery q(asked);
        auto items = q.queryItems(QUrl::FullyEncoded);
        std::reverse(items.begin(), items.end());
        QUrlQuery reordered;
        reordered.setQueryItems(items);
        QUrl next = asked;
        next.setQuery(reordered);
        const QJsonObject point {
            { QStringLiteral("id"), kItemId + QStringLiteral("/recoveryPoints/1") },
            { QStringLiteral("name"), QStringLiteral("1") },
            { QStringLiteral("properties"),
              QJsonObject { { QStringLiteral("objectType"), QStringLiteral("IaasVMRecoveryPoint") },
                            { QStringLiteral("recoveryPointTime"),
                              iso(QDateTime::currentDateTimeUtc().addSecs(-3600)) } } }
        };
        return CannedHttpServer::response(200,
                                          body({ { QStringLiteral("value"), QJsonArray { point } },
                                                 { QStringLiteral("nextLink"), next.toString() } }));
    });
    startConsole();
    m_controller->showRecoveryPoints(kItemId);
    RecoveryPointsPage *page = m_controller->recoveryPointsPage();
    MessageBanner *banner = page->banner();
    QTRY_VERIFY2(!banner->isHidden() && banner->text().contains(QStringLiteral("arm_page_loop")),
                 qPrintable(banner->text()));
    QCOMPARE(banner->level(), MessageBanner::Level::Error);
    QVERIFY2(!page->progressText().startsWith(QStringLiteral("All")), qPrintable(page->progressText()));
    QCOMPARE(seen(QStringLiteral("points")), 1);
}

// Defect: Retry after a failed later page of points loaded every page again from the first (an
// item has hundreds). Page 3 of 4 fails with 503 (one attempt: retries are exhausted at once
// here): the rows of pages 1-2 stay, Retry asks for page 3 alone, then the rest loads.
void TestEstateController::failedLaterPointsPageIsAskedForAgain()
{
    constexpr int kPages = 4;
    constexpr int kPerPage = 3;
    bool failPage3 = true;
    QHash<int, int> asked; // page -> requests
    m_routes.insert(QStringLiteral("points"), [&, this](const CannedHttpServer::Seen &s) {
        const QUrl url = m_server->url(QString::fromUtf8(s.target));
        const QString pageValue = QUrlQuery(url).queryItemValue(QStringLiteral("page"));
        const int page = pageValue.isEmpty() ? 1 : pageValue.toInt();
        ++asked[page];
        if (page == 3 && failPage3)
            return CannedHttpServer::response(
                503,
                body({ { QStringLiteral("error"),
                         QJsonObject { { QStringLiteral("code"), QStringLiteral("ServiceUnavailable") },
                                       { QStringLiteral("message"), QStringLiteral("try later") } } } }));
        QJsonArray points;
        for (int i = 0; i < kPerPage; ++i) {
            const int n = page * 10 + i;
            points.append(QJsonObject {
                { QStringLiteral("id"), kItemId + QStringLiteral("/recoveryPoints/") + QString::number(n) },
                { QStringLiteral("name"), QString::number(n) },
                { QStringLiteral("properties"),
                  QJsonObject { { QStringLiteral("objectType"), QStringLiteral("IaasVMRecoveryPoint") },
                                { QStringLiteral("recoveryPointTime"),
                                  iso(QDateTime::currentDateTimeUtc().addSecs(-3600 * n)) } } } });
        }
        QJsonObject reply { { QStringLiteral("value"), points } };
        if (page < kPages) {
            QUrl next = url;
            QUrlQuery q(url);
            q.removeAllQueryItems(QStringLiteral("page"));
            q.addQueryItem(QStringLiteral("page"), QString::number(page + 1));
            next.setQuery(q);
            reply.insert(QStringLiteral("nextLink"), next.toString());
        }
        return CannedHttpServer::response(200, body(reply));
    });
    startConsole();
    m_controller->showRecoveryPoints(kItemId);
    RecoveryPointsPage *page = m_controller->recoveryPointsPage();
    QPushButton *more = page->loadMoreButton();
    MessageBanner *banner = page->banner();
    // Load more (or the table, filling its height) until page 3 fails.
    QTRY_VERIFY_WITH_TIMEOUT(asked.value(3) == 1 || more->isVisibleTo(page), 10000);
    while (asked.value(3) == 0) {
        QTRY_VERIFY_WITH_TIMEOUT(asked.value(3) == 1 || more->isVisibleTo(page), 10000);
        if (asked.value(3) == 0)
            more->click();
    }
    QTRY_VERIFY2(!banner->isHidden() && banner->text().contains(QStringLiteral("ServiceUnavailable")),
                 qPrintable(banner->text()));
    QCOMPARE(page->model()->rowCount(), 2 * kPerPage);
    QCOMPARE(asked.value(1), 1);
    QCOMPARE(asked.value(2), 1);
    QCOMPARE(asked.value(3), 1);

    failPage3 = false;
    auto *retry = banner->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry);
    retry->click();
    // The rows read so far stay while page 3 is asked for again, and only page 3.
    QCOMPARE(page->model()->rowCount(), 2 * kPerPage);
    QTRY_VERIFY(page->model()->rowCount() >= 3 * kPerPage); // the table may ask for page 4 at once
    QCOMPARE(asked.value(1), 1);
    QCOMPARE(asked.value(2), 1);
    QCOMPARE(asked.value(3), 2);
    // Then the rest.
    QTRY_VERIFY(more->isVisibleTo(page) || page->model()->rowCount() == kPages * kPerPage);
    if (page->model()->rowCount() < kPages * kPerPage)
        more->click();
    QTRY_COMPARE(page->model()->rowCount(), kPages * kPerPage);
    QTRY_VERIFY2(page->progressText().startsWith(QStringLiteral("All")), qPrintable(page->progressText()));
    QCOMPARE(asked.value(4), 1);
    QVERIFY(banner->isHidden());
    // The equivalent request names each page once.
    QCOMPARE(page->request()->requests().size(), kPages);
}

void TestEstateController::signOutLeavesNothingOfTheIdentity()
{
    startConsole();
    showVault();
    QTRY_COMPARE(m_controller->vaultPage()->items()->model()->rowCount(), 2);
    QTRY_VERIFY(m_controller->vaultPage()->jobs()->list()->request()->requests().size() > 0);
    m_controller->setService(nullptr);
    // Hidden pages too: the vault's tables, its overview and the estate's overview are empty.
    QCOMPARE(m_controller->vaultPage()->items()->model()->rowCount(), 0);
    QCOMPARE(m_controller->vaultPage()->policies()->model()->rowCount(), 0);
    QCOMPARE(m_controller->vaultPage()->jobs()->model()->rowCount(), 0);
    QVERIFY(m_controller->vaultController()->currentVaultId().isEmpty());
    QCOMPARE(m_controller->estateOverview()->overview().totalItems, 0);
    QVERIFY(m_controller->estateOverview()->request()->requests().isEmpty());
}

// Defect: the unreadable entries of each listing (the subscriptions, each subscription's vaults)
// shared the page banner, so the next notice replaced them, and a subscription's name was cut at
// " (". Each listing's line stays, beside the others and whatever the page banner says next,
// until that listing is read again without them; names are whole; an out-of-scope vault is said
// once to be left out.
void TestEstateController::unreadableEntriesStayUntilReadAgain()
{
    const QString subA = QStringLiteral("aaaaaaaa-0000-0000-0000-00000000000a");
    const QString subB = QStringLiteral("bbbbbbbb-0000-0000-0000-00000000000b");
    const QString nameA = QStringLiteral("Contoso (Prod) West");
    const QString nameB = QStringLiteral("Fabrikam (Dev)");
    const auto vaultIn = [](const QString &sub, const QString &name) {
        return QStringLiteral(
                   "/subscriptions/%1/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/%2")
            .arg(sub, name);
    };
    bool aBroken = true;
    m_routes.insert(QStringLiteral("subscriptions"), [=](const CannedHttpServer::Seen &) {
        // One entry of the subscription listing is not an object.
        return list(
            { subscription(subA, nameA), subscription(subB, nameB), QStringLiteral("not an object") });
    });
    m_routes.insert(QStringLiteral("vaults"), [=, &aBroken](const CannedHttpServer::Seen &s) {
        if (s.target.contains(subA.toUtf8())) {
            QJsonArray values { vault(vaultIn(subA, QStringLiteral("rsv-a"))) };
            if (aBroken) // a vault of another subscription, and an entry without an id
                values << vault(vaultIn(subB, QStringLiteral("intruder")))
                       << vault(QStringLiteral(
                                    "/subscriptions/%1/providers/Microsoft.RecoveryServices/vaults/v1")
                                    .arg(subA));
            return list(values);
        }
        return list({ vault(vaultIn(subB, QStringLiteral("rsv-b"))), QJsonValue(5) });
    });
    m_routes.insert(QStringLiteral("items"), [](const CannedHttpServer::Seen &) { return list({}); });
    startConsole();
    auto *banner = m_console->findChild<MessageBanner *>(QStringLiteral("unreadableBanner"));
    QVERIFY(banner);
    const QString subsLine = QStringLiteral("1 entry of the listing of subscriptions could not be read");
    const QString aLine
        = QStringLiteral("2 entries of the listing of vaults of subscription %1 could not be read")
              .arg(nameA);
    const QString bLine
        = QStringLiteral("1 entry of the listing of vaults of subscription %1 could not be read").arg(nameB);
    // The estate's listing (the start) reads every listing: a line for each.
    QTRY_VERIFY2(banner->text().contains(aLine) && banner->text().contains(bLine),
                 qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(subsLine), qPrintable(banner->text()));
    QCOMPARE(banner->level(), MessageBanner::Level::Warning);
    // The out-of-scope vault is said to be left out once, not twice.
    QCOMPARE(banner->text().count(QStringLiteral("left out")), 3);
    QVERIFY2(banner->text().contains(QStringLiteral("which lies outside it.")), qPrintable(banner->text()));
    // Each line names the entry it is about once: the sentence names the vault; the detail
    // (the same id in the raising code's words) is not appended after it.
    const QString intruder = vaultIn(subB, QStringLiteral("intruder"));
    const QStringList lines = banner->text().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 3);
    for (const QString &line : lines) {
        QVERIFY2(line.count(intruder, Qt::CaseInsensitive) <= 1, qPrintable(line));
        QVERIFY2(line.count(QStringLiteral("/subscriptions/") + subA, Qt::CaseInsensitive) <= 1,
                 qPrintable(line));
    }
    QCOMPARE(banner->text().count(intruder, Qt::CaseInsensitive), 1);

    // The tree lists them again, one listing at a time: every line stays, whatever the page
    // banner says meanwhile.
    NavigationModel *nav = m_console->navigation();
    const QString estate = QLatin1String(EstateController::kEstateKey);
    m_console->tree()->expand(nav->indexOf(estate));
    QTRY_COMPARE(nav->state(estate), NavigationModel::State::Loaded);
    const QString keyA = QStringLiteral("/subscriptions/") + subA;
    const QString keyB = QStringLiteral("/subscriptions/") + subB;
    m_console->tree()->expand(nav->indexOf(keyA));
    QTRY_COMPARE(nav->state(keyA), NavigationModel::State::Loaded);
    m_console->tree()->expand(nav->indexOf(keyB));
    QTRY_COMPARE(nav->state(keyB), NavigationModel::State::Loaded);
    m_console->banner()->showMessage(MessageBanner::Level::Info, QStringLiteral("another notice"));
    QVERIFY2(banner->text().contains(subsLine) && banner->text().contains(aLine)
                 && banner->text().contains(bLine),
             qPrintable(banner->text()));
    QVERIFY(banner->isVisibleTo(m_console.get()));
    // The subscription's whole name in its overview's title.
    m_console->tree()->setCurrentIndex(nav->indexOf(keyA));
    auto *title = m_controller->estateOverview()->findChild<QLabel *>(QStringLiteral("overviewTitleLabel"));
    QVERIFY(title);
    QTRY_COMPARE(title->text(), QStringLiteral("Subscription %1").arg(nameA));

    // A's vaults read again, all readable: its line goes, the others stay.
    aBroken = false;
    nav->setState(keyA, NavigationModel::State::Idle);
    Q_EMIT nav->fetchRequested(keyA);
    QTRY_VERIFY2(!banner->text().contains(nameA), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(subsLine) && banner->text().contains(bLine), qPrintable(banner->text()));
    QVERIFY(banner->isVisibleTo(m_console.get()));
    // Signed out: nothing of it stays.
    m_controller->setService(nullptr);
    QVERIFY(banner->isHidden());
    QVERIFY(banner->text().isEmpty());
}

// Defect: a vault listed under a subscription it is not in was given, as its index, its place
// among the entries that could be read, not in the page: after an unreadable entry it pointed at
// the entry before it. The unreadable entries of a page come in the page's order.
void TestEstateController::outOfScopeVaultIsNamedByItsPlaceInThePage()
{
    const QString intruder
        = QStringLiteral("/subscriptions/bbbbbbbb-0000-0000-0000-00000000000b/resourceGroups/rg/"
                         "providers/Microsoft.RecoveryServices/vaults/intruder");
    m_routes.insert(QStringLiteral("vaults"), [=](const CannedHttpServer::Seen &) {
        return list({ QJsonValue(5), vault(kVaultId), vault(intruder), QStringLiteral("not an object") });
    });
    QObject owner;
    QList<Backup::Unreadable> bad;
    std::optional<Result<QList<Backup::Vault>>> listed;
    m_service->vaults(
        kSub, &owner,
        [&](const QList<Backup::Vault> &, const QList<Backup::Unreadable> &page, int) { bad += page; },
        [&](Result<QList<Backup::Vault>> r) { listed = std::move(r); });
    QTRY_VERIFY(listed.has_value());
    QVERIFY(listed->ok());
    QCOMPARE(listed->value().size(), 1);
    QList<qsizetype> places;
    for (const Backup::Unreadable &u : std::as_const(bad))
        places << u.index;
    QCOMPARE(places, (QList<qsizetype> { 0, 2, 3 }));
    QCOMPARE(bad.at(1).error.code, QStringLiteral("backup_outside_scope"));
    QCOMPARE(bad.at(1).raw.toObject().value(QStringLiteral("id")).toString(), intruder);
}

void TestEstateController::nextPersonSeesNothingOfTheLast_data()
{
    QTest::addColumn<QString>("next");
    QTest::newRow("rita, then nora (no access)") << QStringLiteral("nora");
    QTest::newRow("rita, then oscar") << QStringLiteral("oscar");
}

// Defect: sign-out emptied the vault page and the overviews but not the recovery points page: the
// next person to sign in found the last one's item, points and request there. Against the
// sandbox: Rita opens a vault, an item's points and the estate; signs out; the next person signs
// in; nothing Rita read is in any page, shown or hidden, until that person reads it.
void TestEstateController::nextPersonSeesNothingOfTheLast()
{
    QFETCH(QString, next);
    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    struct Signed
    {
        std::unique_ptr<Arm::StaticTokenProvider> tokens;
        std::unique_ptr<Arm::ArmClient> arm;
        std::unique_ptr<Backup::BackupService> service;
    };
    const auto signIn = [&](const QString &user) {
        Signed s;
        const QString token = sandbox.signIn(user).accessToken;
        s.tokens = std::make_unique<Arm::StaticTokenProvider>(token.toUtf8());
        Net::Transport t;
        t.nam = &m_nam;
        s.arm = std::make_unique<Arm::ArmClient>(t, s.tokens.get(), QUrl(sandbox.api()));
        s.service = std::make_unique<Backup::BackupService>(s.arm.get());
        return s;
    };
    Signed rita;
    Signed other;
    // The console goes before the services it holds, whichever way the test ends.
    const auto closeConsole = qScopeGuard([this] {
        m_controller = nullptr;
        m_console.reset();
    });
    rita = signIn(QStringLiteral("rita"));
    QVERIFY(!rita.tokens->accessToken().isEmpty());
    m_console = std::make_unique<ConsolePage>();
    m_controller = new EstateController(m_console.get(), m_console.get());
    m_console->resize(1200, 800);
    m_console->show();
    m_controller->setService(rita.service.get());

    // Rita: the estate's overview, a vault's lists and an item's points.
    OverviewWidget *estate = m_controller->estateOverview();
    QTRY_VERIFY_WITH_TIMEOUT(estate->overview().totalItems > 0, 20000);
    const QString vaultId = kProdWeu;
    m_controller->showVault(vaultId);
    VaultPage *vault = m_controller->vaultPage();
    QTRY_VERIFY_WITH_TIMEOUT(!vault->items()->list()->isLoading() && vault->items()->model()->rowCount() > 0,
                             20000);
    QTRY_VERIFY_WITH_TIMEOUT(!vault->jobs()->list()->isLoading() && !vault->policies()->list()->isLoading(),
                             20000);
    QVERIFY(vault->jobs()->model()->rowCount() > 0);
    const Backup::ProtectedItem ritasItem = vault->items()->model()->items().first();
    m_controller->showRecoveryPoints(ritasItem.id);
    RecoveryPointsPage *points = m_controller->recoveryPointsPage();
    QTRY_VERIFY_WITH_TIMEOUT(points->model()->rowCount() > 0, 20000);
    auto *itemName = points->findChild<QLabel *>(QStringLiteral("itemNameLabel"));
    auto *itemIdLabel = points->findChild<QLabel *>(QStringLiteral("itemIdLabel"));
    QVERIFY(itemName && itemIdLabel);
    QCOMPARE(itemIdLabel->text(), ritasItem.id);

    // Signed out, then the next person in.
    m_controller->setService(nullptr);
    other = signIn(next);
    QVERIFY(!other.tokens->accessToken().isEmpty());
    m_controller->setService(other.service.get());
    QTRY_VERIFY(m_console->navigation()->indexOf(QLatin1String(EstateController::kEstateKey)).isValid());
    QTest::qWait(500); // what the next person's start loads comes in

    // The points page: no item, no points, no request, no Restore, and not the page shown.
    QCOMPARE(points->model()->rowCount(), 0);
    QVERIFY2(itemName->text().isEmpty(), qPrintable(itemName->text()));
    QVERIFY2(itemIdLabel->text().isEmpty(), qPrintable(itemIdLabel->text()));
    QVERIFY(points->request()->requests().isEmpty());
    QVERIFY2(points->progressText().isEmpty(), qPrintable(points->progressText()));
    QVERIFY(points->selectedPointId().isEmpty());
    QVERIFY(m_controller->pointsController()->currentItemId().isEmpty());
    QVERIFY(m_console->currentContent() != points);
    // The vault page: no vault, no items, policies or jobs.
    QVERIFY(m_controller->vaultController()->currentVaultId().isEmpty());
    QCOMPARE(vault->items()->model()->rowCount(), 0);
    QCOMPARE(vault->policies()->model()->rowCount(), 0);
    QCOMPARE(vault->jobs()->model()->rowCount(), 0);
    QVERIFY(!m_controller->item(ritasItem.id) || next != QLatin1String("nora"));
    // The estate's overview counts what the next person reads, never Rita's: Nora reads nothing.
    if (next == QLatin1String("nora")) {
        QCOMPARE(estate->overview().totalItems, 0);
        QVERIFY(!m_controller->item(ritasItem.id));
    }
    // F5 on the points page reads nothing for the last item.
    const int before = other.arm->requestCount();
    m_controller->reload(points);
    QTest::qWait(100);
    QCOMPARE(other.arm->requestCount(), before);
}

QTEST_MAIN(TestEstateController)
#include "tst_estatecontroller.moc"
