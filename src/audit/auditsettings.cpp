#include "audit/auditsettings.h"

#include "audit/logfiles.h"

#include <QSettings>

namespace RestoreDesk::Audit {

AuditSettings AuditSettings::load(QSettings &settings)
{
    AuditSettings s;
    settings.beginGroup(QStringLiteral("audit"));
    s.path = settings.value(QStringLiteral("path")).toString();
    s.maxFileBytes = settings.value(QStringLiteral("maxFileBytes"), s.maxFileBytes).toLongLong();
    s.forward = settings.value(QStringLiteral("forward")).toString();
    settings.endGroup();
    if (qEnvironmentVariableIsSet("RESTOREDESK_AUDIT_LOG"))
        s.path = qEnvironmentVariable("RESTOREDESK_AUDIT_LOG");
    if (qEnvironmentVariableIsSet("RESTOREDESK_AUDIT_FORWARD"))
        s.forward = qEnvironmentVariable("RESTOREDESK_AUDIT_FORWARD");
    if (s.path.isEmpty())
        s.path = LogFiles::defaultPath();
    return s;
}

} // namespace RestoreDesk::Audit
