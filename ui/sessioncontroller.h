#pragma once

#include "audit/auditlog.h"
#include "auth/profile.h"
#include "auth/signoutreport.h"

#include <QObject>

#include <optional>

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
// locked (at start too), reports a sign-out part by part, and records sign-in and sign-out in
// the audit log. GUI thread; owned by the composition root.
class SessionController : public QObject
{
    Q_OBJECT

public:
    SessionController(MainWindow *window, Auth::Session *session, QObject *parent = nullptr);

    // Overrides every profile's browser command (the --browser-command switch).
    void setBrowserCommand(const QStringList &argv) { m_browserCommand = argv; }
    void setAuditLog(Audit::AuditLog *log) { m_audit = log; }
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
    Audit::Actor currentActor() const;
    void record(const QString &action, const QString &outcome, const QJsonObject &details = {},
                const std::optional<Audit::Actor> &actor = std::nullopt);

    MainWindow *m_window;
    Auth::Session *m_session;
    SignInPage *m_signInPage;
    IdentityPage *m_identityPage;
    QWidget *m_home = nullptr;
    QAction *m_signOutAction = nullptr;
    QAction *m_signOutEverywhereAction = nullptr;
    QStringList m_browserCommand;
    Audit::AuditLog *m_audit = nullptr;
};

} // namespace RestoreDesk
