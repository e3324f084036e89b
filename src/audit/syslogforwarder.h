#pragma once

#include "audit/record.h"
#include "core/result.h"

#include <memory>

namespace RestoreDesk::Audit {

// Sends a copy of every audit record to syslog as an RFC 5424 message, so a SIEM keeps records an
// attacker on this machine cannot reach: facility 13 ("log audit"), severity notice (warning for
// refused, failed, denied and integrity events), MSGID = the event type, structured data
// [restoredesk@32473 seq=… outcome=… hash=…] (32473 is the documentation enterprise number of
// RFC 5612; use your own where it matters), and the record's JSON line as the message.
// Targets: "unix:/dev/log" (or any datagram socket path) and "udp:HOST:PORT" with a numeric
// IPv4/IPv6 address. Best effort: a datagram that cannot be sent is an Error for the caller to
// show, never a reason to refuse an action. Owned by the AuditLog's owner; one thread at a time.
class SyslogForwarder
{
public:
    static Result<std::shared_ptr<SyslogForwarder>> create(const QString &target);
    ~SyslogForwarder();
    SyslogForwarder(const SyslogForwarder &) = delete;
    SyslogForwarder &operator=(const SyslogForwarder &) = delete;

    Result<void> send(const Record &record);
    QString target() const { return m_target; }

    // The RFC 5424 message for a record (pure; tested on its own).
    static QByteArray format(const Record &record, qint64 pid);

private:
    SyslogForwarder(QString target, int fd, QByteArray address);
    QString m_target;
    int m_fd = -1;
    QByteArray m_address; // a sockaddr_* of the target
};

} // namespace RestoreDesk::Audit
