#include "consoleparts.h"

#include "identitypage.h"
#include "mainwindow.h"
#include "sessioncontroller.h"

namespace RestoreDesk {

namespace {

// The console page, in the window and home of the session, before the controllers fill it.
ConsolePage *placed(ConsolePage *console, MainWindow *window, SessionController *sessions)
{
    window->addPage(console);
    sessions->setHomePage(console);
    // The identity page under its own section, the estate and the audit log beside it.
    console->addSection(QStringLiteral("identity"), QObject::tr("Identity"));
    console->addPage(QStringLiteral("identity"), QStringLiteral("identity/me"), QObject::tr("Who am I"),
                     sessions->identityPage());
    return console;
}

} // namespace

ConsoleParts::ConsoleParts(MainWindow *window, SessionController *sessions, Auth::Session *session,
                           Audit::AuditTrail *trail)
    : estate(placed(&console, window, sessions))
    , audit(&console, trail)
    , auditAlert(window, &console, trail)
    // Claims, "Access here" (the scope selected under Estate) and federated credentials.
    , identity(&console, session)
    // Restores: the wizard, the job pages and the restores left by an earlier run (resumed at
    // sign-in), every step through the audit trail under the signed-in identity.
    , restores(window, &console, &estate, trail)
{
    audit.setIdentitySource([sessions] { return sessions->auditIdentity(); });
    restores.setIdentitySource([sessions] { return sessions->auditIdentity(); });
}

} // namespace RestoreDesk
