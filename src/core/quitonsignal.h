#pragma once

class QCoreApplication;

namespace RestoreDesk {

// SIGTERM and SIGINT end `app`'s event loop through QCoreApplication::quit() instead of killing
// the process where it stands, so a stop asked by the session, a service manager or a script
// runs the same shutdown as closing the window (state saved, restores left to the next start,
// files closed) and the process exits 0. The handler only writes a byte to a pipe; the quit
// happens on the event loop (a QSocketNotifier child of `app`). Call once, from main(), after the
// application object exists. Returns false when the pipe or the handlers could not be set up (the
// signals then keep their default action).
bool quitOnTerminationSignals(QCoreApplication *app);

} // namespace RestoreDesk
