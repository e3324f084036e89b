// "Load more" on an item's recovery points, offscreen against the in-process sandbox with a
// page size of 4: the points page shows the first page and a Load more button; each click reads
// the next page (the one the service named) and adds its points; once the service names no
// further page the button goes and every point is there exactly once. The table scrolled to its
// end asks for the next page too (the model's fetchMore).
#include "backup/apiversions.h"
#include "backup/backuppaths.h"
#include "consolepage.h"
#include "estatecontroller.h"
#include "models/recoverypointmodel.h"
#include "recoverypointspage.h"
#include "requeststrip.h"
#include "restorefixture.h"

#include <QJsonArray>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace RestoreDesk;

namespace {

constexpr int kPageSize = 4;

// Every point of the item, as the API lists them (all pages, read as Carla).
QStringList allPoints(Test::RestoreFixture &f, const QString &itemId)
{
    QStringList ids;
    QString next = Backup::Paths::recoveryPoints(itemId) + QStringLiteral("?api-version=")
        + Backup::ApiVersions().backup;
    while (!next.isEmpty()) {
        const auto reply = f.read(next);
        for (const QJsonValue &v : reply.json.value(QStringLiteral("value")).toArray())
            ids << v.toObject().value(QStringLiteral("id")).toString();
        next = reply.json.value(QStringLiteral("nextLink")).toString();
    }
    return ids;
}

// An item of the vault with more than two pages of points (the items listing paged too).
QString itemWithPages(Test::RestoreFixture &f, QStringList *points)
{
    QString next = Test::RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"))
        + QStringLiteral("/backupProtectedItems?api-version=") + Backup::ApiVersions().backup;
    while (!next.isEmpty()) {
        const auto reply = f.read(next);
        for (const QJsonValue &v : reply.json.value(QStringLiteral("value")).toArray()) {
            const QString id = v.toObject().value(QStringLiteral("id")).toString();
            *points = allPoints(f, id);
            if (points->size() > 2 * kPageSize)
                return id;
        }
        next = reply.json.value(QStringLiteral("nextLink")).toString();
    }
    return {};
}

} // namespace

class TestPointsLoadMore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void loadMoreReadsTheNextPage();
    void scrollingToTheEndReadsTheNextPage();

private:
    bool start(Test::RestoreFixture &f);
};

bool TestPointsLoadMore::start(Test::RestoreFixture &f)
{
    Sandbox::SandboxOptions options;
    options.pageSize = kPageSize;
    QString error;
    if (!f.start(options, QStringLiteral("rita"), &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

void TestPointsLoadMore::loadMoreReadsTheNextPage()
{
    Test::RestoreFixture f;
    QVERIFY(start(f));
    QStringList expected;
    const QString itemId = itemWithPages(f, &expected);
    QVERIFY(!itemId.isEmpty());
    QVERIFY2(expected.size() > 2 * kPageSize, qPrintable(QString::number(expected.size())));

    ConsolePage console;
    EstateController estate(&console);
    estate.setService(f.backup.get());
    console.resize(1000, 700);
    console.show();
    estate.showRecoveryPoints(itemId);
    RecoveryPointsPage *page = estate.recoveryPointsPage();
    QPushButton *more = page->loadMoreButton();
    QVERIFY(more);
    QTRY_VERIFY_WITH_TIMEOUT(more->isVisibleTo(page), 15000);
    // The first page, and any the table asked for to fill its height: whole pages, not all.
    QCOMPARE(page->model()->rowCount() % kPageSize, 0);
    QVERIFY(page->model()->rowCount() < expected.size());
    QVERIFY2(page->progressText().contains(QStringLiteral("more")), qPrintable(page->progressText()));

    int pages = page->model()->rowCount() / kPageSize;
    while (more->isVisibleTo(page)) {
        const int before = page->model()->rowCount();
        more->click();
        QVERIFY(!more->isVisibleTo(page)); // asked once, until the page arrives
        QTRY_VERIFY_WITH_TIMEOUT(page->model()->rowCount() > before, 15000);
        ++pages;
        QTRY_VERIFY_WITH_TIMEOUT(!page->progressText().startsWith(QStringLiteral("Loading")), 15000);
        QVERIFY(pages <= expected.size()); // no endless offer
    }
    QCOMPARE(pages, int((expected.size() + kPageSize - 1) / kPageSize));
    QCOMPARE(page->model()->rowCount(), int(expected.size()));
    QSet<QString> shown;
    for (int row = 0; row < page->model()->rowCount(); ++row)
        shown.insert(page->model()->pointId(row).toLower());
    QSet<QString> wanted;
    for (const QString &id : expected)
        wanted.insert(id.toLower());
    QCOMPARE(shown, wanted);
    QVERIFY(!page->model()->canFetchMore({}));
    QVERIFY2(page->progressText().startsWith(QStringLiteral("All")), qPrintable(page->progressText()));
    // The equivalent request names every page read.
    QCOMPARE(page->request()->requests().size(), pages);
}

void TestPointsLoadMore::scrollingToTheEndReadsTheNextPage()
{
    Test::RestoreFixture f;
    QVERIFY(start(f));
    QStringList expected;
    const QString itemId = itemWithPages(f, &expected);
    QVERIFY(!itemId.isEmpty());
    ConsolePage console;
    EstateController estate(&console);
    estate.setService(f.backup.get());
    console.show();
    estate.showRecoveryPoints(itemId);
    RecoveryPointsPage *page = estate.recoveryPointsPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->loadMoreButton()->isVisibleTo(page), 15000);
    const int before = page->model()->rowCount();
    QVERIFY(before < expected.size());
    // The view asks its model for more when it is scrolled to its end.
    QTableView *table = page->tableView();
    table->scrollToBottom();
    QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), before + kPageSize, 15000);
}

QTEST_MAIN(TestPointsLoadMore)
#include "tst_pointsloadmore.moc"
