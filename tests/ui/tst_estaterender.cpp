// Renders each estate view at 1100×700 over the sandbox's tenant (light and dark palettes) into
// <build>/screenshots for a person to look at, checks each image really shows something, and
// measures the timeline with 20 000 points: the rebuild after loading and the paint, fitted and
// zoomed (printed; bounded generously so only a regression to per-paint sorting fails it).
#include "models/recoverypointmodel.h"
#include "overviewwidget.h"
#include "policypage.h"
#include "recoverypointspage.h"
#include "recoverypointtimeline.h"
#include "sandboxestate.h"

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QSet>
#include <QTableView>
#include <QTest>

using namespace RestoreDesk;
using Backup::RecoveryPoint;

namespace {

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x25, 0x27, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1c, 0x1e, 0x21));
    p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2d, 0x31));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x33, 0x36, 0x3b));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Mid, QColor(0x6a, 0x6e, 0x75));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8b, 0xfd));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0x33, 0x36, 0x3b));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    return p;
}

// Grabs `w` at 1100×700 into the screenshot folder; fails when the image is blank.
void render(QWidget &w, const QString &name, bool dark = false)
{
    if (dark)
        w.setPalette(darkPalette());
    w.resize(1100, 700);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QImage image = w.grab().toImage();
    QCOMPARE(image.size(), QSize(1100, 700) * image.devicePixelRatio());
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 8, qPrintable(name));
    QDir().mkpath(QStringLiteral(RD_SCREENSHOT_DIR));
    const QString path = QStringLiteral(RD_SCREENSHOT_DIR "/") + name
        + (dark ? QStringLiteral("-dark.png") : QStringLiteral(".png"));
    QVERIFY(image.save(path));
    qInfo("%s", qPrintable(path));
}

Backup::Policy benchPolicy()
{
    const QJsonObject seed { { QStringLiteral("name"), QStringLiteral("vm-hourly-bench") },
                             { QStringLiteral("kind"), QStringLiteral("vm-v2") },
                             { QStringLiteral("times"), QJsonArray { QStringLiteral("00:00") } },
                             { QStringLiteral("hourlyInterval"), 1 },
                             { QStringLiteral("instantRpDays"), 5 },
                             { QStringLiteral("retention"),
                               QJsonObject { { QStringLiteral("daily"), 900 } } } };
    return Backup::Policy::fromArm(
               Sandbox::Arm::policy(
                   QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
                                  "rg-bench/providers/Microsoft.RecoveryServices/vaults/rsv-bench"),
                   seed, 1))
        .value();
}

} // namespace

class TestEstateRender : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void overview_data();
    void overview();
    void policyPages_data();
    void policyPages();
    void recoveryPoints_data();
    void recoveryPoints();
    void twentyThousandPoints();

private:
    Test::SandboxEstate m_estate;
};

void TestEstateRender::initTestCase()
{
    m_estate = Test::SandboxEstate::load();
    QVERIFY2(m_estate.ok(), qPrintable(m_estate.error));
}

void TestEstateRender::overview_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestEstateRender::overview()
{
    QFETCH(bool, dark);
    QList<Backup::ProtectedItem> items = m_estate.items;
    for (Backup::ProtectedItem &i : items) {
        if (i.friendlyName == QLatin1String("vm-web-01"))
            i.lastRecoveryPoint = m_estate.now.addDays(-3);
    }
    OverviewWidget w;
    w.setScope(QStringLiteral("All subscriptions"));
    w.setProgress(3, 4);
    w.setOverview(Backup::Overview::build(items, m_estate.policies, m_estate.jobs, m_estate.now));
    render(w, QStringLiteral("overview"), dark);
}

void TestEstateRender::policyPages_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<bool>("json");
    QTest::addColumn<bool>("dark");
    QTest::newRow("gold") << "vm-daily-gold" << false << false;
    QTest::newRow("gold dark") << "vm-daily-gold" << false << true;
    QTest::newRow("weekly") << "vm-weekly" << false << false;
    QTest::newRow("hourly") << "vm-hourly-critical" << false << false;
    QTest::newRow("sql") << "sql-full-daily-log-hourly" << false << false;
    QTest::newRow("json") << "vm-daily-gold" << true << false;
}

void TestEstateRender::policyPages()
{
    QFETCH(QString, policy);
    QFETCH(bool, json);
    QFETCH(bool, dark);
    PolicyPage page;
    page.setPolicy(*m_estate.policy(policy), m_estate.now);
    page.showRawJson(json);
    render(page, QStringLiteral("policy-") + policy + (json ? QStringLiteral("-json") : QString()), dark);
}

void TestEstateRender::recoveryPoints_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<bool>("dark");
    QTest::newRow("vm") << "vm-web-01" << false;
    QTest::newRow("vm dark") << "vm-web-01" << true;
    QTest::newRow("sql") << "sales" << false;
    QTest::newRow("hourly") << "vm-payments-01" << false;
}

void TestEstateRender::recoveryPoints()
{
    QFETCH(QString, item);
    QFETCH(bool, dark);
    const Backup::ProtectedItem *i = m_estate.item(item);
    QList<RecoveryPoint> points = m_estate.points.value(i->id);
    points.remove(8, 3); // a gap to look at
    RecoveryPointsPage page;
    page.setReferenceTime(m_estate.now);
    page.setItem(*i);
    page.setPolicy(*m_estate.policyOf(*i));
    page.setRestoreAllowed(true);
    page.beginLoading();
    page.appendPage(points.mid(0, 20));
    page.appendPage(points.mid(20));
    page.finishLoading();
    page.tableView()->setCurrentIndex(page.tableView()->model()->index(2, 0));
    page.timeline()->setVisibleRange(m_estate.now.addDays(-40), m_estate.now.addDays(1));
    render(page, QStringLiteral("recoverypoints-") + item, dark);
}

void TestEstateRender::twentyThousandPoints()
{
    QList<RecoveryPoint> points = Test::SandboxEstate::generatedPoints(20000, m_estate.now);
    QCOMPARE(points.size(), 20000);
    points.remove(300, 30); // thirty hours missing, twelve days back
    Backup::ProtectedItem item;
    item.id = points.first().id.section(QStringLiteral("/recoveryPoints/"), 0, 0);
    item.friendlyName = QStringLiteral("vm-bench");
    item.kind = Backup::ProtectedItem::Kind::Vm;
    item.policyName = QStringLiteral("vm-hourly-bench");
    item.sourceResourceId
        = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-bench/"
                         "providers/Microsoft.Compute/virtualMachines/vm-bench");
    RecoveryPointsPage page;
    page.setReferenceTime(m_estate.now);
    page.setItem(item);
    page.setPolicy(benchPolicy());
    page.beginLoading();
    QElapsedTimer load;
    load.start();
    for (qsizetype i = 0; i < points.size(); i += 200)
        page.appendPage(points.mid(i, 200));
    page.finishLoading();
    const double loadMs = double(load.nsecsElapsed()) / 1e6;
    RecoveryPointTimeline *timeline = page.timeline();
    QElapsedTimer rebuild;
    rebuild.start();
    QCOMPARE(timeline->pointCount(), points.size());
    const double rebuildMs = double(rebuild.nsecsElapsed()) / 1e6;
    QCOMPARE(timeline->gaps().size(), 1);
    QCOMPARE(timeline->gaps().at(0).text, QStringLiteral("no recovery point for 1 day 7 hours"));

    render(page, QStringLiteral("recoverypoints-20000"));
    const auto paintMs = [timeline] {
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 10; ++i)
            timeline->grab();
        return double(t.nsecsElapsed()) / 1e6 / 10;
    };
    timeline->fitAll();
    const double fitted = paintMs();
    timeline->setVisibleRange(m_estate.now.addDays(-3), m_estate.now);
    const double zoomed = paintMs();
    qInfo("20000 points: page appends (model + proxy + table) %.1f ms, timeline rebuild %.1f ms, "
          "paint fitted %.2f ms, paint zoomed to 3 days %.2f ms",
          loadMs, rebuildMs, fitted, zoomed); // reported only: gui_max_stall_ms measures it
}

QTEST_MAIN(TestEstateRender)
#include "tst_estaterender.moc"
