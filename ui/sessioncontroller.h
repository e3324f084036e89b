#pragma once

#include "audit/audittrail.h"
#include "auth/profile.h"
#include "auth/signoutreport.h"

#include <QObject>

class QAction;

namespace RestoreDesk {

namespace Auth {
class Session;
} // namespace Auth

class IdentityPage;
class MainWindow;
class SignInPage;

// Sign-in and sign-out from the console: drives the sign-in page and the identity page, opens
// the system browser (or this machine's browser command for the profile) only once the loopback
// listener is up, offers "retry after unlocking" / "this session only" whenever the keychain is
// locked (at start too), reports a sign-out part by part, and records in the audit trail, under
// the verified identity, sign-in (requested, then succeeded/failed/cancelled), sign-out
// (requested, then what the report says), a resumed session and every refresh (or its failure).
// A record that cannot be written does not stop any of these (the trail's own warning shows it).
// GUI thread; owned by the composition root.
class SessionController : public QObject
{
    Q_OBJECT

public:
    SessionController(MainWindow *window, Auth::Session *session, QObject *parent = nullptr);

    // Overrides every profile's browser command (the --browser-command switch).
    void setBrowserCommand(const QStringList &argv) { m_browserCommand = argv; }
    // Where the session's events are recorded (nullptr: nowhere).
    void setAuditTrail(Audit::AuditTrail *trail) { m_trail = trail; }
    // Who is signed in, as the audit log names them (issuer, subject, oid, username, tenant from
    // the ID token's claims); empty when nobody is.
    Audit::Identity auditIdentity() const;
    // Switches the session to `profile` (no mixed data) and tries a silent resume.
    void useProfile(const Auth::Profile &profile);

    void signIn();
    void signOut(bool alsoInBrowser);
    static QString signOutText(const Auth::SignOutReport &report);

    // What the window shows once signed in (the console); the identity page when none is set.
    void setHomePage(QWidget *page) { m_home = page; }
    void showHome();

    SignInPage *signInPage() const { return m_signInPage; }
    IdentityPage *identityPage() const { return m_identityPage; }
    QAction *signOutAction() const { return m_signOutAction; }
    QAction *signOutEverywhereAction() const { return m_signOutEverywhereAction; }

Q_SIGNALS:
    void signedIn();
    void signedOut();

private:
    void openBrowser(const QUrl &url);
    void resume();
    void refreshViews();
    void offerKeychainChoiceAtStart(const Error &why);
    QJsonObject auditParams(QJsonObject params = {}) const;
    // The "requested" record (invalid when it could not be written), then the outcome that
    // refers to it (a record of its own when the request is not on record).
    Audit::RecordRef recordRequest(const QString &type, const Audit::Identity &who,
                                   const QJsonObject &params);
    void recordOutcome(const Audit::RecordRef &request, const QString &type, const QString &outcome,
                       const Audit::Identity &who, const QJsonObject &params);

    MainWindow *m_window;
    Auth::Session *m_session;
    SignInPage *m_signInPage;
    IdentityPage *m_identityPage;
    QWidget *m_home = nullptr;
    QAction *m_signOutAction = nullptr;
    QAction *m_signOutEverywhereAction = nullptr;
    QStringList m_browserCommand;
    Audit::AuditTrail *m_trail = nullptr;
    Audit::Identity m_lastIdentity; // whom a failed refresh names, after the session forgot them
    quint64 m_resumeGeneration = 0;
    bool m_resuming = false; // the refresh inside a resume is recorded as the resume
};

} // namespace RestoreDesk
