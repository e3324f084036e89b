// The audit area of the console, offscreen: the "Audit log" node shows the audit page and records
// appear on it as they are written; a full disk makes the window say so on every page (status bar)
// and in the console's alert banner, refuses the action, and clears once the log takes records
// again; the merged timeline is filled from the sandbox's activity log for an identity with a
// Reader role and says "no access" for one without.
#include "arm/armclient.h"
#include "arm/tokenprovider.h"
#include "audit/auditerrors.h"
#include "audit/audittrail.h"
#include "auditalertpresenter.h"
#include "auditcontroller.h"
#include "auditpage.h"
#include "backup/backupservice.h"
#include "consolepage.h"
#include "jose/jwt.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "models/auditrecordmodel.h"
#include "models/audittimelinemodel.h"
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

const QString kBackupApi = QStringLiteral("api-version=2026-02-01");

// What main() builds around the audit trail.
struct AuditConsole
{
    explicit AuditConsole(const QString &logPath)
        : console(new ConsolePage)
        , trail(std::make_unique<Audit::AuditLog>(logPath))
        , audit(console, &trail)
        , alert(&window, console, &trail)
    {
        window.addPage(console);
        window.addPage(other);
        window.showPage(console);
        window.resize(1200, 800);
    }

    MainWindow window;
    ConsolePage *console; // owned by the window
    QWidget *other = new QWidget; // any other page (the sign-in page, say)
    Audit::AuditTrail trail;
    AuditController audit;
    AuditAlertPresenter alert;

    QLabel *pageWarning() { return audit.page()->findChild<QLabel *>(QStringLiteral("writeWarningLabel")); }
    QLabel *timelineStatus()
    {
        return audit.page()->findChild<QLabel *>(QStringLiteral("timelineStatusLabel"));
    }
    // Asks the page's timeline for the vault, as the operator does.
    void askTimeline(const QString &vault)
    {
        audit.page()->findChild<QLineEdit *>(QStringLiteral("timelineScopeEdit"))->setText(vault);
        audit.page()->findChild<QPushButton *>(QStringLiteral("timelineFetchButton"))->click();
    }
};

// The API as one person, with a token from the sandbox (no browser needed for the API side).
struct Api
{
    Api(SandboxHarness &sandbox, const QString &user)
        : tokens(sandbox.signIn(user))
        , provider(tokens.accessToken.toLatin1())
    {
        Net::Transport t;
        t.nam = &nam;
        arm = std::make_unique<Arm::ArmClient>(t, &provider, QUrl(sandbox.api()));
        service = std::make_unique<Backup::BackupService>(arm.get());
    }
    Audit::Identity identity() const
    {
        return Audit::Identity::fromClaims(Jose::Jwt::parse(tokens.idToken.toLatin1())->claims);
    }

    QNetworkAccessManager nam;
    SandboxHarness::Tokens tokens;
    Arm::StaticTokenProvider provider;
    std::unique_ptr<Arm::ArmClient> arm;
    std::unique_ptr<Backup::BackupService> service;
};

int serviceRows(const QAbstractItemModel *timeline)
{
    int n = 0;
    for (int row = 0; row < timeline->rowCount(); ++row)
        n += timeline->index(row, 0).data(Models::AuditTimelineModel::IsServiceRole).toBool() ? 1 : 0;
    return n;
}

} // namespace

class TestAuditConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void auditNodeShowsThePageWithRecordsAsWritten();
    void exportFromThePageIsWrittenAndRecorded_data();
    void exportFromThePageIsWrittenAndRecorded();
    void fullDiskIsShownEverywhereAndRefusesTheAction();
    void timelineFromTheActivityLog();
    void timelineSaysNoAccessWithoutReader();
};

void TestAuditConsole::auditNodeShowsThePageWithRecordsAsWritten()
{
    QTemporaryDir dir;
    AuditConsole c(dir.filePath(QStringLiteral("audit.jsonl")));
    const Audit::Identity who { QStringLiteral("https://idp.test"), QStringLiteral("s"), QStringLiteral("o"),
                                QStringLiteral("oscar@test"), QStringLiteral("t") };
    QVERIFY(c.trail.event(Audit::EventType::SignIn, Audit::Outcome::Succeeded, who).ok()); // before open
    QSignalSpy loaded(c.audit.page(), &AuditPage::loaded);
    c.audit.open({});
    QTRY_COMPARE(loaded.count(), 1);
    c.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c.window));

    const QModelIndex node = c.console->navigation()->indexOf(QLatin1String(AuditController::kAuditKey));
    QVERIFY(node.isValid());
    QVERIFY(!node.parent().isValid()); // a top-level node
    QCOMPARE(node.data().toString(), QStringLiteral("Audit log"));
    c.audit.show();
    QCOMPARE(c.console->currentContent(), static_cast<QWidget *>(c.audit.page()));
    QVERIFY(c.audit.page()->isVisible());

    Models::AuditRecordModel *records = c.audit.page()->recordModel();
    QCOMPARE(records->totalCount(), 1);
    QVERIFY(c.trail.event(Audit::EventType::TokenRefresh, Audit::Outcome::Succeeded, who).ok());
    QCOMPARE(records->totalCount(), 2); // live, no reload
    QCOMPARE(records->record(0)->type, QString(Audit::EventType::TokenRefresh));
}

void TestAuditConsole::exportFromThePageIsWrittenAndRecorded_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("signedIn");
    QTest::newRow("json, signed in") << "out.json" << true;
    QTest::newRow("csv, nobody signed in") << "out.csv" << false;
}

void TestAuditConsole::exportFromThePageIsWrittenAndRecorded()
{
    QFETCH(QString, name);
    QFETCH(bool, signedIn);
    QTemporaryDir dir;
    AuditConsole c(dir.filePath(QStringLiteral("audit.jsonl")));
    const Audit::Identity who { QStringLiteral("https://idp.test"), QStringLiteral("s"), QStringLiteral("o"),
                                QStringLiteral("oscar@test"), QStringLiteral("t") };
    if (signedIn)
        c.audit.setIdentitySource([who] { return who; });
    QVERIFY(c.trail.event(Audit::EventType::SignIn, Audit::Outcome::Succeeded, who).ok());
    QVERIFY(c.trail.event(Audit::EventType::TokenRefresh, Audit::Outcome::Succeeded, who).ok());
    QVERIFY(c.trail.event(Audit::EventType::TokenRefresh, Audit::Outcome::Failed, who).ok());
    QSignalSpy loaded(c.audit.page(), &AuditPage::loaded);
    c.audit.open({});
    QTRY_COMPARE(loaded.count(), 1);
    c.window.show();
    c.audit.show();
    // The current filters: only token refreshes.
    auto *type = c.audit.page()->findChild<QComboBox *>(QStringLiteral("typeFilterCombo"));
    type->setCurrentIndex(type->findData(QStringLiteral("token-refresh")));

    const QString out = dir.filePath(name);
    QString suggested;
    c.audit.page()->setFileChooser([&](const QString &s) {
        suggested = s;
        return out;
    });
    QSignalSpy exported(c.audit.page(), &AuditPage::exported);
    c.audit.page()->findChild<QPushButton *>(QStringLiteral("exportButton"))->click();
    QTRY_COMPARE(exported.count(), 1);
    QVERIFY(!suggested.isEmpty());
    QCOMPARE(exported.first().at(2).toLongLong(), 2);

    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    if (name.endsWith(QLatin1String(".json"))) {
        const QJsonObject o = QJsonDocument::fromJson(bytes).object();
        QCOMPARE(o.value(QStringLiteral("count")).toInt(), 2);
        QCOMPARE(o.value(QStringLiteral("head")).toObject().value(QStringLiteral("seq")).toInt(), 3);
        QCOMPARE(
            o.value(QStringLiteral("verification")).toObject().value(QStringLiteral("status")).toString(),
            QStringLiteral("intact"));
        QCOMPARE(o.value(QStringLiteral("filter")).toObject().value(QStringLiteral("types")).toArray().size(),
                 1);
    } else {
        QVERIFY(bytes.startsWith("# restoredesk audit export,"));
        QCOMPARE(bytes.count(",token-refresh,"), 2);
        QVERIFY(!bytes.contains(",sign-in,"));
    }
    // Recorded, like the CLI's export, under the signed-in identity or as the local user.
    Models::AuditRecordModel *records = c.audit.page()->recordModel();
    QTRY_COMPARE(records->totalCount(), 4);
    const Audit::Record *record = records->record(0);
    QCOMPARE(record->type, QString(Audit::EventType::AuditExport));
    QCOMPARE(record->identity.username,
             signedIn ? QStringLiteral("oscar@test") : QStringLiteral("local user"));
    QCOMPARE(record->params.value(QStringLiteral("out")).toString(), out);
    QCOMPARE(record->params.value(QStringLiteral("records")).toInt(), 2);
    QCOMPARE(record->params.value(QStringLiteral("format")).toString(),
             name.endsWith(QLatin1String(".csv")) ? QStringLiteral("csv") : QStringLiteral("json"));
}

void TestAuditConsole::fullDiskIsShownEverywhereAndRefusesTheAction()
{
    // /dev/full opens and fails every write with ENOSPC: a full disk, without root.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), path));
    AuditConsole c(path);
    QVERIFY(c.trail.check().ok());
    c.audit.open({});
    c.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c.window));
    QLabel *indicator = c.window.findChild<QLabel *>(QStringLiteral("auditAlertLabel"));
    QVERIFY(indicator);
    MessageBanner *alert = c.console->alertBanner();
    QVERIFY(!indicator->isVisible());
    QVERIFY(!alert->isVisible());

    // What the restore and cancel code does before sending: it is refused.
    const Audit::Identity who { QStringLiteral("https://idp.test"), QStringLiteral("s"), QStringLiteral("o"),
                                QStringLiteral("carla@test"), QStringLiteral("t") };
    const auto ref = c.trail.requested(Audit::EventType::Restore, who, kProdWeu + QStringLiteral("/items/x"),
                                       {}, QStringLiteral("drill"));
    QVERIFY(!ref.ok());
    QCOMPARE(ref.error().code, QString(Audit::Codes::WriteFailed));

    const QString expected = QStringLiteral("Audit log not writable: %1: No space left on device")
                                 .arg(QFileInfo(path).absoluteFilePath());
    QVERIFY(indicator->isVisible());
    QVERIFY(alert->isVisible());
    QVERIFY2(alert->text().startsWith(expected), qPrintable(alert->text()));
    QVERIFY(alert->text().endsWith(
        QStringLiteral("Browsing goes on; restores and cancels are refused until it is fixed.")));
    QCOMPARE(alert->level(), MessageBanner::Level::Error);
    QCOMPARE(indicator->toolTip(), alert->text());
    QVERIFY(c.pageWarning()->isVisibleTo(c.audit.page()));

    // It stays: a notice on the console does not replace it, and another page keeps the
    // window-level indicator.
    c.window.notify(MessageBanner::Level::Info, QStringLiteral("Loaded 3 vaults."));
    QVERIFY(alert->isVisible());
    QVERIFY(alert->text().startsWith(expected));
    c.window.showPage(c.other);
    QVERIFY(indicator->isVisible());
    c.window.showPage(c.console);

    // Still full: "Check again" leaves it as it is.
    QPushButton *check = alert->findChild<QPushButton *>(QStringLiteral("auditCheckButton"));
    QVERIFY(check);
    check->click();
    QTest::qWait(50);
    QVERIFY(indicator->isVisible());
    QVERIFY(!c.trail.requested(Audit::EventType::JobCancel, who, kProdWeu, {}, {}).ok());

    // Space again: "Check again" writes the record of the failed period, and the warnings go.
    QVERIFY(QFile::remove(path));
    alert->findChild<QPushButton *>(QStringLiteral("auditCheckButton"))->click();
    QTRY_VERIFY(!indicator->isVisible());
    QVERIFY(!alert->isVisible());
    QVERIFY(!c.pageWarning()->isVisibleTo(c.audit.page()));
    QVERIFY(c.trail.isWritable());
    const Audit::Record *note = c.audit.page()->recordModel()->record(0);
    QVERIFY(note);
    QCOMPARE(note->type, QString(Audit::EventType::Integrity));
    QCOMPARE(note->params.value(QStringLiteral("kind")).toString(), QStringLiteral("write-resumed"));
    QCOMPARE(note->params.value(QStringLiteral("failedWrites")).toInt(), 2);
    QVERIFY(c.trail.requested(Audit::EventType::Restore, who, kProdWeu, {}, QStringLiteral("drill")).ok());
}

void TestAuditConsole::timelineFromTheActivityLog()
{
    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    QTemporaryDir dir;
    AuditConsole c(dir.filePath(QStringLiteral("audit.jsonl")));
    QSignalSpy loaded(c.audit.page(), &AuditPage::loaded);
    c.audit.open({});
    QTRY_COMPARE(loaded.count(), 1);
    Api carla(sandbox, QStringLiteral("carla"));
    QVERIFY2(!carla.tokens.accessToken.isEmpty(), qPrintable(carla.tokens.error));

    // Something for the service to have recorded: carla starts a backup, then cancels its job,
    // recording the cancel here under the correlation id she sends (as the cancel code will).
    const auto items = sandbox.get(kProdWeu + QStringLiteral("/backupProtectedItems?") + kBackupApi,
                                   carla.tokens.accessToken);
    QCOMPARE(items.status, 200);
    const QString item = items.json.value(QStringLiteral("value"))
                             .toArray()
                             .first()
                             .toObject()
                             .value(QStringLiteral("id"))
                             .toString();
    QCOMPARE(
        sandbox.send("POST", item + QStringLiteral("/backup?") + kBackupApi, carla.tokens.accessToken, "{}")
            .status,
        202);
    const auto jobs
        = sandbox.get(kProdWeu + QStringLiteral("/backupJobs?") + kBackupApi, carla.tokens.accessToken);
    QString job;
    for (const QJsonValue &j : jobs.json.value(QStringLiteral("value")).toArray()) {
        const QJsonObject o = j.toObject();
        if (o.value(QStringLiteral("properties")).toObject().value(QStringLiteral("status")).toString()
            == QLatin1String("InProgress"))
            job = o.value(QStringLiteral("id")).toString();
    }
    QVERIFY(!job.isEmpty());
    const QString correlation = QStringLiteral("3d8f5c1e-2b7a-4e9d-8c6f-0a1b2c3d4e5f");
    const auto asked = c.trail.requested(Audit::EventType::JobCancel, carla.identity(), job, {},
                                         QStringLiteral("wrong item"), { correlation });
    QVERIFY(asked.ok());
    QCOMPARE(sandbox
                 .send("POST", job + QStringLiteral("/cancel?") + kBackupApi, carla.tokens.accessToken, {},
                       { { "x-ms-correlation-request-id", correlation.toLatin1() } })
                 .status,
             202);
    QVERIFY(c.trail.outcome(asked.value(), Audit::Outcome::Accepted).ok());

    // Signed out, the page says so instead of asking anyone.
    c.askTimeline(kProdWeu);
    QVERIFY2(c.timelineStatus()->text().contains(QStringLiteral("Not signed in")),
             qPrintable(c.timelineStatus()->text()));

    c.audit.setService(carla.service.get());
    const int before = carla.arm->requestCount();
    c.askTimeline(kProdWeu);
    QTRY_COMPARE_WITH_TIMEOUT(c.timelineStatus()->property("state").toString(), QStringLiteral("loaded"),
                              15000);
    const QString status = c.timelineStatus()->text();
    QVERIFY2(status.contains(QStringLiteral("2 from this console, 2 recorded by the service (1 of them under "
                                            "the same correlation id")),
             qPrintable(status));
    QCOMPARE(serviceRows(c.audit.page()->timelineModel()), 2);
    QCOMPARE(carla.arm->requestCount(), before + 1);

    // Every page of it: with pages of one event the same two arrive, through the nextLinks.
    SandboxHarness small;
    Sandbox::SandboxOptions onePerPage;
    onePerPage.pageSize = 1;
    QVERIFY2(small.start(onePerPage, &error), qPrintable(error));
    Api carlaSmall(small, QStringLiteral("carla"));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(small
                     .send("POST", item + QStringLiteral("/backup?") + kBackupApi,
                           carlaSmall.tokens.accessToken, "{}")
                     .status,
                 202);
    c.audit.setService(carlaSmall.service.get());
    c.askTimeline(kProdWeu);
    QTRY_COMPARE_WITH_TIMEOUT(c.timelineStatus()->property("state").toString(), QStringLiteral("loaded"),
                              15000);
    QCOMPARE(serviceRows(c.audit.page()->timelineModel()), 3);
    QCOMPARE(carlaSmall.arm->requestCount(), 3);
}

void TestAuditConsole::timelineSaysNoAccessWithoutReader()
{
    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    QTemporaryDir dir;
    AuditConsole c(dir.filePath(QStringLiteral("audit.jsonl")));
    c.audit.open({});
    Api rita(sandbox, QStringLiteral("rita")); // Backup Reader: the vaults, not the activity log
    c.audit.setService(rita.service.get());
    c.askTimeline(kProdWeu);
    QTRY_COMPARE_WITH_TIMEOUT(c.timelineStatus()->property("state").toString(), QStringLiteral("noAccess"),
                              15000);
    const QString status = c.timelineStatus()->text();
    QVERIFY2(status.startsWith(QStringLiteral("No access")), qPrintable(status));
    QVERIFY(status.contains(QStringLiteral("Microsoft.Insights/eventtypes/values/read")));
    QCOMPARE(serviceRows(c.audit.page()->timelineModel()), 0);

    // Not a vault id: said, nothing sent.
    const int sent = rita.arm->requestCount();
    c.askTimeline(QStringLiteral("rsv-prod-weu"));
    QVERIFY2(c.timelineStatus()->text().contains(QStringLiteral("not a resource id")),
             qPrintable(c.timelineStatus()->text()));
    QCOMPARE(rita.arm->requestCount(), sent);
}

QTEST_MAIN(TestAuditConsole)
#include "tst_auditconsole.moc"
