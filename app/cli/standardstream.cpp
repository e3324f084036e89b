#include "standardstream.h"

#include <cerrno>
#include <cstring>

#include <poll.h>
#include <unistd.h>

namespace RestoreDesk::Cli {

namespace {

// Waits until `fd` can take `events` (or has news: an error, a hang-up), resuming after a signal.
// False when the descriptor is not open (errno EBADF) or poll itself failed.
bool waitFor(int fd, short events)
{
    pollfd p { fd, events, 0 };
    for (;;) {
        const int n = ::poll(&p, 1, -1);
        if (n > 0) {
            if ((p.revents & POLLNVAL) != 0) {
                errno = EBADF;
                return false;
            }
            return true; // ready, or an error or hang-up the next call reports
        }
        if (n < 0 && errno != EINTR)
            return false;
    }
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

QByteArray readLineWaiting(int fd, qsizetype limit)
{
    QByteArray line;
    char c = 0;
    while (line.size() < limit && readWaiting(fd, &c, 1) == 1 && c != '\n')
        line.append(c);
    return line;
}

StandardStream::StandardStream(int fd)
    : m_fd(fd)
{
    QIODevice::open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

qint64 StandardStream::writeData(const char *data, qint64 size)
{
    const int failed = writeFully(m_fd, data, size);
    if (failed == 0)
        return size;
    if (m_failure == 0)
        m_failure = failed;
    setErrorString(QString::fromLocal8Bit(std::strerror(failed)));
    return -1;
}

} // namespace RestoreDesk::Cli
