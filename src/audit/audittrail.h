#pragma once

#include "audit/auditlog.h"
#include "audit/record.h"

#include <QObject>

#include <memory>
#include <optional>

namespace RestoreDesk::Audit {

// A written record an outcome can refer to.
struct RecordRef
{
    qint64 seq = 0;
    QString type;
    Identity identity;
    QString target;
    QStringList correlationIds;
    bool isValid() const { return seq > 0; }
};

// The recorder the GUI and the CLI use. For an action that changes something (restore, cancel):
//   auto ref = trail.requested(EventType::Restore, identity, itemId, params, reason);
//   if (!ref) → refuse the action, show Text::describe(ref.error());   // fail closed
//   … send the request …
//   trail.outcome(*ref, Outcome::Accepted, { correlationId });
// requested() returns only after the record is fsync'd. For what happened without a "before"
// (sign-in, refresh, a denied permission check), event(). A failure is also reported through
// failed() and isWritable(), so views can show a warning while browsing goes on. Owns its
// AuditLog; lives on one thread (the GUI thread in the app); each call blocks for one fsync.
class AuditTrail : public QObject
{
    Q_OBJECT

public:
    explicit AuditTrail(std::unique_ptr<AuditLog> log, QObject *parent = nullptr);
    ~AuditTrail() override;

    Result<RecordRef> requested(const QString &type, const Identity &identity, const QString &target,
                                const QJsonObject &params, const QString &reason,
                                const QStringList &correlationIds = {});
    Result<RecordRef> outcome(const RecordRef &ref, const QString &outcome,
                              const QStringList &correlationIds = {}, const QJsonObject &params = {});
    Result<RecordRef> event(const QString &type, const QString &outcome, const Identity &identity,
                            const QString &target = {}, const QJsonObject &params = {},
                            const QStringList &correlationIds = {});
    Result<RecordRef> append(Record record);

    // Opens the log now (recovering a torn tail) and checks it can be written.
    Result<void> check();
    bool isWritable() const { return !m_lastError.has_value(); }
    std::optional<Error> lastError() const { return m_lastError; }
    AuditLog &log() { return *m_log; }

Q_SIGNALS:
    void recorded(const RestoreDesk::Audit::Record &record);
    void failed(const RestoreDesk::Error &error);
    void writableChanged(bool writable);

private:
    void setError(std::optional<Error> error);

    std::unique_ptr<AuditLog> m_log;
    std::optional<Error> m_lastError;
};

} // namespace RestoreDesk::Audit
