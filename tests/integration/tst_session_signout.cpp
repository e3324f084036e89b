// Sign-out and refresh racing each other, in one process or two: a refresh that has started
// holds the cross-process lock until the issuer has answered and the rotated refresh token is
// stored; sign-out takes the same lock, revokes the newest refresh token and deletes the entry;
// its report never claims what did not happen. Two Session objects on one keychain play the GUI
// and a CLI run (the lock is a lock file: two holders in one process exclude each other as two
// processes do). A gated relay in front of the token endpoint keeps a refresh "in flight".
#include "auth/autherrors.h"
#include "auth/profilestore.h"
#include "auth/refreshlock.h"
#include "auth/session.h"
#include "gatedrelay.h"
#include "hostileidp.h"
#include "memorykeychain.h"

#include <QLockFile>
#include <QNetworkAccessManager>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace RestoreDesk;
using namespace RestoreDesk::Auth;
using namespace RestoreDesk::Test;

namespace {

const QString kClientId = QStringLiteral("restoredesk");
const QString kSubject = QStringLiteral("mallory"); // HostileIdp's only person

bool signIn(Session &session, const Profile &profile)
{
    session.setProfile(profile);
    QObject::connect(&session, &Session::openBrowser, &session,
                     [](const QUrl &url) { RedirectFollower::follow(url, 3000); });
    std::optional<Result<void>> r;
    session.signIn([&](Result<void> x) { r = x; });
    return QTest::qWaitFor([&] { return r.has_value(); }, 15000) && r->ok();
}

// Whether some holder (any Session, any process) has the refresh lock of `key` right now.
bool lockIsHeld(const QString &key)
{
    RefreshLock probe(key);
    QLockFile file(probe.fileName());
    if (!file.tryLock(0))
        return true;
    file.unlock();
    return false;
}

QByteArray storedRefreshToken(const MemoryKeychain &keychain, const QString &key)
{
    const QByteArray raw = keychain.value(key);
    const int at = raw.indexOf("\"refresh_token\":\"");
    if (at < 0)
        return {};
    const int from = at + int(qstrlen("\"refresh_token\":\""));
    return raw.mid(from, raw.indexOf('"', from) - from);
}

} // namespace

class TestSessionSignOut : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void signOutElsewhereWaitsForTheRefreshInFlight();
    void signOutDuringOwnRefreshRevokesTheRotatedToken();
    void signOutWhoseRefreshNeverAnsweredSaysSo();
    void rejectedRefreshKeepsTheLockUntilTheEntryIsGone();
    void profileSwitchMidRefreshStoresTheRotatedToken();

private:
    QTemporaryDir m_runtime;
    QTemporaryDir *m_dir = nullptr;
    HostileIdp *m_idp = nullptr;
    GatedRelay *m_relay = nullptr;
    Profile m_profile;
    QString m_key;
};

void TestSessionSignOut::initTestCase()
{
    QVERIFY(m_runtime.isValid());
    qputenv("RESTOREDESK_RUNTIME_DIR", m_runtime.path().toUtf8());
}

void TestSessionSignOut::init()
{
    m_dir = new QTemporaryDir;
    m_idp = new HostileIdp;
    QString error;
    QVERIFY2(m_idp->start(&error), qPrintable(error));
    m_relay = new GatedRelay(QUrl(m_idp->issuer()));
    QVERIFY(m_relay->start());
    m_idp->behaviour.tokenEndpoint = m_relay->relayed(QUrl(m_idp->issuer() + QStringLiteral("/token")));
    m_idp->behaviour.revocationSucceeds = true;
    m_profile = Profile::genericOidc(m_idp->issuer(), kClientId);
    m_key = Session::keychainKey(m_idp->issuer(), kClientId, kSubject);
}

void TestSessionSignOut::cleanup()
{
    delete m_relay;
    delete m_idp;
    delete m_dir;
}

// Defect: sign-out took no lock. A CLI `logout` while the GUI was redeeming the refresh token
// revoked the old token and deleted the entry; the GUI then stored the new token: still signed
// in on disk, with a refresh token nobody revoked.
void TestSessionSignOut::signOutElsewhereWaitsForTheRefreshInFlight()
{
    MemoryKeychain keychain;
    ProfileStore store(m_dir->filePath(QStringLiteral("s.conf")));
    QNetworkAccessManager nam;
    Session gui(&nam, &keychain, &store);
    QVERIFY(signIn(gui, m_profile));
    QCOMPARE(gui.persistence(), Session::Persistence::Keychain);
    QVERIFY(keychain.contains(m_key));

    m_relay->setOpen(false);
    std::optional<Result<void>> refreshed;
    gui.refresh([&](Result<void> r) { refreshed = r; });
    QTRY_COMPARE(m_relay->held(), 1); // the GUI holds the lock and is redeeming

    QNetworkAccessManager cliNam;
    Session cli(&cliNam, &keychain, &store);
    cli.setProfile(m_profile);
    std::optional<SignOutReport> report;
    cli.signOut([&](SignOutReport r) { report = r; });
    QTest::qWait(400);
    QVERIFY2(!report.has_value(), "the sign-out did not wait for the refresh holding the lock");
    QVERIFY(keychain.contains(m_key));

    m_relay->setOpen(true);
    QTRY_VERIFY(refreshed.has_value());
    QVERIFY(refreshed->ok());
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), 10000);
    QCOMPARE(report->revocation, SignOutReport::Revocation::Revoked);
    QCOMPARE(report->keychain, SignOutReport::Keychain::Removed);
    QVERIFY(!keychain.contains(m_key)); // not resurrected by the refresh
    // The token revoked is the newest one the issuer handed out, the one the GUI stored.
    QCOMPARE(m_idp->revokedTokens(), QList<QByteArray> { m_idp->issuedRefreshTokens().last() });
    QVERIFY(!lockIsHeld(m_key));
}

// Defect: signing out while this session's own refresh was in flight released the lock at once
// and revoked the refresh token being redeemed; the new one was never revoked, and the report
// said "revoked".
void TestSessionSignOut::signOutDuringOwnRefreshRevokesTheRotatedToken()
{
    MemoryKeychain keychain;
    ProfileStore store(m_dir->filePath(QStringLiteral("s.conf")));
    QNetworkAccessManager nam;
    Session session(&nam, &keychain, &store);
    QVERIFY(signIn(session, m_profile));
    const QByteArray first = m_idp->issuedRefreshTokens().last();

    m_relay->setOpen(false);
    std::optional<Result<void>> refreshed;
    session.refresh([&](Result<void> r) { refreshed = r; });
    QTRY_COMPARE(m_relay->held(), 1);
    std::optional<SignOutReport> report;
    session.signOut([&](SignOutReport r) { report = r; });
    QVERIFY(!session.isSignedIn()); // at once, for the operator
    QTRY_VERIFY(refreshed.has_value());
    QCOMPARE(refreshed->error().code, QString(RestoreDesk::Codes::Cancelled));
    QTest::qWait(200);
    QVERIFY2(lockIsHeld(m_key), "the lock was released while the refresh token was being redeemed");
    QVERIFY(!report.has_value());

    m_relay->setOpen(true);
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), 10000);
    const QByteArray rotated = m_idp->issuedRefreshTokens().last();
    QVERIFY(rotated != first);
    QCOMPARE(report->revocation, SignOutReport::Revocation::Revoked);
    QCOMPARE(m_idp->revokedTokens(), QList<QByteArray> { rotated });
    QCOMPARE(report->keychain, SignOutReport::Keychain::Removed);
    QVERIFY(!keychain.contains(m_key));
    QVERIFY(!session.isSignedIn());
    QVERIFY(!lockIsHeld(m_key));
}

// When the refresh in flight ends without an answer (the connection is cut), the issuer may have
// issued a refresh token nobody here saw: the sign-out cannot call anything revoked.
void TestSessionSignOut::signOutWhoseRefreshNeverAnsweredSaysSo()
{
    MemoryKeychain keychain;
    ProfileStore store(m_dir->filePath(QStringLiteral("s.conf")));
    QNetworkAccessManager nam;
    Session session(&nam, &keychain, &store);
    QVERIFY(signIn(session, m_profile));

    m_relay->setOpen(false);
    session.refresh([](Result<void>) {});
    QTRY_COMPARE(m_relay->held(), 1);
    std::optional<SignOutReport> report;
    session.signOut([&](SignOutReport r) { report = r; });
    m_relay->setDropping(true);
    m_relay->setOpen(false); // cuts what is held
    const auto held = m_relay->findChildren<QTcpSocket *>();
    for (QTcpSocket *s : held)
        s->abort();
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), 15000);
    QCOMPARE(report->revocation, SignOutReport::Revocation::Failed);
    QCOMPARE(report->revocationError.code, QString(Auth::Codes::RefreshOutcomeUnknown));
    QVERIFY(!report->complete());
    QCOMPARE(report->keychain, SignOutReport::Keychain::Removed);
    QVERIFY(!keychain.contains(m_key));
    QVERIFY(!lockIsHeld(m_key));
}

// Defect: on `invalid_grant` the entry was removed asynchronously but the lock released at once:
// another process could store a fresh token that the late removal then deleted.
void TestSessionSignOut::rejectedRefreshKeepsTheLockUntilTheEntryIsGone()
{
    MemoryKeychain keychain;
    ProfileStore store(m_dir->filePath(QStringLiteral("s.conf")));
    QNetworkAccessManager nam;
    Session session(&nam, &keychain, &store);
    QVERIFY(signIn(session, m_profile));

    m_idp->behaviour.token = HostileIdp::Token::ErrorBody; // invalid_grant
    keychain.holdRemoves = true;
    std::optional<Result<void>> refreshed;
    session.refresh([&](Result<void> r) { refreshed = r; });
    QTRY_COMPARE(keychain.pendingRemoves(), 1);
    QVERIFY2(lockIsHeld(m_key), "the lock was released before the refused entry was removed");
    QVERIFY(!refreshed.has_value());

    keychain.releaseRemoves();
    QTRY_VERIFY(refreshed.has_value());
    QCOMPARE(refreshed->error().code, QString(Auth::Codes::InvalidGrant));
    QVERIFY(!keychain.contains(m_key));
    QVERIFY(!session.isSignedIn());
    QVERIFY(!lockIsHeld(m_key));
}

// Defect: switching profiles mid-refresh aborted the request and released the lock: the issuer
// had rotated the refresh token, the new one was lost and the saved session died with it.
void TestSessionSignOut::profileSwitchMidRefreshStoresTheRotatedToken()
{
    MemoryKeychain keychain;
    ProfileStore store(m_dir->filePath(QStringLiteral("s.conf")));
    QNetworkAccessManager nam;
    Session session(&nam, &keychain, &store);
    QVERIFY(signIn(session, m_profile));

    m_relay->setOpen(false);
    std::optional<Result<void>> refreshed;
    session.refresh([&](Result<void> r) { refreshed = r; });
    QTRY_COMPARE(m_relay->held(), 1);
    session.setProfile(Profile::genericOidc(QStringLiteral("https://other.example"), kClientId));
    QTRY_VERIFY(refreshed.has_value());
    QCOMPARE(refreshed->error().code, QString(Auth::Codes::ProfileChanged));
    QVERIFY(lockIsHeld(m_key));

    m_relay->setOpen(true);
    QTRY_VERIFY_WITH_TIMEOUT(!lockIsHeld(m_key), 10000);
    QCOMPARE(storedRefreshToken(keychain, m_key), m_idp->issuedRefreshTokens().last());
}

QTEST_GUILESS_MAIN(TestSessionSignOut)
#include "tst_session_signout.moc"
