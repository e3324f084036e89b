#pragma once

#include "auth/profile.h"

#include <QObject>

class QMenu;

namespace RestoreDesk {

namespace Auth {
class ProfileStore;
class Session;
} // namespace Auth

class BuiltInSandbox;
class MainWindow;
class SessionController;

// Which profile the console uses: the built-in Sandbox (started on demand, only when chosen) and
// the saved profiles; the Account menu's new / edit / import (with a preview of what the file
// sets up) / export / switch. Notices go to the page that is showing. GUI thread; owned by the
// composition root.
class ProfileController : public QObject
{
    Q_OBJECT

public:
    ProfileController(MainWindow *window, Auth::ProfileStore *profiles, SessionController *sessions,
                      BuiltInSandbox *sandbox, QObject *parent = nullptr);

    static QString sandboxName() { return QStringLiteral("Sandbox"); }
    QStringList profileNames() const;
    // Switches to the profile; the sandbox profile starts the sandbox first when needed.
    void useProfile(const QString &name);
    QString currentName() const { return m_current; }

    // Account-menu actions, public for tests (they open dialogs).
    void newProfile();
    void editProfile();
    void importProfile(const QString &fileName);
    void exportProfile(const QString &fileName);

private:
    void useSandbox();
    void saveAndUse(const Auth::Profile &profile);
    void rebuildSwitchMenu();

    MainWindow *m_window;
    Auth::ProfileStore *m_profiles;
    SessionController *m_sessions;
    BuiltInSandbox *m_sandbox;
    QMenu *m_switchMenu = nullptr;
    QString m_current;
};

} // namespace RestoreDesk
