// Profiles from the Account menu: an import shows what it sets up before saving and says what it
// dropped (a browser command never travels); export writes no browser command; notices appear
// on the page that is showing; the sandbox starts only when its profile is chosen.

#include "auth/profilestore.h"
#include "auth/session.h"
#include "builtinsandbox.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "profilecontroller.h"
#include "profileimportdialog.h"
#include "sessioncontroller.h"
#include "signinpage.h"

#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace RestoreDesk;

namespace {

class LazySandbox final : public BuiltInSandbox
{
public:
    void start() override
    {
        ++starts;
        starting = true;
    }
    bool isReady() const override { return false; }
    bool isStarting() const override { return starting; }
    QString issuer() const override { return {}; }
    QString apiBase() const override { return {}; }
    QString apiAudience() const override { return {}; }
    QList<SandboxPerson> people() const override { return {}; }
    int starts = 0;
    bool starting = false;
};

struct Console
{
    explicit Console(const QString &settings)
        : profiles(settings)
        , session(&nam, nullptr, &profiles)
        , sessions(&window, &session)
        , controller(&window, &profiles, &sessions, &sandbox)
    { }
    MainWindow window;
    QNetworkAccessManager nam;
    Auth::ProfileStore profiles;
    Auth::Session session;
    SessionController sessions;
    LazySandbox sandbox;
    ProfileController controller;
};

// Answers the next modal dialog of type D with `accept` after checking it with `inspect`.
template<typename D>
void answerNextDialog(bool accept, std::function<void(D *)> inspect)
{
    QTimer::singleShot(0, [=] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (auto *d = qobject_cast<D *>(w); d && d->isVisible()) {
                inspect(d);
                accept ? d->accept() : d->reject();
                return;
            }
        }
        answerNextDialog<D>(accept, inspect); // not shown yet
    });
}

} // namespace

class TestProfileController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importShowsWhatItSetsUpAndDropsTheBrowserCommand();
    void cancelledImportSavesNothing();
    void exportCarriesNoBrowserCommand();
    void sandboxStartsOnlyWhenChosen();
};

void TestProfileController::importShowsWhatItSetsUpAndDropsTheBrowserCommand()
{
    QTemporaryDir dir;
    Console c(dir.filePath(QStringLiteral("s.conf")));
    c.window.show();
    Auth::Profile p = Auth::Profile::genericOidc(QStringLiteral("https://idp.example/realms/ops"),
                                                 QStringLiteral("desk"));
    p.name = QStringLiteral("Ops");
    p.apiBase = QStringLiteral("https://backup.example");
    QJsonObject file = p.toJson();
    file.insert(QStringLiteral("browserCommand"),
                QJsonArray { QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("id") });
    const QString path = dir.filePath(QStringLiteral("ops.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(file).toJson());
    f.close();

    QString issuerShown;
    QString apiShown;
    QString droppedShown;
    answerNextDialog<ProfileImportDialog>(true, [&](ProfileImportDialog *d) {
        issuerShown = d->findChild<QLabel *>(QStringLiteral("issuerValue"))->text();
        apiShown = d->findChild<QLabel *>(QStringLiteral("apiBaseValue"))->text();
        droppedShown = d->findChild<MessageBanner *>(QStringLiteral("droppedBanner"))->text();
    });
    c.controller.importProfile(path);
    QCOMPARE(issuerShown, p.issuer);
    QCOMPARE(apiShown, p.apiBase);
    QVERIFY2(droppedShown.contains(QStringLiteral("browserCommand")), qPrintable(droppedShown));
    const auto saved = c.profiles.load(QStringLiteral("Ops"));
    QVERIFY(saved.ok());
    QVERIFY(saved->browserCommand.isEmpty());
    // The notice reaches the page that is showing (the sign-in page for the new profile).
    auto banner = c.window.currentBanner();
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("browserCommand")), qPrintable(banner->text()));
}

void TestProfileController::cancelledImportSavesNothing()
{
    QTemporaryDir dir;
    Console c(dir.filePath(QStringLiteral("s.conf")));
    Auth::Profile p
        = Auth::Profile::genericOidc(QStringLiteral("https://idp.example"), QStringLiteral("desk"));
    p.name = QStringLiteral("Maybe");
    const QString path = dir.filePath(QStringLiteral("maybe.json"));
    QVERIFY(Auth::ProfileStore::exportTo(p, path).ok());
    answerNextDialog<ProfileImportDialog>(false, [](ProfileImportDialog *) {});
    c.controller.importProfile(path);
    QVERIFY(c.profiles.names().isEmpty());
}

void TestProfileController::exportCarriesNoBrowserCommand()
{
    QTemporaryDir dir;
    Console c(dir.filePath(QStringLiteral("s.conf")));
    Auth::Profile p
        = Auth::Profile::genericOidc(QStringLiteral("https://idp.example"), QStringLiteral("desk"));
    p.name = QStringLiteral("Mine");
    p.browserCommand = { QStringLiteral("firefox"), QStringLiteral("--private-window") };
    QVERIFY(c.profiles.save(p).ok());
    c.controller.useProfile(QStringLiteral("Mine"));
    const QString path = dir.filePath(QStringLiteral("out.json"));
    c.controller.exportProfile(path);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("https://idp.example"));
    QVERIFY(!text.contains("firefox"));
    QVERIFY(c.window.currentBanner()->text().contains(QStringLiteral("Exported")));
}

void TestProfileController::sandboxStartsOnlyWhenChosen()
{
    QTemporaryDir dir;
    Console c(dir.filePath(QStringLiteral("s.conf")));
    Auth::Profile p
        = Auth::Profile::genericOidc(QStringLiteral("https://idp.example"), QStringLiteral("desk"));
    p.name = QStringLiteral("Remote");
    QVERIFY(c.profiles.save(p).ok());
    c.controller.useProfile(QStringLiteral("Remote"));
    QCOMPARE(c.sandbox.starts, 0);
    QVERIFY(c.controller.profileNames().contains(ProfileController::sandboxName()));
    c.controller.useProfile(ProfileController::sandboxName());
    QCOMPARE(c.sandbox.starts, 1);
    QVERIFY(c.window.findChild<SignInPage *>()
                ->findChild<QLabel *>(QStringLiteral("statusLabel"))
                ->text()
                .contains(QStringLiteral("sandbox")));
}

QTEST_MAIN(TestProfileController)
#include "tst_profilecontroller.moc"
