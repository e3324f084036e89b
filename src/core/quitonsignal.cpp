#include "core/quitonsignal.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace RestoreDesk {

namespace {

int g_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    // Only async-signal-safe calls here: the event loop does the rest. The interrupted code's
    // errno is left as it was.
    const int saved = errno;
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
    errno = saved;
}

} // namespace

bool quitOnTerminationSignals(QCoreApplication *app)
{
    if (g_signalPipe[0] >= 0)
        return true;
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, app);
    QObject::connect(notifier, &QSocketNotifier::activated, app, [] {
        char buffer[16];
        while (::read(g_signalPipe[0], buffer, sizeof buffer) > 0) { }
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    // Once only: the first signal asks for the orderly quit; should that be held up (a window
    // refusing to close while a restore is being sent), a second one ends the process as before.
    action.sa_flags = SA_RESTART | SA_RESETHAND;
    bool ok = true;
    for (const int signal : { SIGTERM, SIGINT }) {
        // A signal ignored by whoever started us (SIGINT under nohup or `&`) stays ignored.
        struct sigaction old = {};
        if (::sigaction(signal, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        ok = ::sigaction(signal, &action, nullptr) == 0 && ok;
    }
    return ok;
}

} // namespace RestoreDesk
