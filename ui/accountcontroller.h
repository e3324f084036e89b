#pragma once

#include "audit/auditlog.h"
#include "auth/profile.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

class QAction;
class QMenu;

namespace RestoreDesk {

namespace Auth {
class Session;
class ProfileStore;
} // namespace Auth

class IdentityPage;
class MainWindow;
class SignInPage;

// Connects the session to the window: the sign-in page, the identity page, the status bar's
// identity and expiry countdown, and the Account menu (switch profile, sign out). Opens the
// system browser (or the profile's browser command) only once the listener is up. GUI thread;
// owned by the composition root.
class AccountController : public QObject
{
    Q_OBJECT

public:
    AccountController(MainWindow *window, Auth::Session *session, Auth::ProfileStore *profiles,
                      QObject *parent = nullptr);

    // Profiles that are not saved (the built-in sandbox, whose port changes every start).
    void addTransientProfile(const Auth::Profile &profile);
    void setBrowserCommand(const QStringList &argv) { m_browserCommand = argv; }
    // Sign-in and sign-out are recorded there, before and after they run.
    void setAuditLog(Audit::AuditLog *log) { m_audit = log; }
    // Switches to the profile (no mixed data) and tries a silent resume from the keychain.
    void useProfile(const QString &name);

    SignInPage *signInPage() const { return m_signInPage; }
    IdentityPage *identityPage() const { return m_identityPage; }

private:
    QStringList profileNames() const;
    Result<Auth::Profile> profile(const QString &name) const;
    void signIn();
    void signOut(bool alsoInBrowser = false);
    void openBrowser(const QUrl &url);
    void refreshViews();
    void rebuildMenu();
    void tick();
    Audit::Actor currentActor() const;
    void record(const QString &action, const QString &outcome, const QJsonObject &details = {},
                const std::optional<Audit::Actor> &actor = std::nullopt);
    void newProfile();
    void editProfile();
    void importProfile();
    void exportProfile();
    void saveProfile(const Auth::Profile &profile);

    MainWindow *m_window;
    Auth::Session *m_session;
    Auth::ProfileStore *m_profiles;
    QList<Auth::Profile> m_transient;
    QStringList m_browserCommand;
    SignInPage *m_signInPage;
    IdentityPage *m_identityPage;
    QMenu *m_switchMenu = nullptr;
    QAction *m_signOutAction = nullptr;
    QAction *m_signOutEverywhereAction = nullptr;
    QTimer m_countdown;
    Audit::AuditLog *m_audit = nullptr;
};

} // namespace RestoreDesk
