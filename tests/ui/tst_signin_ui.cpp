// The sign-in page as an operator uses it: pick the sandbox profile, press Sign in, finish in
// Chromium, see the identity and the expiry countdown; sign out from the Account menu; a
// failed sign-in shows its reason inline.
#include "accountcontroller.h"
#include "audit/verifier.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "identitypage.h"
#include "mainwindow.h"
#include "sandboxharness.h"
#include "signinpage.h"
#include "testprocesses.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

class TestSignInUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signInShowIdentityAndSignOut();
    void lockedKeychainOffersRetryOrSessionOnly(); // last: it locks the test keyring
};

void TestSignInUi::signInShowIdentityAndSignOut()
{
    QTemporaryDir dir;
    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    MainWindow window;
    QNetworkAccessManager nam;
    Auth::KeychainStore keychain(QString::fromLatin1(Auth::Session::kKeychainService));
    Auth::ProfileStore profiles(dir.filePath(QStringLiteral("settings.conf")));
    Auth::Session session(&nam, &keychain, &profiles);
    Audit::AuditLog audit(dir.filePath(QStringLiteral("audit.jsonl")));
    QVERIFY(audit.open().ok());
    AccountController accounts(&window, &session, &profiles);
    accounts.setAuditLog(&audit);
    accounts.setBrowserCommand({ nodeExecutable(), idpDirectory() + QStringLiteral("/browser.js"),
                                 QStringLiteral("--user"), QStringLiteral("carla") });
    accounts.addTransientProfile(
        Auth::Profile::sandbox(sandbox.issuer(), sandbox.api(), Sandbox::SandboxServer::apiAudience()));
    accounts.useProfile(QStringLiteral("Sandbox"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto page = window.findChild<SignInPage *>(QStringLiteral("signInPage"));
    auto button = page->findChild<QPushButton *>(QStringLiteral("signInButton"));
    QTRY_VERIFY(button->isEnabled()); // the silent resume found nothing
    QCOMPARE(window.currentPage(), page);
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("hintLabel"))->text().contains(QStringLiteral("oscar")));
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!button->isEnabled());
    QVERIFY(page->findChild<QPushButton *>(QStringLiteral("cancelButton"))->isVisible());
    QVERIFY(page->findChild<QPushButton *>(QStringLiteral("copyLinkButton"))->isVisible());

    auto identity = window.findChild<IdentityPage *>(QStringLiteral("identityPage"));
    QTRY_COMPARE_WITH_TIMEOUT(window.currentPage(), static_cast<QWidget *>(identity), 60000);
    QCOMPARE(identity->findChild<QLabel *>(QStringLiteral("nameValue"))->text(),
             QStringLiteral("Carla Contributor"));
    QVERIFY(identity->findChild<QLabel *>(QStringLiteral("verifiedValue"))
                ->text()
                .startsWith(QStringLiteral("verified")));
    const QString accessTokenText = identity->findChild<QLabel *>(QStringLiteral("accessTokenValue"))->text();
    QVERIFY2(accessTokenText.startsWith(QStringLiteral("Verified by this client")),
             qPrintable(accessTokenText));
    QTRY_VERIFY(window.identityLabel()->text().contains(QStringLiteral("token expires in")));
    QVERIFY(window.identityLabel()->text().startsWith(QStringLiteral("Carla Contributor")));

    auto signOut = window.findChild<QAction *>(QStringLiteral("signOutAction"));
    QVERIFY(signOut->isEnabled());
    signOut->trigger();
    QTRY_COMPARE(window.currentPage(), static_cast<QWidget *>(page));
    QTRY_VERIFY(
        page->findChild<QLabel *>(QStringLiteral("bannerLabel"))->text().contains(QStringLiteral("revoked")));
    QCOMPARE(window.identityLabel()->text(), QStringLiteral("Not signed in"));
    QVERIFY(!signOut->isEnabled());

    // Both actions are in the tamper-evident audit log, before and after, with the identity.
    const auto report = Audit::verifyLog(audit.path());
    QVERIFY(report.ok() && report->intact());
    QCOMPARE(report->records, 4); // sign-in requested/succeeded, sign-out requested/succeeded
    QFile log(audit.path());
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray content = log.readAll();
    QVERIFY(content.contains("\"type\":\"sign-out\""));
    // The sign-in "requested" record precedes the identity; the others carry it.
    QCOMPARE(content.count("\"username\":\"carla@sandbox.restoredesk.invalid\""), 3);
    QVERIFY(!content.contains("eyJ")); // identity claims, never tokens
}

void TestSignInUi::lockedKeychainOffersRetryOrSessionOnly()
{
    // Lock the Secret Service's login collection (what a screen lock or a fresh login does).
    QProcess lock;
    lock.start(QStringLiteral("dbus-send"),
               { QStringLiteral("--session"), QStringLiteral("--print-reply"),
                 QStringLiteral("--dest=org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                 QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                 QStringLiteral("array:objpath:/org/freedesktop/secrets/collection/login") });
    QVERIFY(lock.waitForFinished(10000));
    QCOMPARE(lock.exitCode(), 0);

    QTemporaryDir dir;
    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    MainWindow window;
    QNetworkAccessManager nam;
    Auth::KeychainStore keychain(QString::fromLatin1(Auth::Session::kKeychainService));
    keychain.setTimeout(5000);
    Auth::ProfileStore profiles(dir.filePath(QStringLiteral("settings.conf")));
    Auth::Session session(&nam, &keychain, &profiles);
    AccountController accounts(&window, &session, &profiles);
    accounts.setBrowserCommand({ nodeExecutable(), idpDirectory() + QStringLiteral("/browser.js"),
                                 QStringLiteral("--user"), QStringLiteral("rita") });
    accounts.addTransientProfile(
        Auth::Profile::sandbox(sandbox.issuer(), sandbox.api(), Sandbox::SandboxServer::apiAudience()));
    accounts.useProfile(QStringLiteral("Sandbox"));
    window.show();
    auto page = window.findChild<SignInPage *>(QStringLiteral("signInPage"));
    auto button = page->findChild<QPushButton *>(QStringLiteral("signInButton"));
    QTRY_VERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    auto identity = window.findChild<IdentityPage *>(QStringLiteral("identityPage"));
    QTRY_COMPARE_WITH_TIMEOUT(window.currentPage(), static_cast<QWidget *>(identity), 60000);
    auto choice = identity->findChild<QWidget *>(QStringLiteral("keychainChoice"));
    QTRY_VERIFY2(choice->isVisible(), qPrintable(session.persistenceNotice()));
    QVERIFY(window.identityLabel()->text().contains(QStringLiteral("session only")));
    // Retry while still locked: the choice stays, with the reason.
    QTest::mouseClick(identity->findChild<QPushButton *>(QStringLiteral("retryKeychainButton")),
                      Qt::LeftButton);
    QTest::qWait(500);
    QVERIFY(choice->isVisible());
    QTest::mouseClick(identity->findChild<QPushButton *>(QStringLiteral("sessionOnlyButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(!choice->isVisible());
    QVERIFY(identity->findChild<QLabel *>(QStringLiteral("persistenceValue"))
                ->text()
                .contains(QStringLiteral("this session only")));
    QCOMPARE(sandbox
                 .get(QStringLiteral("/subscriptions?api-version=2022-12-01"),
                      QString::fromLatin1(session.accessToken()))
                 .status,
             200);
}

QTEST_MAIN(TestSignInUi)
#include "tst_signin_ui.moc"
