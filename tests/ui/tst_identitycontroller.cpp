// The identity area of the console, offscreen, against the sandbox over real sockets with a real
// session signed in through the sandbox's sign-in page: navigate to a vault under Estate, open
// "Access here", and the verdicts are the person's (rita reads but may not restore, oscar may);
// the Claims page verifies the session's tokens with its pinned keys and a pasted token of
// another issuer through that issuer's discovery; the Federated credentials page lists an
// identity's credentials, offers Create only to whom may, and records a create before and after
// (refused without an audit trail).
#include "accessherepage.h"
#include "arm/armclient.h"
#include "arm/tokenprovider.h"
#include "audit/auditlog.h"
#include "audit/audittrail.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "backup/backupservice.h"
#include "claimsinspectorwidget.h"
#include "consolepage.h"
#include "credentialspage.h"
#include "effectivepermissionswidget.h"
#include "estatecontroller.h"
#include "fictesterwidget.h"
#include "identitycontroller.h"
#include "jose/randomtoken.h"
#include "messagebanner.h"
#include "models/operationcheckmodel.h"
#include "sandboxharness.h"
#include "sandboxids.h"
#include "workloadtoken.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;
using Models::NavigationModel;
using Models::OperationCheckModel;

namespace {

using RestoreDesk::Test::workloadToken;

// A console signed in as one sandbox person: session, transport, estate and identity areas, as
// app/gui/main.cpp composes them.
struct Console
{
    Console(SandboxHarness &sandbox, const QString &settings, const QString &person, bool generic = false,
            const QJsonObject &roleMapping = {})
        : store(settings)
        , keychain(QString::fromLatin1(Auth::Session::kKeychainService))
        , session(&nam, &keychain, &store)
        , tokens(&session)
    {
        keychain.setTimeout(3000);
        Auth::Profile profile
            = Auth::Profile::sandbox(sandbox.issuer(), sandbox.api(), Sandbox::SandboxServer::apiAudience());
        if (generic) {
            // The same issuer as any OIDC issuer: the console cannot know the API's role mapping.
            profile = Auth::Profile::genericOidc(sandbox.issuer(), QStringLiteral("restoredesk"));
            profile.apiBase = sandbox.api();
            profile.roleMapping = roleMapping;
        }
        session.setProfile(profile);
        QObject::connect(&session, &Auth::Session::openBrowser, &session,
                         [&sandbox, person](const QUrl &url) { sandbox.actAsBrowser(url, person); });
        session.signIn([this](Result<void> r) { signedIn = r; });
    }
    bool ready()
    {
        if (!QTest::qWaitFor([this] { return signedIn.has_value(); }, 30000) || !signedIn->ok())
            return false;
        Net::Transport t;
        t.nam = &nam;
        arm = std::make_unique<Arm::ArmClient>(t, &tokens, QUrl(session.profile().apiBase));
        backup = std::make_unique<Backup::BackupService>(arm.get());
        console.addSection(QStringLiteral("identity"), QStringLiteral("Identity"));
        estate = std::make_unique<EstateController>(&console);
        identity = std::make_unique<IdentityController>(&console, &session);
        estate->setService(backup.get());
        identity->setService(backup.get());
        console.resize(1200, 800);
        console.show();
        return true;
    }
    // Expands Estate down to the vault's node and selects it.
    bool selectVault(const QString &vaultId)
    {
        NavigationModel *nav = console.navigation();
        const QString estateKey = QLatin1String(EstateController::kEstateKey);
        nav->fetchMore(nav->indexOf(estateKey));
        const QString subKey = vaultId.section(QLatin1Char('/'), 0, 2).toLower();
        if (!QTest::qWaitFor([&] { return nav->contains(subKey); }, 15000))
            return false;
        nav->fetchMore(nav->indexOf(subKey));
        if (!QTest::qWaitFor([&] { return nav->contains(vaultId.toLower()); }, 15000))
            return false;
        console.select(vaultId.toLower());
        return console.selectedKey() == vaultId.toLower();
    }

    ConsolePage console; // first: the controllers die before the pages they fill
    QNetworkAccessManager nam;
    Auth::ProfileStore store;
    Auth::KeychainStore keychain;
    Auth::Session session;
    Arm::SessionTokenProvider tokens;
    std::optional<Result<void>> signedIn;
    std::unique_ptr<Arm::ArmClient> arm;
    std::unique_ptr<Backup::BackupService> backup;
    std::unique_ptr<EstateController> estate;
    std::unique_ptr<IdentityController> identity;

    ~Console()
    {
        identity.reset();
        estate.reset();
        backup.reset();
        arm.reset();
    }
};

} // namespace

class TestIdentityController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void accessHereShowsThePersonsVerdicts_data();
    void accessHereShowsThePersonsVerdicts();
    void accessHereShowsTheStatedRoleMapping();
    void claimsVerifySessionAndPastedTokens();
    void credentialsListCheckAndCreate();

private:
    QTemporaryDir m_home;
    SandboxHarness m_sandbox;
    int m_consoles = 0;
    QString settings() { return m_home.filePath(QStringLiteral("console%1.conf").arg(++m_consoles)); }
};

void TestIdentityController::initTestCase()
{
    // No Secret Service: sessions are memory-only (said so), nothing is written anywhere.
    qputenv("HOME", m_home.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/restoredesk-test-bus");
    QString error;
    QVERIFY2(m_sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
}

void TestIdentityController::accessHereShowsThePersonsVerdicts_data()
{
    QTest::addColumn<QString>("person");
    QTest::addColumn<bool>("mayRestore");
    QTest::addColumn<bool>("mayCancel");
    QTest::addColumn<bool>("generic");
    QTest::newRow("rita, Backup Reader") << "rita" << false << false << false;
    QTest::newRow("oscar, Backup Operator here") << "oscar" << true << true << false;
    QTest::newRow("oscar through a generic OIDC profile") << "oscar" << true << true << true;
}

void TestIdentityController::accessHereShowsThePersonsVerdicts()
{
    QFETCH(QString, person);
    QFETCH(bool, mayRestore);
    QFETCH(bool, mayCancel);
    QFETCH(bool, generic);
    Console c(m_sandbox, settings(), person, generic);
    QVERIFY(c.ready());
    AccessHerePage *page = c.identity->accessPage();
    QVERIFY(page->statusText().contains(QStringLiteral("Select a subscription")));

    QVERIFY(c.selectVault(kProdWeu));
    const QModelIndex node = c.console.navigation()->indexOf(QLatin1String(IdentityController::kAccessKey));
    QCOMPARE(node.data().toString(), QStringLiteral("Access here: rsv-prod-weu"));
    QCOMPARE(c.identity->accessScope(), kProdWeu);

    QSignalSpy shown(c.identity.get(), &IdentityController::accessShown);
    const int requestsBefore = c.arm->requestCount();
    c.console.select(QLatin1String(IdentityController::kAccessKey));
    QCOMPARE(c.console.currentContent(), page);
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 15000);
    QCOMPARE(shown.first().first().toString(), kProdWeu);
    QVERIFY2(page->statusText().isEmpty(), qPrintable(page->statusText()));
    QVERIFY(page->permissions()->isVisible());

    auto *table = page->findChild<QTableView *>(QStringLiteral("operationTable"));
    QVERIFY(table);
    auto *model = qobject_cast<OperationCheckModel *>(table->model());
    QVERIFY(model);
    using Id = Access::BackupOperation::Id;
    using State = Access::RequirementCheck::State;
    auto state = [model](Id id) { return model->check(model->rowOf(id))->state; };
    QCOMPARE(state(Id::ReadEstate), State::Allowed);
    QCOMPARE(state(Id::Restore), mayRestore ? State::Allowed : State::Denied);
    QCOMPARE(state(Id::CancelJob), mayCancel ? State::Allowed : State::Denied);
    QCOMPARE(state(Id::ChangePolicy), State::Denied);
    // At the subscription (evaluated from role assignments): neither holds Reader there. Through
    // a generic OIDC profile the API may map claims to roles itself: "no" becomes "cannot tell".
    QCOMPARE(state(Id::ReadActivityLog), generic ? State::Unknown : State::Denied);
    auto *mapping = page->findChild<QListWidget *>(QStringLiteral("mappingList"));
    QVERIFY(mapping);
    QCOMPARE(mapping->isVisible(), generic);
    if (generic) {
        QVERIFY2(mapping->item(0)->text().contains(QStringLiteral("`oid` claim")),
                 qPrintable(mapping->item(0)->text()));
        page->permissions()->selectOperation(Id::ReadActivityLog);
        QVERIFY2(page->permissions()->explanationText().contains(QStringLiteral("cannot tell")),
                 qPrintable(page->permissions()->explanationText()));
    }

    // "Why can't I restore?" names the action and the roles that carry it.
    page->permissions()->selectOperation(Id::Restore);
    const QString why = page->permissions()->explanationText();
    if (!mayRestore) {
        QVERIFY2(why.contains(QStringLiteral("recoveryPoints/restore/action")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("Backup Operator")), qPrintable(why));
    }
    // The role assignments that apply are shown with the verdicts.
    auto *assignments = page->findChild<QTableView *>(QStringLiteral("assignmentTable"));
    QVERIFY(assignments && assignments->isVisible());
    QCOMPARE(assignments->model()->rowCount(), person == QLatin1String("oscar") ? 2 : 1);

    // Back to the page without another selection: nothing is asked again. (The vault's own
    // listings, started by selecting it, may still be loading: counted once they are done.)
    QTRY_COMPARE_WITH_TIMEOUT(c.arm->inFlight() + c.arm->reading(), 0, 15000);
    const int requestsAfter = c.arm->requestCount();
    QVERIFY(requestsAfter > requestsBefore);
    c.console.select(kProdWeu.toLower());
    c.console.select(QLatin1String(IdentityController::kAccessKey));
    QTest::qWait(100);
    QCOMPARE(c.arm->requestCount(), requestsAfter);
    QCOMPARE(shown.size(), 1);

    // A subscription is named as the tree names it, not by its id.
    c.console.select(kProdWeu.section(QLatin1Char('/'), 0, 2).toLower());
    QCOMPARE(c.console.navigation()->indexOf(QLatin1String(IdentityController::kAccessKey)).data().toString(),
             QStringLiteral("Access here: Fabrikam Production"));

    // Signed out: the page says so and nothing is shown.
    c.identity->setService(nullptr);
    QVERIFY(!page->permissions()->isVisible());
    QVERIFY(page->statusText().contains(QStringLiteral("Sign in")));
}

void TestIdentityController::accessHereShowsTheStatedRoleMapping()
{
    // A generic OIDC profile that states the API's mapping: greg's `groups` claim carries the
    // dr-team id, which the profile maps to Backup Operator on the dev vault.
    const QString &devVault = kDevEus;
    const QString drTeam = QStringLiteral("7d3e9f1a-2b4c-4d5e-8f6a-1b2c3d4e5f60");
    const QJsonObject mapping { { "roleMapping", QJsonObject { { drTeam, "Backup Operator" } } },
                                { "scope", devVault } };
    Console c(m_sandbox, settings(), QStringLiteral("greg"), true, mapping);
    QVERIFY(c.ready());
    QVERIFY(c.selectVault(devVault));
    AccessHerePage *page = c.identity->accessPage();
    QSignalSpy shown(c.identity.get(), &IdentityController::accessShown);
    c.console.select(QLatin1String(IdentityController::kAccessKey));
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 15000);
    auto *list = page->findChild<QListWidget *>(QStringLiteral("mappingList"));
    QVERIFY(list && list->isVisible());
    const QString line = list->item(0)->text();
    QVERIFY2(
        line.contains(
            QStringLiteral("`groups` claim contains `%1` → Backup Operator at %2").arg(drTeam, devVault)),
        qPrintable(line));
    // The verdict names the mapped role and the claim value that carries it.
    page->permissions()->selectOperation(Access::BackupOperation::Id::Restore);
    const QString why = page->permissions()->explanationText();
    QVERIFY2(why.contains(QStringLiteral("Backup Operator")), qPrintable(why));
}

void TestIdentityController::claimsVerifySessionAndPastedTokens()
{
    Console c(m_sandbox, settings(), QStringLiteral("rita"));
    QVERIFY(c.ready());
    ClaimsInspectorWidget *claims = c.identity->claims();
    claims->showSource(ClaimsInspectorWidget::Source::SessionIdToken);
    QVERIFY(claims->inspection());
    QCOMPARE(claims->inspection()->signature.state, Access::SignatureStatus::State::Verified);
    claims->showSource(ClaimsInspectorWidget::Source::SessionAccessToken);
    QCOMPARE(claims->inspection()->signature.state, Access::SignatureStatus::State::Verified);

    // A token of another issuer: "Verify" fetches that issuer's discovery document and keys.
    SandboxHarness other;
    QString error;
    QVERIFY2(other.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    const QByteArray foreign = other.signIn(QStringLiteral("oscar")).accessToken.toUtf8();
    QVERIFY(!foreign.isEmpty());
    claims->inspectPasted(foreign);
    QCOMPARE(claims->inspection()->issuer(), other.issuer());
    QCOMPARE(claims->inspection()->signature.state, Access::SignatureStatus::State::NotChecked);
    auto *verify = claims->findChild<QPushButton *>(QStringLiteral("verifyButton"));
    QVERIFY(verify && verify->isEnabled());
    verify->click();
    QTRY_COMPARE_WITH_TIMEOUT(claims->inspection()->signature.state, Access::SignatureStatus::State::Verified,
                              10000);

    // Tampered: the same keys (cached) say no.
    QByteArray tampered = foreign;
    tampered[tampered.size() - 6] = tampered.at(tampered.size() - 6) == 'A' ? 'B' : 'A';
    claims->inspectPasted(tampered);
    QCOMPARE(claims->inspection()->signature.state, Access::SignatureStatus::State::Failed);
}

void TestIdentityController::credentialsListCheckAndCreate()
{
    const QByteArray pr = workloadToken(QStringLiteral("repo:fabrikam/backup-drills:pull_request"));
    {
        // Oscar may not even read the credentials: said inline, Create stays off.
        Console c(m_sandbox, settings(), QStringLiteral("oscar"));
        QVERIFY(c.ready());
        CredentialsPage *page = c.identity->credentialsPage();
        QSignalSpy listed(c.identity.get(), &IdentityController::credentialsListed);
        page->setIdentityId(kIdentity);
        page->findChild<QPushButton *>(QStringLiteral("listCredentialsButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 1, 15000);
        QCOMPARE(page->banner()->level(), MessageBanner::Level::Error);
        QVERIFY2(page->banner()->text().contains(QStringLiteral("AuthorizationFailed")),
                 qPrintable(page->banner()->text()));
        page->tester()->setToken(pr);
        QVERIFY(!page->tester()->findChild<QPushButton *>(QStringLiteral("createButton"))->isEnabled());
    }

    Console c(m_sandbox, settings(), QStringLiteral("carla"));
    QVERIFY(c.ready());
    c.console.select(QLatin1String(IdentityController::kCredentialsKey));
    CredentialsPage *page = c.identity->credentialsPage();
    QCOMPARE(c.console.currentContent(), page);
    FicTesterWidget *tester = page->tester();
    QSignalSpy listed(c.identity.get(), &IdentityController::credentialsListed);
    QSignalSpy finished(c.identity.get(), &IdentityController::createFinished);
    page->setIdentityId(kIdentity);
    page->findChild<QPushButton *>(QStringLiteral("listCredentialsButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 1, 15000);
    auto *table = tester->findChild<QTableView *>(QStringLiteral("credentialTable"));
    const int before = table->model()->rowCount();
    QVERIFY(before >= 3);
    tester->setToken(pr);
    auto *create = tester->findChild<QPushButton *>(QStringLiteral("createButton"));
    QVERIFY(create->isVisible());
    QVERIFY2(create->isEnabled(), qPrintable(create->toolTip())); // carla may write them

    // No audit trail: refused, nothing sent.
    QString preview;
    c.identity->setConfirmation([&preview](const QString &text) {
        preview = text;
        return true;
    });
    const int requests = c.arm->requestCount();
    create->click();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.takeFirst().first().toBool(), false);
    QVERIFY(preview.isEmpty());
    QCOMPARE(c.arm->requestCount(), requests);
    QVERIFY(page->banner()->text().contains(QStringLiteral("audit log")));

    // With a trail: confirmed with the request shown, recorded before and after.
    QTemporaryDir logDir;
    Audit::AuditTrail trail(
        std::make_unique<Audit::AuditLog>(logDir.filePath(QStringLiteral("audit.jsonl"))));
    c.identity->setAuditTrail(&trail);
    QSignalSpy recorded(&trail, &Audit::AuditTrail::recorded);
    create->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
    QVERIFY2(finished.first().first().toBool(), qPrintable(page->banner()->text()));
    QVERIFY(preview.contains(QStringLiteral("PUT ")));
    QVERIFY(preview.contains(kIdentity + QStringLiteral("/federatedIdentityCredentials/")));
    QVERIFY(preview.contains(QStringLiteral("repo:fabrikam/backup-drills:pull_request")));
    QCOMPARE(recorded.size(), 2);
    const auto first = recorded.at(0).first().value<Audit::Record>();
    const auto second = recorded.at(1).first().value<Audit::Record>();
    QCOMPARE(first.type, QStringLiteral("credential-create"));
    QCOMPARE(first.outcome, QStringLiteral("requested"));
    QCOMPARE(second.outcome, QStringLiteral("succeeded"));
    QCOMPARE(second.ref, first.seq);
    QCOMPARE(second.correlationIds, first.correlationIds);
    QCOMPARE(first.identity.username, QStringLiteral("carla@sandbox.restoredesk.invalid"));
    // Listed again: the new one matches the token, Create is gone.
    QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 2, 15000);
    QCOMPARE(table->model()->rowCount(), before + 1);
    QVERIFY(tester->verdict().matchIndex >= 0);
    QVERIFY(!create->isVisible());
    QCOMPARE(page->banner()->level(), MessageBanner::Level::Success);
}

QTEST_MAIN(TestIdentityController)
#include "tst_identitycontroller.moc"
