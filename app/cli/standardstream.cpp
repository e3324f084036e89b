#include "standardstream.h"

#include <cstring>

namespace RestoreDesk::Cli {

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
