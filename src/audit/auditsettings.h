#pragma once

#include <QString>

class QSettings;

namespace RestoreDesk::Audit {

// Where the log is and how it behaves, from the settings group "audit" (path, maxFileBytes,
// forward = "unix:/dev/log" | "udp:HOST:PORT"), overridden by RESTOREDESK_AUDIT_LOG and
// RESTOREDESK_AUDIT_FORWARD. The GUI and the CLI read the same keys, so both write one log.
// Value type, any thread.
struct AuditSettings
{
    QString path; // default: LogFiles::defaultPath()
    qint64 maxFileBytes = qint64(16) << 20;
    QString forward; // empty: no forwarding

    static AuditSettings load(QSettings &settings);
};

} // namespace RestoreDesk::Audit
