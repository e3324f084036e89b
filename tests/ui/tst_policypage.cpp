// The policy page and its retention picture over real policies (the public API examples and the
// sandbox's built-in tenant): the picture lists exactly each policy's rules and durations and
// marks exactly the points those rules keep; schedules read in words; unknown kinds say they
// are not drawn; the raw JSON is one click away, read-only, monospace and copyable.
#include "armexamples.h"
#include "policypage.h"
#include "policypicture.h"
#include "sandboxestate.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QTest>

using namespace RestoreDesk;
using Backup::Policy;

namespace {

Policy fromExample(const QString &file, int index = -1)
{
    QJsonObject body = Test::armExample(file);
    if (index >= 0)
        body = body.value(QStringLiteral("value")).toArray().at(index).toObject();
    return Policy::fromArm(body).value();
}

Policy unknownKind()
{
    return Policy::fromArm(
               QJsonObject {
                   { QStringLiteral("id"),
                     QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/"
                                    "vaults/v/backupPolicies/mab-nightly") },
                   { QStringLiteral("name"), QStringLiteral("mab-nightly") },
                   { QStringLiteral("properties"),
                     QJsonObject { { QStringLiteral("backupManagementType"), QStringLiteral("MAB") },
                                   { QStringLiteral("schedulePolicy"), QJsonObject {} } } } })
        .value();
}

} // namespace

class TestPolicyPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pictureListsExactlyTheRules_data();
    void pictureListsExactlyTheRules();
    void pictureMarksExactlyThePointsKept();
    void scheduleInWords_data();
    void scheduleInWords();
    void rawJsonIsOneClickAway();
    void pictureWalksWithTheKeyboard();

private:
    Policy policy(const QString &source) const;

    Test::SandboxEstate m_estate;
};

void TestPolicyPage::initTestCase()
{
    m_estate = Test::SandboxEstate::load();
    QVERIFY2(m_estate.ok(), qPrintable(m_estate.error));
}

// "sandbox:<name>", "example:<file>[#index]" or "unknown".
Policy TestPolicyPage::policy(const QString &source) const
{
    if (source.startsWith(QLatin1String("sandbox:"))) {
        const Policy *p = m_estate.policy(source.mid(8));
        return p ? *p : Policy {};
    }
    if (source.startsWith(QLatin1String("example:"))) {
        const QString file = source.mid(8).section(QLatin1Char('#'), 0, 0);
        const QString index = source.section(QLatin1Char('#'), 1, 1);
        return fromExample(file, index.isEmpty() ? -1 : index.toInt());
    }
    return unknownKind();
}

void TestPolicyPage::pictureListsExactlyTheRules_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("rows");
    QTest::newRow("sandbox VM V2, all four rules and snapshots")
        << "sandbox:vm-daily-gold"
        << QStringList { "Snapshot: 5 days", "Daily: 30 days", "Weekly (Sunday): 12 weeks",
                         "Monthly (First Sunday): 12 months", "Yearly (First Sunday of January): 5 years" };
    QTest::newRow("sandbox VM V1, daily and weekly")
        << "sandbox:vm-daily-silver"
        << QStringList { "Snapshot: 2 days", "Daily: 14 days", "Weekly (Saturday): 4 weeks" };
    QTest::newRow("sandbox VM, weekly schedule, no daily rule")
        << "sandbox:vm-weekly"
        << QStringList { "Snapshot: 5 days", "Weekly (Saturday): 26 weeks",
                         "Monthly (First Saturday): 24 months",
                         "Yearly (Last Saturday of December): 7 years" };
    QTest::newRow("sandbox VM, hourly")
        << "sandbox:vm-hourly-critical"
        << QStringList { "Snapshot: 7 days", "Daily: 7 days", "Weekly (Sunday): 4 weeks" };
    QTest::newRow("sandbox file share, last Friday")
        << "sandbox:files-daily" << QStringList { "Daily: 30 days", "Monthly (Last Friday): 6 months" };
    QTest::newRow("sandbox SQL, full and log")
        << "sandbox:sql-full-daily-log-hourly"
        << QStringList { "Full · Daily: 30 days", "Full · Weekly (Sunday): 8 weeks",
                         "Log (every 60 minutes): 30 days" };
    QTest::newRow("example V1 policy")
        << "example:ProtectionPolicies_Get.json" << QStringList { "Daily: 1 day" };
    QTest::newRow("example V2 policy")
        << "example:v2-Get-Policy.json" << QStringList { "Snapshot: 30 days", "Daily: 1 day" };
    QTest::newRow("example file share, all rules")
        << "example:ProtectionPolicies_CreateOrUpdate_Daily.json"
        << QStringList { "Daily: 5 days", "Weekly (Sunday): 12 weeks", "Monthly (First Sunday): 60 months",
                         "Yearly (First Sunday of January): 10 years" };
    QTest::newRow("example SQL workload")
        << "example:AzureWorkload_BackupPolicies_List.json#0"
        << QStringList { "Full · Daily: 30 days", "Log (every 60 minutes): 30 days" };
}

void TestPolicyPage::pictureListsExactlyTheRules()
{
    QFETCH(QString, source);
    QFETCH(QStringList, rows);
    const Policy p = policy(source);
    QVERIFY(!p.name.isEmpty());
    PolicyPicture picture;
    picture.setPolicy(p, m_estate.now);
    QVERIFY(picture.isDrawn());
    QCOMPARE(picture.summaryText(), rows.join(QLatin1Char('\n')));
    QCOMPARE(picture.toolTip(), picture.summaryText());
    QVERIFY(picture.accessibleDescription().contains(picture.summaryText()));
    // The axis reaches the longest retention and no further than the next round figure.
    qint64 longest = 0;
    for (int i = 0; i < picture.rowCount(); ++i)
        longest = qMax(longest, picture.row(i).keepSecs);
    QVERIFY(picture.axisSecs() >= longest);
    QVERIFY(picture.axisSecs() <= qMax<qint64>(longest * 3, 31 * 86400));
    QVERIFY(picture.minimumSizeHint().height() >= picture.rowCount() * 2 * picture.fontMetrics().height());

    PolicyPicture unknown;
    unknown.setPolicy(unknownKind(), m_estate.now);
    QVERIFY(!unknown.isDrawn());
    QCOMPARE(unknown.summaryText(), QStringLiteral("This policy kind (MAB) is not drawn; see the raw JSON."));
}

void TestPolicyPage::pictureMarksExactlyThePointsKept()
{
    // The sandbox generated vm-web-01's points from its policy: the picture's rows together mark
    // exactly those points, each row as many as its rule keeps.
    const Backup::ProtectedItem *item = m_estate.item(QStringLiteral("vm-web-01"));
    QVERIFY(item);
    PolicyPicture picture;
    picture.setPolicy(*m_estate.policyOf(*item), m_estate.now);
    QCOMPARE(picture.rowCount(), 5);
    QCOMPARE(picture.row(0).ageSecs.size(), 5); // snapshots of the last 5 days
    QCOMPARE(picture.row(1).ageSecs.size(), 30);
    QCOMPARE(picture.row(2).ageSecs.size(), 12);
    QCOMPARE(picture.row(3).ageSecs.size(), 12);
    QCOMPARE(picture.row(4).ageSecs.size(), 5);
    QSet<qint64> drawn;
    for (int i = 1; i < picture.rowCount(); ++i) {
        for (qint64 age : picture.row(i).ageSecs)
            drawn.insert(age);
    }
    QSet<qint64> kept;
    for (const Backup::RecoveryPoint &p : m_estate.points.value(item->id))
        kept.insert(p.time.secsTo(m_estate.now));
    QCOMPARE(drawn, kept);
    QVERIFY(picture.row(1).detail.startsWith(QStringLiteral("30 recovery points kept now")));
}

void TestPolicyPage::scheduleInWords_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<QString>("generation");
    QTest::newRow("daily V2") << "sandbox:vm-daily-gold"
                              << "Every day at 22:30 (UTC)"
                              << "V2 (Enhanced: hourly backups, up to 30 days of snapshots)";
    QTest::newRow("weekly V1") << "sandbox:vm-weekly"
                               << "Every Saturday at 20:00 (UTC)"
                               << "V1 (Standard: one backup a day)";
    QTest::newRow("hourly") << "sandbox:vm-hourly-critical"
                            << "Every 4 hours from 00:00 for 24 hours (UTC)"
                            << "V2 (Enhanced: hourly backups, up to 30 days of snapshots)";
    QTest::newRow("SQL") << "sandbox:sql-full-daily-log-hourly"
                         << "Full: Every day at 00:30 (UTC)\nLog: Log backups every 60 minutes" << QString();
    QTest::newRow("Pacific time") << "example:ProtectionPolicies_Get.json"
                                  << "Every day at 02:00 (Pacific Standard Time)"
                                  << "V1 (Standard: one backup a day)";
    QTest::newRow("unknown kind") << "unknown"
                                  << "Not read for this kind of policy; see the raw JSON" << QString();
}

void TestPolicyPage::scheduleInWords()
{
    QFETCH(QString, source);
    QFETCH(QString, schedule);
    QFETCH(QString, generation);
    PolicyPage page;
    page.setPolicy(policy(source), m_estate.now);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("policyScheduleLabel"))->text(), schedule);
    auto gen = page.findChild<QLabel *>(QStringLiteral("policyGenerationLabel"));
    QCOMPARE(gen->isVisible(), !generation.isEmpty());
    if (!generation.isEmpty())
        QCOMPARE(gen->text(), generation);
}

void TestPolicyPage::rawJsonIsOneClickAway()
{
    const Policy gold = policy(QStringLiteral("sandbox:vm-daily-gold"));
    PolicyPage page;
    page.resize(900, 600);
    page.setPolicy(gold, m_estate.now);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto button = page.findChild<QPushButton *>(QStringLiteral("rawJsonButton"));
    auto view = page.findChild<QPlainTextEdit *>(QStringLiteral("rawJsonView"));
    QVERIFY(button && view);
    QVERIFY(!view->isVisible());
    QVERIFY(page.picture()->isVisible());

    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(view->isVisible());
    QVERIFY(page.isRawJsonShown());
    const QString json = QString::fromUtf8(QJsonDocument(gold.raw).toJson(QJsonDocument::Indented));
    QCOMPARE(view->toPlainText(), json);
    QVERIFY(view->toPlainText().contains(QStringLiteral("\"instantRpRetentionRangeInDays\": 5")));
    QVERIFY(view->isReadOnly());
    QCOMPARE(view->font().family(),
             QFontDatabase::systemFont(QFontDatabase::FixedFont)
                 .family()); // the monospace font, whichever this machine has
    auto copy = page.findChild<QPushButton *>(QStringLiteral("copyJsonButton"));
    QVERIFY(copy && copy->isVisible());
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), json);

    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!view->isVisible());
    QVERIFY(page.picture()->isVisible());

    // An unknown kind still shows its JSON.
    page.setPolicy(unknownKind(), m_estate.now);
    page.showRawJson(true);
    QVERIFY(page.rawJsonText().contains(QStringLiteral("\"MAB\"")));
}

void TestPolicyPage::pictureWalksWithTheKeyboard()
{
    PolicyPicture picture;
    picture.setPolicy(policy(QStringLiteral("sandbox:vm-daily-gold")), m_estate.now);
    picture.show();
    QVERIFY(QTest::qWaitForWindowExposed(&picture));
    picture.setFocus();
    QTRY_VERIFY(picture.hasFocus());
    QTest::keyClick(&picture, Qt::Key_Down);
    QCOMPARE(picture.currentRow(), 0);
    QTest::keyClick(&picture, Qt::Key_Down);
    QTest::keyClick(&picture, Qt::Key_Down);
    QCOMPARE(picture.currentRow(), 2);
    QVERIFY(picture.accessibleDescription().startsWith(
        QStringLiteral("Weekly (Sunday): 12 weeks: 12 recovery points")));
    QTest::keyClick(&picture, Qt::Key_End);
    QCOMPARE(picture.currentRow(), 4);
    QTest::keyClick(&picture, Qt::Key_Down);
    QCOMPARE(picture.currentRow(), 4);
    QTest::keyClick(&picture, Qt::Key_Home);
    QCOMPARE(picture.currentRow(), 0);
}

QTEST_MAIN(TestPolicyPage)
#include "tst_policypage.moc"
