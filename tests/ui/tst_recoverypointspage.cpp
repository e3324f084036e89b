// The recovery-points page and its timeline over the sandbox's generated points and the public
// examples: the timeline finds exactly the gaps made by removing points (and none where only
// retention thinned them), keyboard and mouse move one selection shared with the table, pages
// load with visible progress, the filters narrow the table, and Restore… says why it is off.
#include "armexamples.h"
#include "messagebanner.h"
#include "models/recoverypointfiltermodel.h"
#include "models/recoverypointmodel.h"
#include "recoverypointspage.h"
#include "recoverypointtimeline.h"
#include "sandboxestate.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QWheelEvent>

using namespace RestoreDesk;
using Backup::RecoveryPoint;
using Models::RecoveryPointModel;

class TestRecoveryPointsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void timelineFindsTheGapsMadeByRemovingPoints_data();
    void timelineFindsTheGapsMadeByRemovingPoints();
    void openGapWhenNothingSince();
    void keyboardMovesTheSharedSelection();
    void clickingAMarkSelectsTheRowAndBack();
    void zoomAndPan();
    void pagesLoadWithProgress();
    void filtersNarrowTheTable();
    void restoreButtonSaysWhy();
    void headerShowsNameAndCopyableIds();
    void rowsAreAsCompactAsTheOtherLists();

private:
    void load(RecoveryPointsPage &page, const QString &itemName, int pageSize = 20);
    QString tableCurrentId(RecoveryPointsPage &page) const;

    Test::SandboxEstate m_estate;
};

void TestRecoveryPointsPage::initTestCase()
{
    m_estate = Test::SandboxEstate::load();
    QVERIFY2(m_estate.ok(), qPrintable(m_estate.error));
}

void TestRecoveryPointsPage::load(RecoveryPointsPage &page, const QString &itemName, int pageSize)
{
    const Backup::ProtectedItem *item = m_estate.item(itemName);
    QVERIFY(item);
    page.setReferenceTime(m_estate.now);
    page.setItem(*item);
    page.setPolicy(*m_estate.policyOf(*item));
    page.beginLoading();
    const QList<RecoveryPoint> points = m_estate.points.value(item->id);
    for (qsizetype i = 0; i < points.size(); i += pageSize)
        page.appendPage(points.mid(i, pageSize));
    page.finishLoading();
}

QString TestRecoveryPointsPage::tableCurrentId(RecoveryPointsPage &page) const
{
    return page.tableView()->selectionModel()->currentIndex().data(RecoveryPointModel::IdRole).toString();
}

void TestRecoveryPointsPage::timelineFindsTheGapsMadeByRemovingPoints_data()
{
    QTest::addColumn<QString>("itemName");
    QTest::addColumn<int>("firstRemoved"); // rows of the newest-first list
    QTest::addColumn<int>("removed");
    QTest::addColumn<QString>("text");
    QTest::newRow("daily, three days missing") << "vm-web-01" << 8 << 3 << "no recovery point for 4 days";
    QTest::newRow("daily, one day missing") << "vm-app-02" << 2 << 1 << "no recovery point for 2 days";
    QTest::newRow("every 4 hours, three missing")
        << "vm-payments-01" << 5 << 3 << "no recovery point for 16 hours";
    QTest::newRow("weekly, two weeks missing")
        << "vm-archive-01" << 3 << 2 << "no recovery point for 21 days";
    QTest::newRow("SQL full, two days missing") << "sales" << 4 << 2 << "no recovery point for 3 days";
    QTest::newRow("nothing missing") << "vm-web-01" << 0 << 0 << QString();
}

void TestRecoveryPointsPage::timelineFindsTheGapsMadeByRemovingPoints()
{
    QFETCH(QString, itemName);
    QFETCH(int, firstRemoved);
    QFETCH(int, removed);
    QFETCH(QString, text);
    const Backup::ProtectedItem *item = m_estate.item(itemName);
    QVERIFY(item);
    QList<RecoveryPoint> points = m_estate.points.value(item->id); // newest first
    QVERIFY(points.size() > firstRemoved + removed + 1);
    const RecoveryPoint after = points.at(firstRemoved > 0 ? firstRemoved - 1 : 0);
    const RecoveryPoint before = points.at(firstRemoved + removed);
    points.remove(firstRemoved, removed);

    RecoveryPointModel model;
    model.appendPoints(points);
    RecoveryPointTimeline timeline;
    timeline.setReferenceTime(m_estate.now);
    timeline.setModel(&model);
    QCOMPARE(timeline.pointCount(), points.size());
    QVERIFY(timeline.gaps().isEmpty()); // without a policy nothing is judged
    timeline.setPolicy(*m_estate.policyOf(*item));
    const QList<RecoveryPointTimeline::Gap> gaps = timeline.gaps();
    if (text.isEmpty()) {
        // Retention thins older points to weeks, months and years: none of that is a gap.
        QVERIFY2(gaps.isEmpty(), qPrintable(timeline.gapsText()));
        return;
    }
    QCOMPARE(gaps.size(), 1);
    QCOMPARE(gaps.at(0).from, before.time);
    QCOMPARE(gaps.at(0).to, after.time);
    QVERIFY(!gaps.at(0).open);
    QCOMPARE(gaps.at(0).text, text);
    QVERIFY(timeline.gapsText().startsWith(text));
}

void TestRecoveryPointsPage::openGapWhenNothingSince()
{
    const Backup::ProtectedItem *item = m_estate.item(QStringLiteral("vm-web-02"));
    RecoveryPointModel model;
    model.appendPoints(m_estate.points.value(item->id));
    RecoveryPointTimeline timeline;
    timeline.setModel(&model);
    timeline.setPolicy(*m_estate.policyOf(*item));
    timeline.setReferenceTime(m_estate.now);
    QVERIFY(timeline.gaps().isEmpty());
    // Three days later with no new point: an open gap from the newest point up to "now".
    timeline.setReferenceTime(m_estate.now.addDays(3));
    const QList<RecoveryPointTimeline::Gap> gaps = timeline.gaps();
    QCOMPARE(gaps.size(), 1);
    QVERIFY(gaps.at(0).open);
    QCOMPARE(gaps.at(0).to, m_estate.now.addDays(3));
    QVERIFY2(gaps.at(0).text.startsWith(QStringLiteral("no recovery point for the last 3 days")),
             qPrintable(gaps.at(0).text));
}

void TestRecoveryPointsPage::keyboardMovesTheSharedSelection()
{
    RecoveryPointsPage page;
    page.resize(1100, 700);
    load(page, QStringLiteral("vm-web-01"));
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    RecoveryPointTimeline *timeline = page.timeline();
    RecoveryPointModel *model = page.model();
    timeline->setFocus();
    QTRY_VERIFY(timeline->hasFocus());
    const QString newest = model->index(0, 0).data(RecoveryPointModel::IdRole).toString();
    const QString second = model->index(1, 0).data(RecoveryPointModel::IdRole).toString();
    const QString oldest = model->index(model->rowCount() - 1, 0).data(RecoveryPointModel::IdRole).toString();

    QTest::keyClick(timeline, Qt::Key_End);
    QCOMPARE(timeline->currentRow(), 0);
    QCOMPARE(tableCurrentId(page), newest);
    QCOMPARE(page.selectedPointId(), newest);
    QTest::keyClick(timeline, Qt::Key_Left);
    QCOMPARE(tableCurrentId(page), second);
    QTest::keyClick(timeline, Qt::Key_Right);
    QTest::keyClick(timeline, Qt::Key_Right); // already the newest: stays
    QCOMPARE(tableCurrentId(page), newest);
    QTest::keyClick(timeline, Qt::Key_Home);
    QCOMPARE(tableCurrentId(page), oldest);
    QVERIFY(timeline->accessibleDescription().startsWith(
        model->index(model->rowCount() - 1, 0).data(RecoveryPointModel::SummaryRole).toString()));

    // And from the table: Up/Down in the table move the timeline's mark.
    QTableView *table = page.tableView();
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(page.selectedPointId(), newest);
    QTest::keyClick(table, Qt::Key_Down);
    QCOMPARE(page.selectedPointId(), second);
    QCOMPARE(timeline->currentRow(), 1);
}

void TestRecoveryPointsPage::clickingAMarkSelectsTheRowAndBack()
{
    RecoveryPointsPage page;
    page.resize(1100, 700);
    load(page, QStringLiteral("vm-web-01"));
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    RecoveryPointTimeline *timeline = page.timeline();
    // Ten days across the width: the daily points are far apart and easy to hit.
    timeline->setVisibleRange(m_estate.now.addDays(-10), m_estate.now);
    const int row = 3;
    const QPointF at = timeline->markPosition(row);
    QVERIFY(!at.isNull());
    QTest::mouseClick(timeline, Qt::LeftButton, {}, at.toPoint());
    QCOMPARE(timeline->currentRow(), row);
    QCOMPARE(tableCurrentId(page), page.model()->index(row, 0).data(RecoveryPointModel::IdRole).toString());

    // Back: choosing a table row moves the timeline's mark.
    QTableView *table = page.tableView();
    const QModelIndex fifth = table->model()->index(5, 0);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(fifth).center());
    const QString id = fifth.data(RecoveryPointModel::IdRole).toString();
    QCOMPARE(page.model()->index(timeline->currentRow(), 0).data(RecoveryPointModel::IdRole).toString(), id);

    // A click on empty plot area selects nothing new.
    QTest::mouseClick(timeline, Qt::LeftButton, {}, QPoint(timeline->width() - 20, timeline->height() / 2));
    QCOMPARE(page.model()->index(timeline->currentRow(), 0).data(RecoveryPointModel::IdRole).toString(), id);
}

void TestRecoveryPointsPage::zoomAndPan()
{
    RecoveryPointsPage page;
    page.resize(1100, 700);
    load(page, QStringLiteral("vm-web-01"));
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    RecoveryPointTimeline *timeline = page.timeline();
    timeline->setFocus();
    const qint64 fitted = timeline->visibleFrom().secsTo(timeline->visibleTo());
    QVERIFY(fitted > 4 * 365 * 86400LL); // the yearly points reach years back
    QTest::keyClick(timeline, Qt::Key_End);
    QTest::keyClick(timeline, Qt::Key_Plus);
    QTest::keyClick(timeline, Qt::Key_Plus);
    const qint64 zoomed = timeline->visibleFrom().secsTo(timeline->visibleTo());
    QVERIFY(qAbs(zoomed - fitted / 4) < 60);
    // Moving to a point outside the view brings it into view.
    QTest::keyClick(timeline, Qt::Key_Home);
    QVERIFY(!timeline->markPosition(timeline->currentRow()).isNull());
    const QDateTime from = timeline->visibleFrom();
    QTest::keyClick(timeline, Qt::Key_PageDown);
    QVERIFY(timeline->visibleFrom() > from);
    QTest::keyClick(timeline, Qt::Key_0);
    QCOMPARE(timeline->visibleFrom().secsTo(timeline->visibleTo()), fitted);

    // The wheel zooms around the pointer; dragging empty space pans.
    const QPointF middle(timeline->width() / 2.0, timeline->height() / 2.0);
    QWheelEvent wheel(middle, timeline->mapToGlobal(middle), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(timeline, &wheel);
    const qint64 wheeled = timeline->visibleFrom().secsTo(timeline->visibleTo());
    QVERIFY(qAbs(double(wheeled) - double(fitted) / 1.25) < 60);
    const QDateTime beforeDrag = timeline->visibleFrom();
    const QPoint empty(timeline->width() / 2, timeline->height() - timeline->fontMetrics().height() * 3);
    QTest::mousePress(timeline, Qt::LeftButton, {}, empty);
    QMouseEvent move(QEvent::MouseMove, QPointF(empty - QPoint(200, 0)),
                     timeline->mapToGlobal(QPointF(empty - QPoint(200, 0))), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(timeline, &move);
    QTest::mouseRelease(timeline, Qt::LeftButton, {}, empty - QPoint(200, 0));
    QVERIFY(timeline->visibleFrom() > beforeDrag); // dragged left: later times come into view
    QCOMPARE(timeline->visibleFrom().secsTo(timeline->visibleTo()), wheeled);
    // The time-range filter zooms the timeline too.
    auto range = page.findChild<QComboBox *>(QStringLiteral("timeRangeComboBox"));
    range->setCurrentIndex(range->findData(7));
    QVERIFY(qAbs(timeline->visibleFrom().secsTo(m_estate.now.addDays(-7))) <= 1);
}

void TestRecoveryPointsPage::pagesLoadWithProgress()
{
    const Backup::ProtectedItem *item = m_estate.item(QStringLiteral("vm-payments-01"));
    const QList<RecoveryPoint> points = m_estate.points.value(item->id);
    RecoveryPointsPage page;
    QSignalSpy resets(page.model(), &QAbstractItemModel::modelReset);
    page.beginLoading();
    QCOMPARE(page.progressText(), QStringLiteral("Loading recovery points…"));
    // Pages out of order: the oldest first.
    page.appendPage(points.mid(40));
    page.appendPage(points.mid(20, 20));
    page.appendPage(points.mid(0, 20));
    QCOMPARE(resets.count(), 1); // beginLoading's clear only
    QCOMPARE(page.progressText(), QStringLiteral("Loading… page 3 · %1 points so far").arg(points.size()));
    QCOMPARE(page.model()->index(0, 0).data(RecoveryPointModel::IdRole).toString(), points.first().id);
    page.finishLoading();
    QCOMPARE(page.progressText(), QStringLiteral("All %1 points loaded (3 pages)").arg(points.size()));

    QSignalSpy reload(&page, &RecoveryPointsPage::reloadRequested);
    page.beginLoading();
    page.appendPage(points.mid(0, 20));
    page.failLoading(
        Error::make(Error::Kind::Network, QLatin1String("network.timeout"), QStringLiteral("timed out")));
    QCOMPARE(page.progressText(), QStringLiteral("Stopped after page 1 · 20 points: the list is incomplete"));
    QVERIFY(!page.banner()->isHidden());
    QVERIFY(page.banner()->text().contains(QStringLiteral("timed out")));
    auto retry = page.banner()->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry);
    retry->click();
    QCOMPARE(reload.count(), 1);
}

void TestRecoveryPointsPage::filtersNarrowTheTable()
{
    RecoveryPointsPage page;
    load(page, QStringLiteral("vm-web-01"));
    const QList<RecoveryPoint> points = m_estate.points.value(m_estate.item(QStringLiteral("vm-web-01"))->id);
    int archived = 0;
    int snapshots = 0;
    int lastMonth = 0;
    for (const RecoveryPoint &p : points) {
        archived += p.validTiers.contains(QStringLiteral("ArchivedRP"));
        snapshots += p.validTiers.contains(QStringLiteral("InstantRP"));
        lastMonth += p.time >= m_estate.now.addDays(-30);
    }
    QVERIFY(archived > 0 && snapshots > 0);
    QAbstractItemModel *table = page.tableView()->model();
    auto tier = page.findChild<QComboBox *>(QStringLiteral("tierFilterComboBox"));
    tier->setCurrentIndex(3);
    QCOMPARE(table->rowCount(), archived);
    QVERIFY(table->index(0, RecoveryPointModel::TierColumn)
                .data()
                .toString()
                .contains(QStringLiteral("needs rehydration")));
    tier->setCurrentIndex(1);
    QCOMPARE(table->rowCount(), snapshots);
    tier->setCurrentIndex(0);
    auto range = page.findChild<QComboBox *>(QStringLiteral("timeRangeComboBox"));
    range->setCurrentIndex(range->findData(30));
    QCOMPARE(table->rowCount(), lastMonth);
    // The timeline still shows every point (gaps are judged on all of them).
    QCOMPARE(page.timeline()->pointCount(), points.size());
}

void TestRecoveryPointsPage::restoreButtonSaysWhy()
{
    RecoveryPointsPage page;
    load(page, QStringLiteral("vm-web-01"));
    auto restore = page.findChild<QPushButton *>(QStringLiteral("restoreButton"));
    QVERIFY(restore);
    QVERIFY(!restore->isEnabled());
    page.setRestoreAllowed(false, QStringLiteral("You need the Backup Operator role on rsv-prod-weu."));
    QCOMPARE(restore->toolTip(), QStringLiteral("You need the Backup Operator role on rsv-prod-weu."));
    page.setRestoreAllowed(true, {});
    QVERIFY(!restore->isEnabled());
    QCOMPARE(restore->toolTip(), QStringLiteral("Select a recovery point first"));
    page.tableView()->setCurrentIndex(page.tableView()->model()->index(2, 0));
    QVERIFY(restore->isEnabled());
    QSignalSpy requested(&page, &RecoveryPointsPage::restoreRequested);
    restore->click();
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toString(),
             page.tableView()->model()->index(2, 0).data(RecoveryPointModel::IdRole).toString());
    page.setRestoreAllowed(false, QStringLiteral("Signed out"));
    QVERIFY(!restore->isEnabled());
    restore->click();
    QCOMPARE(requested.count(), 1);
    // An archived point says it needs rehydration.
    page.setRestoreAllowed(true, {});
    auto tier = page.findChild<QComboBox *>(QStringLiteral("tierFilterComboBox"));
    tier->setCurrentIndex(3);
    page.tableView()->setCurrentIndex(page.tableView()->model()->index(0, 0));
    QVERIFY(restore->toolTip().contains(QStringLiteral("needs rehydration")));
}

void TestRecoveryPointsPage::headerShowsNameAndCopyableIds()
{
    RecoveryPointsPage page;
    load(page, QStringLiteral("finance"));
    const Backup::ProtectedItem *item = m_estate.item(QStringLiteral("finance"));
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("itemNameLabel"))->text(), QStringLiteral("finance"));
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("itemIdLabel"))->text(), item->id);
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("sourceIdLabel"))->text(), item->sourceResourceId);
    page.findChild<QPushButton *>(QStringLiteral("copyItemIdButton"))->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), item->id);

    // The public example's points name no rule: the page derives it from the policy, in italics.
    RecoveryPointsPage examples;
    QList<RecoveryPoint> points;
    for (const QJsonValue &v : Test::armExample(QStringLiteral("RecoveryPoints_List.json"))
                                   .value(QStringLiteral("value"))
                                   .toArray())
        points << RecoveryPoint::fromArm(v.toObject()).value();
    examples.setPolicy(
        Backup::Policy::fromArm(Test::armExample(QStringLiteral("ProtectionPolicies_Get.json"))).value());
    examples.beginLoading();
    examples.appendPage(points);
    examples.finishLoading();
    QCOMPARE(examples.progressText(), QStringLiteral("All 3 points loaded (1 page)"));
    QVERIFY(!examples.findChild<QLabel *>(QStringLiteral("derivedNoteLabel"))->isHidden());
    const QModelIndex rule = examples.tableView()->model()->index(0, RecoveryPointModel::RetentionColumn);
    QCOMPARE(rule.data().toString(), QStringLiteral("Daily"));
    QVERIFY(rule.data(RecoveryPointModel::RetentionDerivedRole).toBool());
}

void TestRecoveryPointsPage::rowsAreAsCompactAsTheOtherLists()
{
    // Thousands of points are scanned by eye: one line of text per row, as in the items, policies
    // and jobs lists (ListPanel), not the style's taller default.
    RecoveryPointsPage page;
    page.resize(1100, 700);
    load(page, QStringLiteral("vm-web-01"));
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *table = page.findChild<QTableView *>(QStringLiteral("recoveryPointsTableView"));
    QVERIFY(table);
    QVERIFY(table->model()->rowCount() > 10);
    QCOMPARE(table->rowHeight(0), table->fontMetrics().height() + 8);
    QCOMPARE(table->rowHeight(5), table->rowHeight(0));
}

QTEST_MAIN(TestRecoveryPointsPage)
#include "tst_recoverypointspage.moc"
