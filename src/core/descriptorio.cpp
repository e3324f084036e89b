#include "core/descriptorio.h"

#include <cerrno>

#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace RestoreDesk {

namespace {

// Polls `fd` for `events` until poll reports something, resuming after a signal: what it reported
// (an error or a hang-up included), or 0 when poll itself failed (errno says why).
short pollFor(int fd, short events)
{
    pollfd p { fd, events, 0 };
    for (;;) {
        const int n = ::poll(&p, 1, -1);
        if (n > 0)
            return p.revents;
        if (n < 0 && errno != EINTR)
            return 0;
    }
}

// Waits until `fd` can take `events` (or has news: an error, a hang-up, which the next call
// reports). False when the descriptor is not open (errno EBADF) or poll itself failed.
bool waitFor(int fd, short events)
{
    const short reported = pollFor(fd, events);
    if ((reported & POLLNVAL) != 0)
        errno = EBADF;
    return reported != 0 && (reported & POLLNVAL) == 0;
}

// On a terminal that hands over keys, read() also gives 0 when no key came in time (VMIN 0): waits
// for one. False when the terminal is gone (a hang-up: poll then says POLLHUP, with POLLIN, and
// every read gives 0) or cannot be waited on: the input's end.
bool waitForKey(int fd)
{
    const short reported = pollFor(fd, POLLIN);
    return (reported & POLLIN) != 0 && (reported & (POLLHUP | POLLERR | POLLNVAL)) == 0;
}

// Whether terminal `fd` hands over each key as it is typed (raw or cbreak mode, as a parent may
// have left it): Enter comes as '\r', and Ctrl-C and Ctrl-D as bytes, not as a signal or an end.
bool handsOverKeys(int fd)
{
    termios mode {};
    return ::tcgetattr(fd, &mode) == 0 && (mode.c_lflag & ICANON) == 0;
}

} // namespace

int writeFully(int fd, const char *data, qint64 size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n > 0) {
            data += n;
            size -= n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!waitFor(fd, POLLOUT))
                return errno;
            continue;
        }
        return n < 0 ? errno : EIO; // a write of nothing: nothing more will go
    }
    return 0;
}

qint64 readWaiting(int fd, char *data, qint64 size)
{
    for (;;) {
        const ssize_t n = ::read(fd, data, size_t(size));
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if ((errno != EAGAIN && errno != EWOULDBLOCK) || !waitFor(fd, POLLIN))
            return -1;
    }
}

LineRead readLineWaiting(int fd, qsizetype limit)
{
    const bool terminal = ::isatty(fd) == 1;
    const bool keys = terminal && handsOverKeys(fd);
    LineRead r;
    bool waitedForKey = false;
    for (;;) {
        if (r.line.size() >= limit) {
            r.end = LineRead::End::TooLong;
            return r;
        }
        char c = 0;
        const qint64 n = readWaiting(fd, &c, 1);
        if (n > 0)
            waitedForKey = false;
        if (n < 0) {
            r.error = errno;
            r.end = LineRead::End::Error;
            return r;
        }
        // A key said to be there, then none read: the input's end after all (never a loop).
        if (n == 0 && keys && !waitedForKey && waitForKey(fd)) {
            waitedForKey = true;
            continue;
        }
        if (n == 0) {
            // On a terminal, an end in the middle of a line is Ctrl-D typed there (or the terminal
            // hung up), not an answer given: only a pipe's or a file's last line may lack '\n'.
            r.end = terminal && !r.line.isEmpty() ? LineRead::End::Interrupted : LineRead::End::EndOfInput;
            return r;
        }
        if (c == '\n' || (keys && c == '\r')) {
            r.end = LineRead::End::Newline;
            return r;
        }
        if (keys && (c == '\x03' || c == '\x04')) {
            r.end = LineRead::End::Interrupted;
            return r;
        }
        r.line.append(c);
    }
}

} // namespace RestoreDesk
