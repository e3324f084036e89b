#pragma once

#include "audit/anchor.h"
#include "audit/logfiles.h"

#include <QJsonObject>
#include <QList>

namespace RestoreDesk::Audit {

class MacKey;
class Sha256;

// Decides where the chain goes on when a writer takes the lock: reads the anchor and the end of
// the current file, finds the anchored record and the records after it that still chain, and
// names what must be set aside (a torn or invalid tail after the last good record) and which
// integrity events must be recorded (anchor missing, mismatched or forged; log missing; older
// format). Reads only; AuditLog carries the plan out. Any thread; called with the lock held.
struct RecoveryPlan
{
    qint64 seq = 0; // the chain continues after this record...
    QByteArray hash; // ... whose hash is this
    bool lastIsRecord = false; // that record is in the files (not only named by the anchor)
    QByteArray lastKeyId; // the key id of its MAC; empty when it has none
    bool legacyFormat = false; // the current file is in an older format: set it aside whole
    qint64 cutOffset = -1; // truncate the current file here (the tail is set aside), or -1
    QByteArray tail; // the bytes after cutOffset
    int tailCompleteLines = 0; // complete lines in the tail (0: only a torn, unterminated line)
    qint64 currentSize = 0;
    QList<QJsonObject> incidents; // params of audit-integrity records to write, in order
};

Result<RecoveryPlan> planRecovery(const LogFiles &files, MacKey *key, Sha256 &sha);

} // namespace RestoreDesk::Audit
