#pragma once

#include "auth/profile.h"
#include "core/error.h"

#include <QJsonObject>
#include <QObject>

#include <optional>

class QMenu;

namespace RestoreDesk {

namespace Audit {
class AuditTrail;
}
namespace Auth {
class ProfileStore;
class Session;
} // namespace Auth

class BuiltInSandbox;
class MainWindow;
class SessionController;

// Which profile the console uses: the built-in Sandbox (started on demand, only when chosen) and
// the saved profiles; the Account menu's new / edit / import (with a preview of what the file
// sets up) / export / switch. Notices go to the page that is showing. Each switch, import, export,
// new and edit is recorded in the audit trail (profile-change, with what and whether it worked)
// under the identity signed in at the time. GUI thread; owned by the composition root.
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
    // Where profile changes are recorded (nullptr: nowhere).
    void setAuditTrail(Audit::AuditTrail *trail) { m_trail = trail; }

    // Account-menu actions, public for tests (they open dialogs).
    void newProfile();
    void editProfile();
    void importProfile(const QString &fileName);
    void exportProfile(const QString &fileName);

private:
    void useSandbox();
    // Saves and switches to `profile`, recording `action` (create, edit, import) with `params`.
    bool saveAndUse(const Auth::Profile &profile, const QString &action, const QJsonObject &params = {});
    void rebuildSwitchMenu();
    void record(const QString &action, const QString &profile, const std::optional<Error> &error,
                QJsonObject params = {});

    MainWindow *m_window;
    Auth::ProfileStore *m_profiles;
    SessionController *m_sessions;
    BuiltInSandbox *m_sandbox;
    QMenu *m_switchMenu = nullptr;
    QString m_current;
    Audit::AuditTrail *m_trail = nullptr;
};

} // namespace RestoreDesk
