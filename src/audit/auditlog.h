#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace RestoreDesk::Audit {

// Who did something, as the verified identity says (never a token).
struct Actor
{
    QString issuer;
    QString subject;
    QString objectId;
    QString username;
    QString name;
    QJsonObject toJson() const;
};

// One operator action, recorded before and after it runs (outcome "started", then
// "succeeded" / "failed"), with the target resource and the correlation id the service saw.
struct Entry
{
    QString action; // e.g. "sign-in", "restore", "cancel-job"
    QString outcome; // started, succeeded, failed
    Actor actor;
    QString target;
    QString correlationId;
    QJsonObject details; // free-form; strings are passed through redactSecrets()
};

// The append-only, hash-chained audit log: one JSON object per line; each line carries the
// SHA-256 of the previous line's hash and its own content, so editing, removing or reordering
// any line breaks the chain from there on. Appends are flushed before they return; a failure
// (full disk, read-only file) is an Error and the entry is not half-written in the chain.
// Not thread-safe: one writer, on one thread. verify() is a pure function for any thread.
class AuditLog
{
public:
    explicit AuditLog(QString path);

    // Reads the tail to continue the chain; a missing file is a new, empty log.
    Result<void> open();
    Result<void> append(const Entry &entry);

    QString path() const { return m_path; }
    qint64 entries() const { return m_seq; }

    struct Report
    {
        qint64 entries = 0;
        qint64 firstBadLine = 0; // 1-based; 0 when the chain is intact
        QString problem;
        bool intact() const { return firstBadLine == 0; }
    };
    static Result<Report> verify(const QString &path);

    static QByteArray hashOf(const QByteArray &previousHash, const QJsonObject &entryWithoutHash);

private:
    QString m_path;
    qint64 m_seq = 0;
    QByteArray m_lastHash;
};

} // namespace RestoreDesk::Audit
