#include "redactingdevice.h"

#include "core/redact.h"

namespace RestoreDesk::Cli {

RedactingDevice::RedactingDevice(int fd)
    : m_out(fd)
{
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

RedactingDevice::~RedactingDevice()
{
    close();
}

void RedactingDevice::close()
{
    emitLines(true);
    QIODevice::close();
}

qint64 RedactingDevice::writeData(const char *data, qint64 size)
{
    m_pending.append(data, size);
    emitLines(false);
    return size;
}

void RedactingDevice::emitLines(bool all)
{
    const qsizetype end = all ? m_pending.size() : m_pending.lastIndexOf('\n') + 1;
    if (end <= 0)
        return;
    const QString text = QString::fromUtf8(m_pending.left(end));
    m_pending.remove(0, end);
    const QByteArray bytes = redactSecrets(text).toUtf8();
    if (m_out.write(bytes) != bytes.size())
        m_writeFailed = true;
}

} // namespace RestoreDesk::Cli
