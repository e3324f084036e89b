#pragma once

#include "auditalertpresenter.h"
#include "auditcontroller.h"
#include "consolepage.h"
#include "estatecontroller.h"
#include "identitycontroller.h"
#include "restorecontroller.h"

namespace RestoreDesk {

class MainWindow;
class SessionController;

namespace Auth {
class Session;
}

// The console a signed-in operator sees — the console page with its navigation, the estate, the
// audit log and its alert, the identity views and restores — as one part of the window, built
// once after the window's first paint: none of it is on the first page shown (the sign-in page),
// and building it (a dozen pages, panels and models) would otherwise delay that page. Built before
// any profile starts, so before any sign-in can end. GUI thread; owned by main().
struct ConsoleParts
{
    ConsoleParts(MainWindow *window, SessionController *sessions, Auth::Session *session,
                 Audit::AuditTrail *trail);
    ConsoleParts(const ConsoleParts &) = delete;
    ConsoleParts &operator=(const ConsoleParts &) = delete;

    ConsolePage console;
    EstateController estate;
    AuditController audit;
    AuditAlertPresenter auditAlert;
    IdentityController identity;
    RestoreController restores;
};

} // namespace RestoreDesk
