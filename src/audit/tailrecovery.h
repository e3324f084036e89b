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
// names what must be set aside (a torn or invalid tail after the last good record, and, with a
// key, records after the last one authenticated with it) and which integrity events must be
// recorded (anchor missing, mismatched, forged or unsigned; log missing; older format; a key
// change). A log that is signed (its anchor or a record near its end carries a MAC) is never
// written without a key: the plan is then an Error (Codes::KeyRequired). Records without this
// key's MAC are never vouched for by a later authenticated record. Reads only; AuditLog carries
// the plan out. Any thread; called with the lock held.
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
    // Well-formed records at the start of the tail that are not authenticated with the writer's
    // key although an earlier record or the anchor is (forged, or written without the key).
    int unauthenticatedRecords = 0;
    qint64 unauthenticatedFirstSeq = 0;
    // The last record is not under the writer's key (the log was never signed, or signed with a
    // key this installation no longer has): the first record written must say so.
    bool keyChange = false;
    qint64 currentSize = 0;
    QList<QJsonObject> incidents; // params of audit-integrity records to write, in order
};

Result<RecoveryPlan> planRecovery(const LogFiles &files, MacKey *key, Sha256 &sha);

} // namespace RestoreDesk::Audit
