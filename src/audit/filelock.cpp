#include "audit/filelock.h"

#include "audit/auditerrors.h"
#include "audit/durablefile.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace RestoreDesk::Audit {

Result<FileLock> FileLock::acquire(const QString &path, int timeoutMs)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error::make(Error::Kind::Io, Codes::LockFailed,
                           QStringLiteral("%1: %2").arg(path, DurableFile::errnoText(errno)), { path });
    return take(fd, path, timeoutMs, LOCK_EX);
}

Result<FileLock> FileLock::acquireShared(const QString &path, int timeoutMs)
{
    const QByteArray name = QFile::encodeName(path);
    int fd = ::open(name.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return FileLock(-1);
    return take(fd, path, timeoutMs, LOCK_SH);
}

Result<FileLock> FileLock::take(int fd, const QString &path, int timeoutMs, int operation)
{
    QElapsedTimer waited;
    waited.start();
    int pause = 1;
    for (;;) {
        if (::flock(fd, operation | LOCK_NB) == 0)
            return FileLock(fd);
        const int error = errno;
        if (error == EINTR)
            continue;
        if (error != EWOULDBLOCK) {
            ::close(fd);
            return Error::make(Error::Kind::Io, Codes::LockFailed,
                               QStringLiteral("%1: %2").arg(path, DurableFile::errnoText(error)), { path });
        }
        if (waited.elapsed() >= timeoutMs) {
            ::close(fd);
            return Error::make(
                Error::Kind::Io, Codes::LockTimeout,
                QStringLiteral("%1 held by another process for %2 ms").arg(path).arg(timeoutMs), { path });
        }
        QThread::msleep(pause);
        pause = qMin(pause * 2, 20);
    }
}

FileLock::FileLock(FileLock &&other) noexcept
    : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

FileLock &FileLock::operator=(FileLock &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

FileLock::~FileLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // closing the last descriptor releases the flock
}

} // namespace RestoreDesk::Audit
