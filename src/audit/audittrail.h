#pragma once

#include "audit/auditlog.h"
#include "audit/record.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace RestoreDesk::Audit {

// A written record an outcome can refer to. An outcome may name another identity than the
// request (a sign-in is requested by nobody yet and succeeds as someone): copy the ref and set it.
struct RecordRef
{
    qint64 seq = 0;
    QString type;
    Identity identity;
    QString target;
    QStringList correlationIds;
    bool isValid() const { return seq > 0; }
};

// The recorder the GUI and the CLI use, and the one place that answers "may I act?".
//
// The contract for an action that changes something (restore, cancel, any write):
//   auto ref = trail.requested(EventType::Restore, identity, itemId, params, reason);
//   if (!ref) → do not send it; show Text::describe(ref.error());        // fail closed
//   … send the request …
//   trail.outcome(*ref, Outcome::Accepted, { correlationId });
// requested() returns a value only once the record is on disk (written and fsync'd, anchor
// updated); on a full disk, a file-size limit, a read-only or missing folder, a lock held too long
// or an empty identity it returns an Error, and the action must not happen. It always tries the
// disk (it never answers from an earlier failure), so the first request after space was freed
// succeeds. isWritable()/lastError()/writableChanged() are for showing the state (a warning, a
// disabled button with its reason); they never replace checking requested()'s result.
//
// What happened without a "before" (sign-in, refresh, a denied permission check) goes through
// event(). Every failure is also reported through failed() and writableChanged(false), so views
// can warn while browsing goes on. After a failure, the first record that can be written again is
// preceded by an integrity record saying since when writes failed, how many and why; check()
// (also run every recheck interval while failing, when one is set) writes exactly that, so the
// state clears without waiting for the next action. Owns its AuditLog; lives on one thread (the GUI
// thread in the app); each call blocks for one fsync.
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

    // Opens the log now (recovering a torn tail) and checks it can be written; after failed
    // writes, writes the integrity record for the failed period (only a record on disk proves the
    // log takes records again). Success makes the trail writable.
    Result<void> check();
    // How often check() runs by itself while the log cannot be written; 0 (default): never.
    void setRecheckInterval(int milliseconds);

    bool isWritable() const { return !m_lastError.has_value(); }
    std::optional<Error> lastError() const { return m_lastError; }
    int failedWrites() const { return m_failedWrites; }
    AuditLog &log() { return *m_log; }

Q_SIGNALS:
    void recorded(const RestoreDesk::Audit::Record &record);
    void failed(const RestoreDesk::Error &error);
    void writableChanged(bool writable);

private:
    Result<Record> write(Record record);
    Result<void> noteResumed();
    void setError(std::optional<Error> error);

    std::unique_ptr<AuditLog> m_log;
    std::optional<Error> m_lastError;
    QDateTime m_failingSince; // the first failed write since the log last took a record
    int m_failedWrites = 0;
    QString m_firstFailure; // its code
    QTimer m_recheck;
};

} // namespace RestoreDesk::Audit
