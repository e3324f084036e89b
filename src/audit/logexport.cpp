#include "audit/logexport.h"

#include "audit/auditerrors.h"
#include "audit/auditreader.h"
#include "audit/durablefile.h"
#include "audit/logsnapshot.h"
#include "audit/verifier.h"

namespace RestoreDesk::Audit {

Result<LogExport> exportLog(const QString &path, Export::Format format, const Filter &filter,
                            const QByteArray &key, const QDateTime &exportedAt)
{
    auto snapshot = LogSnapshot::take(path);
    if (!snapshot)
        return snapshot.error();
    VerifyOptions options;
    options.key = key;
    auto verdict = verifySnapshot(snapshot.value(), options);
    if (!verdict)
        return verdict.error();
    auto read = readSnapshot(snapshot.value(), filter);
    if (!read)
        return read.error();
    LogExport out;
    out.verdict = verdict.value();
    out.records = read->records.size();
    out.bytes = format == Export::Format::Json
        ? Export::json(read->records, out.verdict, filter, path, exportedAt)
        : Export::csv(read->records, out.verdict, filter, path, exportedAt);
    return out;
}

Result<void> writeExport(const QString &file, const QByteArray &bytes)
{
    auto written = DurableFile::replace(file, bytes, Codes::ExportFailed);
    if (!written) {
        Error e = written.error();
        e.args = QStringList { file };
        return e;
    }
    return {};
}

} // namespace RestoreDesk::Audit
