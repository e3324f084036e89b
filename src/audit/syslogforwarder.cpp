#include "audit/syslogforwarder.h"

#include "audit/auditerrors.h"
#include "audit/durablefile.h"

#include <QCoreApplication>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace RestoreDesk::Audit {

namespace {

constexpr int kFacilityLogAudit = 13;
constexpr int kSeverityWarning = 4;
constexpr int kSeverityNotice = 5;

Error forwardError(const QString &target, const QString &detail)
{
    return Error::make(Error::Kind::Io, Codes::ForwardFailed, QStringLiteral("%1: %2").arg(target, detail),
                       { target });
}

// PRINTUSASCII without spaces, at most `max` characters; "-" when empty (RFC 5424 NILVALUE).
QByteArray headerField(const QString &value, int max)
{
    QByteArray out;
    for (const QChar c : value) {
        if (out.size() >= max)
            break;
        if (c.unicode() >= 33 && c.unicode() <= 126)
            out += char(c.unicode());
    }
    return out.isEmpty() ? QByteArray("-") : out;
}

QByteArray paramValue(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '"' || c == '\\' || c == ']')
            out += '\\';
        out += c;
    }
    return out;
}

} // namespace

SyslogForwarder::SyslogForwarder(QString target, int fd, QByteArray address)
    : m_target(std::move(target))
    , m_fd(fd)
    , m_address(std::move(address))
{ }

SyslogForwarder::~SyslogForwarder()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Result<std::shared_ptr<SyslogForwarder>> SyslogForwarder::create(const QString &target)
{
    QByteArray address;
    int family = AF_UNIX;
    if (target.startsWith(QLatin1String("udp:"))) {
        const QString rest = target.mid(4);
        const int colon = int(rest.lastIndexOf(QLatin1Char(':')));
        bool ok = false;
        const uint port = colon > 0 ? rest.mid(colon + 1).toUInt(&ok) : 0;
        QString host = rest.left(colon);
        if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
            host = host.mid(1, host.size() - 2);
        if (!ok || port == 0 || port > 65535)
            return forwardError(target, QStringLiteral("expected udp:HOST:PORT"));
        sockaddr_in v4 {};
        sockaddr_in6 v6 {};
        if (::inet_pton(AF_INET, host.toLatin1().constData(), &v4.sin_addr) == 1) {
            v4.sin_family = AF_INET;
            v4.sin_port = htons(quint16(port));
            address = QByteArray(reinterpret_cast<const char *>(&v4), sizeof v4);
            family = AF_INET;
        } else if (::inet_pton(AF_INET6, host.toLatin1().constData(), &v6.sin6_addr) == 1) {
            v6.sin6_family = AF_INET6;
            v6.sin6_port = htons(quint16(port));
            address = QByteArray(reinterpret_cast<const char *>(&v6), sizeof v6);
            family = AF_INET6;
        } else {
            return forwardError(target, QStringLiteral("the host must be a numeric address"));
        }
    } else {
        const QString path = target.startsWith(QLatin1String("unix:")) ? target.mid(5) : target;
        const QByteArray native = path.toLocal8Bit();
        sockaddr_un un {};
        if (native.isEmpty() || native.size() >= int(sizeof un.sun_path))
            return forwardError(target, QStringLiteral("expected unix:PATH or udp:HOST:PORT"));
        un.sun_family = AF_UNIX;
        std::memcpy(un.sun_path, native.constData(), size_t(native.size()));
        address = QByteArray(reinterpret_cast<const char *>(&un), sizeof un);
    }
    const int fd = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return forwardError(target, DurableFile::errnoText(errno));
    return std::shared_ptr<SyslogForwarder>(new SyslogForwarder(target, fd, address));
}

QByteArray SyslogForwarder::format(const Record &record, qint64 pid)
{
    const bool warning = record.type == EventType::Integrity || record.outcome == Outcome::Refused
        || record.outcome == Outcome::Failed || record.outcome == Outcome::Denied;
    const int pri = kFacilityLogAudit * 8 + (warning ? kSeverityWarning : kSeverityNotice);
    QByteArray m = '<' + QByteArray::number(pri) + ">1 ";
    m += record.time.toUTC().toString(Qt::ISODateWithMs).toLatin1() + ' ';
    m += headerField(record.host, 255) + ' ';
    m += "restoredesk " + QByteArray::number(pid) + ' ';
    m += headerField(record.type, 32) + ' ';
    m += "[restoredesk@32473 seq=\"" + QByteArray::number(record.seq) + "\" outcome=\""
        + paramValue(record.outcome) + "\" hash=\"" + paramValue(record.hash) + "\"] ";
    m += "\xEF\xBB\xBF"; // BOM: the message is UTF-8 (RFC 5424 section 6.4)
    m += record.raw;
    return m;
}

Result<void> SyslogForwarder::send(const Record &record)
{
    const QByteArray message = format(record, QCoreApplication::applicationPid());
    const ssize_t n
        = ::sendto(m_fd, message.constData(), size_t(message.size()), MSG_NOSIGNAL,
                   reinterpret_cast<const sockaddr *>(m_address.constData()), socklen_t(m_address.size()));
    if (n != message.size())
        return forwardError(m_target, n < 0 ? DurableFile::errnoText(errno) : QStringLiteral("short send"));
    return {};
}

} // namespace RestoreDesk::Audit
