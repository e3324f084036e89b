#pragma once

#include "audit/auditexport.h"
#include "audit/auditfilter.h"
#include "audit/verdict.h"
#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace RestoreDesk::Audit {

// An export of a log as the CLI's `audit export` and the console's Export make it: one snapshot
// of the log (LogSnapshot) is verified and read, so the chain head and verdict in the export
// describe exactly the records in it; then formatted (Export::json / Export::csv). Blocking
// file I/O: the GUI runs it off its thread. Pure function apart from reading the log.
struct LogExport
{
    QByteArray bytes;
    Verdict verdict;
    qint64 records = 0; // records in the export (after the filter)
};

Result<LogExport> exportLog(const QString &path, Export::Format format, const Filter &filter,
                            const QByteArray &key, const QDateTime &exportedAt);

// Writes an export to `file` (replaced whole, fsync'd); Codes::ExportFailed naming it on failure.
Result<void> writeExport(const QString &file, const QByteArray &bytes);

} // namespace RestoreDesk::Audit
