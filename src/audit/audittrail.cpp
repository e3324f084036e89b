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
    connect(&m_recheck, &QTimer::timeout, this, [this] { check(); });
}

AuditTrail::~AuditTrail() = default;

void AuditTrail::setRecheckInterval(int milliseconds)
{
    m_recheck.setInterval(milliseconds);
    if (milliseconds <= 0)
        m_recheck.stop();
    else if (!isWritable())
        m_recheck.start();
}

void AuditTrail::setError(std::optional<Error> error)
{
    const bool was = isWritable();
    m_lastError = std::move(error);
    if (m_lastError)
        Q_EMIT failed(*m_lastError);
    if (isWritable())
        m_recheck.stop();
    else if (m_recheck.interval() > 0 && !m_recheck.isActive())
        m_recheck.start();
    if (was != isWritable())
        Q_EMIT writableChanged(isWritable());
}

Result<Record> AuditTrail::write(Record record)
{
    auto written = m_log->append(std::move(record));
    if (!written) {
        setError(written.error());
        return written.error();
    }
    for (const Record &incident : m_log->lastIncidents())
        Q_EMIT recorded(incident);
    Q_EMIT recorded(written.value());
    return written;
}

Result<void> AuditTrail::noteResumed()
{
    // What was not recorded while the log could not be written is itself a fact of the record:
    // the period, how many writes failed (actions refused, events lost) and the first reason.
    Record note;
    note.type = EventType::Integrity;
    note.outcome = Outcome::Noted;
    note.params = QJsonObject { { QStringLiteral("kind"), QStringLiteral("write-resumed") },
                                { QStringLiteral("since"), m_failingSince.toString(Qt::ISODateWithMs) },
                                { QStringLiteral("failedWrites"), m_failedWrites },
                                { QStringLiteral("error"), m_firstFailure } };
    auto written = write(std::move(note));
    if (!written)
        return written.error();
    m_failingSince = QDateTime();
    m_failedWrites = 0;
    m_firstFailure.clear();
    return {};
}

Result<RecordRef> AuditTrail::append(Record record)
{
    if (m_failedWrites > 0) {
        auto noted = noteResumed();
        if (!noted) {
            ++m_failedWrites; // this record is not written either
            return noted.error();
        }
    }
    auto written = write(std::move(record));
    if (!written) {
        if (m_failedWrites++ == 0) {
            m_failingSince = m_log->clock()().toUTC();
            m_firstFailure = written.error().code;
        }
        return written.error();
    }
    setError(std::nullopt);
    const Record &r = written.value();
    return RecordRef { r.seq, r.type, r.identity, r.target, r.correlationIds };
}

Result<RecordRef> AuditTrail::requested(const QString &type, const Identity &identity, const QString &target,
                                        const QJsonObject &params, const QString &reason,
                                        const QStringList &correlationIds)
{
    // An action nobody can be named for is a caller's mistake; refusing it keeps the promise that
    // every change on record says who made it.
    if (identity.subject.isEmpty() && identity.objectId.isEmpty())
        return Error::make(Error::Kind::Internal, Codes::NoIdentity, QStringLiteral("requested %1").arg(type),
                           { type });
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
    if (opened) {
        for (const Record &incident : m_log->lastIncidents())
            Q_EMIT recorded(incident);
    }
    // After failed writes, only a record that reaches the disk proves the log takes them again
    // (a full disk still opens and still says "writable").
    if (opened && m_failedWrites > 0)
        opened = noteResumed();
    setError(opened ? std::nullopt : std::optional<Error>(opened.error()));
    return opened;
}

} // namespace RestoreDesk::Audit
