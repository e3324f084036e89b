#include "core/processhardening.h"

#include <QtGlobal>

#if defined(Q_OS_UNIX)
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#endif
#if defined(Q_OS_LINUX)
#include <sys/prctl.h>
#endif

namespace RestoreDesk {

bool disableCoreDumps()
{
    bool ok = true;
#if defined(Q_OS_UNIX)
    struct rlimit none = { 0, 0 };
    ok = setrlimit(RLIMIT_CORE, &none) == 0 && ok;
#endif
#if defined(Q_OS_LINUX)
    ok = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && ok;
#endif
    return ok;
}

bool coreDumpsDisabled()
{
    bool disabled = true;
#if defined(Q_OS_UNIX)
    struct rlimit limit = {};
    disabled = getrlimit(RLIMIT_CORE, &limit) == 0 && limit.rlim_cur == 0;
#endif
#if defined(Q_OS_LINUX)
    disabled = disabled && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
#endif
    return disabled;
}

bool ignoreFileSizeSignal()
{
#if defined(Q_OS_UNIX)
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    return sigaction(SIGXFSZ, &ignore, nullptr) == 0;
#else
    return true;
#endif
}

int ensureStandardDescriptors()
{
    int closed = 0;
#if defined(Q_OS_UNIX)
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        closed |= 1 << fd;
        // The lowest free number: `fd` itself, as the ones below it are open by now.
        const int opened = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (opened < 0)
            return -1;
        if (opened != fd) {
            const bool moved = ::dup2(opened, fd) == fd;
            ::close(opened);
            if (!moved)
                return -1;
        }
    }
#endif
    return closed;
}

} // namespace RestoreDesk
