#include "audit/durablefile.h"

#include "audit/auditerrors.h"

#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace RestoreDesk::Audit::DurableFile {

namespace {

Error ioError(QLatin1String code, const QString &path, int error)
{
    return Error::make(Error::Kind::Io, code, QStringLiteral("%1: %2").arg(path, errnoText(error)), { path });
}

bool writeAll(int fd, const char *data, qsizetype size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

Result<void> writeNew(const QString &path, const QByteArray &data, QLatin1String code, int flags)
{
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);
    if (fd < 0)
        return ioError(code, path, errno);
    if (!writeAll(fd, data.constData(), data.size()) || ::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        ::unlink(name.constData());
        return ioError(code, path, error);
    }
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(name.constData());
        return ioError(code, path, error);
    }
    return {};
}

} // namespace

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

Result<void> syncDirectory(const QString &directory)
{
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return ioError(Codes::SyncFailed, directory, errno);
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0 && error != EINVAL) // some file systems cannot fsync a folder; nothing to do then
        return ioError(Codes::SyncFailed, directory, error);
    return {};
}

Result<void> replace(const QString &path, const QByteArray &data, QLatin1String errorCode)
{
    const QString temporary = path + QStringLiteral(".tmp");
    auto written = writeNew(temporary, data, errorCode, O_TRUNC);
    if (!written)
        return written;
    if (::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) != 0) {
        const int error = errno;
        ::unlink(QFile::encodeName(temporary).constData());
        return ioError(errorCode, path, error);
    }
    return syncDirectory(QFileInfo(path).absolutePath());
}

Result<void> create(const QString &path, const QByteArray &data, QLatin1String errorCode)
{
    auto written = writeNew(path, data, errorCode, O_EXCL);
    if (!written)
        return written;
    return syncDirectory(QFileInfo(path).absolutePath());
}

Result<QByteArray> readTail(const QString &path, qint64 maxBytes, qint64 *offset, qint64 *fileSize)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ioError(Codes::ReadFailed, path, errno);
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0) {
        const int error = errno;
        ::close(fd);
        return ioError(Codes::ReadFailed, path, error);
    }
    const qint64 size = st.st_size;
    const qint64 start = size > maxBytes ? size - maxBytes : 0;
    QByteArray bytes(size - start, Qt::Uninitialized);
    qint64 done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pread(fd, bytes.data() + done, size_t(bytes.size() - done), off_t(start + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : EIO;
            ::close(fd);
            return ioError(Codes::ReadFailed, path, error);
        }
        done += n;
    }
    ::close(fd);
    *offset = start;
    *fileSize = size;
    return bytes;
}

} // namespace RestoreDesk::Audit::DurableFile
