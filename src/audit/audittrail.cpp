#include "audit/audittrail.h"

#include "audit/auditerrors.h"
#include "audit/durablefile.h"

#include <QFileInfo>

#include <unistd.h>

namespace RestoreDesk::Audit {

AuditTrail::AuditTrail(std::unique_ptr<AuditLog> log, QObject *parent)
    : QObject(parent)
    , m_log(std::move(log))
{
    qRegisterMetaType<RestoreDesk::Audit::Record>();
    qRegisterMetaType<RestoreDesk::Error>();
}

AuditTrail::~AuditTrail() = default;

void AuditTrail::setError(std::optional<Error> error)
{
    const bool was = isWritable();
    m_lastError = std::move(error);
    if (m_lastError)
        Q_EMIT failed(*m_lastError);
    if (was != isWritable())
        Q_EMIT writableChanged(isWritable());
}

Result<RecordRef> AuditTrail::append(Record record)
{
    auto written = m_log->append(std::move(record));
    if (!written) {
        setError(written.error());
        return written.error();
    }
    setError(std::nullopt);
    for (const Record &incident : m_log->lastIncidents())
        Q_EMIT recorded(incident);
    Q_EMIT recorded(written.value());
    const Record &r = written.value();
    return RecordRef { r.seq, r.type, r.identity, r.target, r.correlationIds };
}

Result<RecordRef> AuditTrail::requested(const QString &type, const Identity &identity, const QString &target,
                                        const QJsonObject &params, const QString &reason,
                                        const QStringList &correlationIds)
{
    Record r;
    r.type = type;
    r.outcome = Outcome::Requested;
    r.identity = identity;
    r.target = target;
    r.params = params;
    r.reason = reason;
    r.correlationIds = correlationIds;
    return append(std::move(r));
}

Result<RecordRef> AuditTrail::outcome(const RecordRef &ref, const QString &outcome,
                                      const QStringList &correlationIds, const QJsonObject &params)
{
    Record r;
    r.type = ref.type;
    r.outcome = outcome;
    r.identity = ref.identity;
    r.target = ref.target;
    r.params = params;
    r.ref = ref.seq;
    r.correlationIds = ref.correlationIds;
    for (const QString &id : correlationIds) {
        if (!r.correlationIds.contains(id))
            r.correlationIds << id;
    }
    return append(std::move(r));
}

Result<RecordRef> AuditTrail::event(const QString &type, const QString &outcome, const Identity &identity,
                                    const QString &target, const QJsonObject &params,
                                    const QStringList &correlationIds)
{
    Record r;
    r.type = type;
    r.outcome = outcome;
    r.identity = identity;
    r.target = target;
    r.params = params;
    r.correlationIds = correlationIds;
    return append(std::move(r));
}

Result<void> AuditTrail::check()
{
    auto opened = m_log->open();
    if (opened) {
        const QString current = m_log->path();
        const QString probe = QFileInfo::exists(current) ? current : m_log->files().directory();
        if (::access(QFile::encodeName(probe).constData(), W_OK) != 0)
            opened = Error::make(Error::Kind::Io, Codes::NotWritable,
                                 probe + QStringLiteral(": ") + DurableFile::errnoText(errno), { current });
    }
    setError(opened ? std::nullopt : std::optional<Error>(opened.error()));
    if (opened) {
        for (const Record &incident : m_log->lastIncidents())
            Q_EMIT recorded(incident);
    }
    return opened;
}

} // namespace RestoreDesk::Audit
