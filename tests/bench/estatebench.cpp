// rd_estate_bench: the console (main window, console page, estate controller, the real backup
// service over a signed-in session) against a sandbox at a large --scale, doing what an operator
// does first: the estate's overview (every vault's items, policies and jobs), the navigation tree
// expanded to every subscription's vaults, then one generated vault's page with its protected
// items. Measures the longest time the GUI thread did not return to its event loop (a 1 ms
// heartbeat timer: the longest gap between two ticks), from the sign-in's service being handed
// to the console to the last repaint after everything is loaded. Prints one JSON object.
//   rd_estate_bench --issuer URL --api URL --vaults N    (N: the vaults the overview must reach)
#include "arm/armclient.h"
#include "backup/backupservice.h"
#include "benchsession.h"
#include "consolepage.h"
#include "estatecontroller.h"
#include "estateoverviewloader.h"
#include "heartbeat.h"
#include "itemspanel.h"
#include "listpanel.h"
#include "mainwindow.h"
#include "models/navigationmodel.h"
#include "models/protecteditemmodel.h"
#include "overviewwidget.h"
#include "vaultpage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QRegularExpression>
#include <QTimer>
#include <QTreeView>

#include <cstdio>

using namespace RestoreDesk;
using namespace RestoreDesk::Bench;
using Models::NavigationModel;

namespace {

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString issuer = argumentValue(args, "--issuer");
    const QString api = argumentValue(args, "--api");
    const int wantedVaults = argumentValue(args, "--vaults").toInt();
    if (issuer.isEmpty() || api.isEmpty() || wantedVaults <= 0)
        return fail(QStringLiteral("usage: rd_estate_bench --issuer URL --api URL --vaults N"));

    BenchSession bench(issuer, api);
    if (auto signedIn = bench.signIn(); !signedIn)
        return fail(QStringLiteral("sign-in: ") + signedIn.error().toString());
    BenchApi client(bench, api);
    Arm::ArmClient &arm = client.arm();
    Backup::BackupService &backup = client.backup();

    MainWindow window;
    ConsolePage console;
    window.addPage(&console);
    EstateController controller(&console);
    window.showPage(&console);
    window.resize(1400, 900);
    window.show();
    spin(500); // shown, painted, idle

    NavigationModel *nav = console.navigation();
    QTreeView *tree = console.tree();
    auto *progress
        = controller.estateOverview()->findChild<QLabel *>(QStringLiteral("overviewProgressLabel"));
    auto *loader = controller.findChild<EstateOverviewLoader *>();
    if (!progress || !loader)
        return fail(QStringLiteral("the estate overview has no progress label or loader"));
    const QRegularExpression loadedRe(QStringLiteral("^Loaded (\\d+) of (\\d+) vaults?$"));
    VaultPage *vaultPage = controller.vaultPage();

    Heartbeat heartbeat;
    QElapsedTimer load;
    heartbeat.start();
    load.start();
    // As a sign-in hands the console its service: the tree's Estate node appears and is chosen,
    // and the estate's overview loads every vault.
    controller.setService(&backup);
    QString vaultKey;
    int overviewVaults = 0;
    double overviewMs = 0;
    double vaultMs = 0;
    bool finished = false;
    QElapsedTimer guard;
    guard.start();
    QElapsedTimer said;
    said.start();
    while (!finished && guard.elapsed() < 600000) {
        if (qEnvironmentVariableIsSet("RD_ESTATE_BENCH_TRACE") && said.elapsed() > 2000) {
            said.restart();
            std::fprintf(stderr, "overview \"%s\", vault %s (selected %s), %d subscriptions\n",
                         qPrintable(progress->text()), qPrintable(vaultKey),
                         qPrintable(console.selectedKey()),
                         nav->rowCount(nav->indexOf(QLatin1String(EstateController::kEstateKey))));
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        // The tree, expanded as an operator would: the estate, then every subscription.
        const QModelIndex estate = nav->indexOf(QLatin1String(EstateController::kEstateKey));
        if (estate.isValid() && !tree->isExpanded(estate))
            tree->expand(estate);
        // The estate chosen, as the console chooses its first node: its overview loads.
        if (estate.isValid() && console.selectedKey().isEmpty())
            console.select(QLatin1String(EstateController::kEstateKey));
        bool treeLoaded = estate.isValid() && nav->rowCount(estate) > 0;
        for (int s = 0; estate.isValid() && s < nav->rowCount(estate); ++s) {
            const QModelIndex sub = nav->index(s, 0, estate);
            if (!tree->isExpanded(sub))
                tree->expand(sub);
            // Listed by the tree's own load, or already by the estate's listing (its vaults placed).
            treeLoaded = treeLoaded
                && (nav->state(nav->keyOf(sub)) == NavigationModel::State::Loaded || nav->rowCount(sub) > 0);
            // The first generated vault, once its subscription is listed.
            for (int g = 0; vaultKey.isEmpty() && g < nav->rowCount(sub); ++g) {
                const QModelIndex group = nav->index(g, 0, sub);
                for (int v = 0; vaultKey.isEmpty() && v < nav->rowCount(group); ++v) {
                    if (nav->index(v, 0, group)
                            .data(NavigationModel::TitleRole)
                            .toString()
                            .startsWith(QLatin1String("rsv-gen-")))
                        vaultKey = nav->keyOf(nav->index(v, 0, group));
                }
            }
        }
        const auto m = loadedRe.match(progress->text());
        const bool overviewLoaded = m.hasMatch() && m.captured(1) == m.captured(2);
        if (m.hasMatch())
            overviewVaults = m.captured(2).toInt();
        if (overviewLoaded && overviewVaults >= wantedVaults && overviewMs == 0)
            overviewMs = double(load.nsecsElapsed()) / 1e6;
        // The vault's page once the estate's listing is in (choosing it earlier would end that
        // listing): the overview goes on loading behind it.
        const bool listed = !progress->text().isEmpty();
        if (listed && !vaultKey.isEmpty() && console.selectedKey() != vaultKey)
            console.select(vaultKey);
        const bool vaultLoaded = !vaultKey.isEmpty() && console.selectedKey() == vaultKey
            && !vaultPage->items()->list()->isLoading() && vaultPage->items()->model()->rowCount() > 0;
        if (vaultLoaded && vaultMs == 0)
            vaultMs = double(load.nsecsElapsed()) / 1e6;
        finished = treeLoaded && overviewMs > 0 && vaultMs > 0;
    }
    const double loadMs = double(load.nsecsElapsed()) / 1e6;
    spin(300); // the last repaints after the load
    heartbeat.stop();
    if (!finished)
        return fail(QStringLiteral("the loads did not finish: overview \"%1\", vault %2, %3 ms")
                        .arg(progress->text(), vaultKey.isEmpty() ? QStringLiteral("not found") : vaultKey)
                        .arg(loadMs));

    int subscriptions = 0;
    const QModelIndex estate = nav->indexOf(QLatin1String(EstateController::kEstateKey));
    subscriptions = nav->rowCount(estate);
    QJsonObject out { { QStringLiteral("maxStallMs"), heartbeat.maxGapMs() },
                      { QStringLiteral("maxCpuSliceMs"), heartbeat.maxCpuSliceMs() },
                      { QStringLiteral("stallsOver50Ms"), heartbeat.gapsOver50Ms() },
                      { QStringLiteral("heartbeats"), heartbeat.ticks() },
                      { QStringLiteral("items"), controller.estateOverview()->overview().totalItems },
                      { QStringLiteral("vaults"), overviewVaults },
                      { QStringLiteral("subscriptions"), subscriptions },
                      { QStringLiteral("vaultItems"), vaultPage->items()->model()->rowCount() },
                      { QStringLiteral("overviewMs"), overviewMs },
                      { QStringLiteral("vaultMs"), vaultMs },
                      { QStringLiteral("loadMs"), loadMs },
                      { QStringLiteral("rebuilds"), loader->rebuildCount() },
                      { QStringLiteral("requests"), arm.requestCount() } };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
