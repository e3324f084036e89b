#pragma once

class QCoreApplication;

namespace RestoreDesk {

// SIGTERM and SIGINT end `app`'s event loop through QCoreApplication::quit() instead of killing
// the process where it stands, so a stop asked by the session, a service manager or a script
// runs the same shutdown as closing the window (state saved, restores left to the next start,
// files closed) and the process exits 0. The handler only writes a byte to a pipe; the quit
// happens on the event loop (a QSocketNotifier child of `app`). Call once, from main(), after the
// application object exists. Each handler acts once: a second signal has the default action (so a
// quit held up by a window that refuses to close can still be forced). A signal the process was
// started with ignored (SIGINT under nohup) stays ignored. Returns false when the pipe or the
// handlers could not be set up (the signals then keep their default action).
bool quitOnTerminationSignals(QCoreApplication *app);

} // namespace RestoreDesk
