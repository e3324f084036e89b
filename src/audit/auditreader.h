#pragma once

#include "audit/auditfilter.h"
#include "audit/record.h"
#include "core/result.h"

#include <QList>

namespace RestoreDesk::Audit {

// Reads a log's records (segments then the current file) for showing and exporting: each line
// parsed as JSON, kept only when the filter matches, oldest first. Reading does not verify (see
// verifyLog); a line that is not a record is counted in `unreadable`, and an unfinished last line
// is skipped. `newest` > 0 keeps only that many of the latest matches. Pure, any thread.
struct ReadResult
{
    QList<Record> records;
    qint64 scanned = 0;
    qint64 unreadable = 0;
};

class LogSnapshot;

// Takes a snapshot of the log (see LogSnapshot) and reads it.
Result<ReadResult> readRecords(const QString &path, const Filter &filter = {}, qint64 newest = 0);
// Reads a snapshot already taken (an export verifies and reads the same one).
Result<ReadResult> readSnapshot(const LogSnapshot &snapshot, const Filter &filter = {}, qint64 newest = 0);

} // namespace RestoreDesk::Audit
