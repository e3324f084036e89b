// rd_points_bench: the console (main window, console page, estate controller, the real backup
// service over a signed-in session) loads and shows every recovery point of the sandbox item with
// the most points, asking for each next page with the page's Load more button as it appears (the
// page reads one page at a time). Measures
//   - the longest time the GUI thread did not return to its event loop (a 1 ms heartbeat timer:
//     the longest gap between two ticks), from the request to the last repaint after the load;
//   - resident memory growth per loaded point row (RSS after the load ÷ rows, both readings
//     after malloc_trim, so freed transients are not counted).
// Prints one JSON object.
//   rd_points_bench --issuer URL --api URL     (RD_POINTS_SPLIT=1: where the memory went)
#include "arm/armclient.h"
#include "backup/backupservice.h"
#include "benchsession.h"
#include "consolepage.h"
#include "estatecontroller.h"
#include "heartbeat.h"
#include "mainwindow.h"
#include "models/recoverypointmodel.h"
#include "recoverypointspage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QTableView>
#include <QTimer>

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <optional>

using namespace RestoreDesk;
using namespace RestoreDesk::Bench;

namespace {

// Resident bytes of this process, after giving freed heap back to the system.
qint64 residentBytes()
{
    malloc_trim(0);
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * sysconf(_SC_PAGESIZE) : -1;
}

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

template<typename T>
std::optional<Result<T>> wait(std::function<void(std::function<void(Result<T>)>)> start,
                              int timeoutMs = 120000)
{
    std::optional<Result<T>> out;
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    start([&](Result<T> r) {
        out = std::move(r);
        loop.quit();
    });
    if (!out)
        loop.exec();
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString issuer = argumentValue(args, "--issuer");
    const QString api = argumentValue(args, "--api");
    if (!args.contains(QStringLiteral("--issuer")) || !args.contains(QStringLiteral("--api")))
        return fail(QStringLiteral("usage: rd_points_bench --issuer URL --api URL"));

    BenchSession bench(issuer, api);
    if (auto signedIn = bench.signIn(); !signedIn)
        return fail(QStringLiteral("sign-in: ") + signedIn.error().toString());
    BenchApi client(bench, api);
    Arm::ArmClient &arm = client.arm();
    Backup::BackupService &backup = client.backup();

    // The item with the most points: the generated tenant's (found before anything is timed).
    auto estate = wait<Backup::Estate>([&](auto done) { backup.estate(&app, {}, done); });
    if (!estate || !*estate)
        return fail(QStringLiteral("estate listing failed"));
    QString itemId;
    for (const Backup::Vault &v : (*estate)->vaults) {
        if (!v.name.startsWith(QLatin1String("rsv-gen-")))
            continue;
        auto items = wait<QList<Backup::ProtectedItem>>(
            [&](auto done) { backup.items(v.id, Backup::ItemType::All, &app, {}, done); });
        if (items && *items && !(*items)->isEmpty())
            itemId = (*items)->first().id;
        break;
    }
    if (itemId.isEmpty())
        return fail(QStringLiteral("the sandbox has no generated item (start it with --scale)"));

    MainWindow window;
    ConsolePage console;
    window.addPage(&console);
    EstateController controller(&console);
    controller.setService(&backup);
    window.showPage(&console);
    window.show();
    spin(500); // shown, painted, idle
    const qint64 before = residentBytes();

    Heartbeat heartbeat;
    bool finished = false;
    RecoveryPointsPage *page = controller.recoveryPointsPage();
    const auto *model = page->model();
    QElapsedTimer load;
    heartbeat.start();
    load.start();
    controller.showRecoveryPoints(itemId);
    QElapsedTimer guard;
    guard.start();
    while (!finished && guard.elapsed() < 300000) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        // The page reads one page at a time: ask for the next as an operator would.
        if (page->loadMoreButton()->isVisibleTo(page))
            page->loadMoreButton()->click();
        finished = page->progressText().startsWith(QLatin1String("All ")) || page->banner()->isVisible();
    }
    const double loadMs = double(load.nsecsElapsed()) / 1e6;
    spin(300); // the last repaints after the load
    heartbeat.stop();
    if (!finished)
        return fail(QStringLiteral("the load did not finish: ") + page->progressText());
    const int rows = model->rowCount();
    const qint64 after = residentBytes();
    // RD_POINTS_SPLIT=1: also say how much of the growth the table, the rows and the rest hold.
    if (qEnvironmentVariableIsSet("RD_POINTS_SPLIT")) {
        page->tableView()->setModel(nullptr);
        spin(100);
        const qint64 noView = residentBytes();
        page->model()->clear();
        spin(100);
        const qint64 noRows = residentBytes();
        std::fprintf(stderr,
                     "after %lld, without the table %lld, without rows %lld (per row: table %.0f, rows %.0f, "
                     "rest %.0f)\n",
                     after, noView, noRows, double(after - noView) / rows, double(noView - noRows) / rows,
                     double(noRows - before) / rows);
    }

    QJsonObject out { { QStringLiteral("maxStallMs"), heartbeat.maxGapMs() },
                      { QStringLiteral("rows"), rows },
                      { QStringLiteral("bytesPerRow"), rows ? double(after - before) / rows : 0.0 },
                      { QStringLiteral("rssBefore"), double(before) },
                      { QStringLiteral("rssAfter"), double(after) },
                      { QStringLiteral("loadMs"), loadMs },
                      { QStringLiteral("heartbeats"), heartbeat.ticks() },
                      { QStringLiteral("requests"), arm.requestCount() },
                      { QStringLiteral("progress"), page->progressText() } };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
