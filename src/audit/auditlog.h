#pragma once

#include "audit/logfiles.h"
#include "audit/record.h"
#include "core/clock.h"
#include "core/result.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace RestoreDesk::Audit {

class MacKey;
class Sha256;
class SyslogForwarder;

// The operator audit log of one OS user: JSON Lines, one record per line, each carrying the
// SHA-256 of the one before it and (with the installation key) an HMAC, with the chain head kept
// in an anchor file next to it (see Anchor for what that does and does not prove).
//
// Every append takes an exclusive lock across processes, re-reads the anchor and the end of the
// file (so the GUI and any number of CLI runs share one chain), sets a torn or invalid tail aside
// to audit.jsonl.torn-<UTC time> (kept, never deleted) with a record saying so, rotates the file
// by size to numbered segments (the chain goes on across them), writes the record, fsyncs it (and
// the folder when a file was created or renamed), updates the anchor, and forwards the line to
// syslog when asked. When append() returns success the record is on disk; when it returns an
// Error nothing half-written stays in the chain and the caller must not perform the action.
//
// Owned by its user (the composition root, or AuditTrail); one thread at a time. Verification
// is the pure function in verifier.h.
class AuditLog
{
public:
    struct Options
    {
        qint64 maxFileBytes = qint64(16) << 20; // rotate above this size; 0 = never
        // How long an append waits for another writer; then it fails with Codes::Busy (nothing
        // written, so the action is refused). A GUI sets kInteractiveLockTimeoutMs.
        int lockTimeoutMs = 10000;
        Clock clock = systemClock();
        QString host; // default: QSysInfo::machineHostName()
        QString app; // default: the application version
    };

    // The wait for the lock on the GUI thread: short enough not to freeze the window for long.
    static constexpr int kInteractiveLockTimeoutMs = 2000;

    explicit AuditLog(QString path);
    AuditLog(QString path, Options options);
    ~AuditLog();
    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    // The per-installation MAC key (bytes from the keychain); empty = records carry no MAC.
    void setKey(const QByteArray &key);
    bool hasKey() const;
    QByteArray keyId() const;
    // Optional copy of every record to syslog; its failures never fail an append.
    void setForwarder(std::shared_ptr<SyslogForwarder> forwarder);

    // Does ahead the one-time set-up the first append of a process pays for (loading libcrypto,
    // OpenSSL's start and its digest tables, the redaction patterns' compile), so a caller can get
    // it done while it waits anyway (a CLI run while its requests are in flight). Touches no file
    // and takes no lock: what an append writes, and when it is durable, is exactly as without it.
    // Any thread.
    static void prepareProcess();

    // Creates the folder and recovers now (sets aside a torn tail from a crash, records missing
    // anchors), so problems show at start rather than at the first action.
    Result<void> open();
    // Writes one record (filling seq, time, app, host and the chain fields) and returns it as
    // written. Secrets in params, target and reason are redacted first.
    Result<Record> append(Record record);

    QString path() const { return m_files.current(); }
    Clock clock() const { return m_options.clock; }
    const LogFiles &files() const { return m_files; }
    // The last seq this instance wrote or saw.
    qint64 entries() const { return m_seq; }
    // Integrity records written by the last open()/append() before the caller's record.
    QList<Record> lastIncidents() const { return m_incidents; }
    std::optional<Error> lastForwardError() const { return m_forwardError; }

private:
    Result<void> recover();
    Result<Record> write(Record record);
    Result<void> setAsideLegacy();
    // The hasher, made on first use: making one starts OpenSSL's digest tables, which a console
    // that only shows its first page (the log opens after it is painted) need not wait for.
    Sha256 &sha();

    LogFiles m_files;
    Options m_options;
    std::unique_ptr<MacKey> m_key;
    std::unique_ptr<Sha256> m_sha;
    std::shared_ptr<SyslogForwarder> m_forwarder;
    qint64 m_seq = 0;
    QByteArray m_hash;
    QList<Record> m_incidents;
    std::optional<Error> m_forwardError;
};

} // namespace RestoreDesk::Audit
