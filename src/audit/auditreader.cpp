#include "audit/auditreader.h"

#include "audit/auditerrors.h"
#include "audit/logsnapshot.h"

#include <QFile>

namespace RestoreDesk::Audit {

Result<ReadResult> readRecords(const QString &path, const Filter &filter, qint64 newest)
{
    auto snapshot = LogSnapshot::take(path);
    if (!snapshot)
        return snapshot.error();
    return readSnapshot(snapshot.value(), filter, newest);
}

Result<ReadResult> readSnapshot(const LogSnapshot &snapshot, const Filter &filter, qint64 newest)
{
    ReadResult result;
    for (const LogSnapshot::File &f : snapshot.files()) {
        const QString &name = f.name;
        QFile &file = *f.file;
        if (!file.seek(0))
            return Error::make(Error::Kind::Io, Codes::ReadFailed,
                               name + QStringLiteral(": ") + file.errorString(), { name });
        qint64 lineNo = 0;
        // Only what the file held when the snapshot was taken.
        while (file.pos() < f.size && !file.atEnd()) {
            QByteArray line = file.readLine(f.size - file.pos() + 1);
            ++lineNo;
            if (!line.endsWith('\n'))
                break; // an unfinished last line
            line.chop(1);
            ++result.scanned;
            auto parsed = Record::parse(line);
            if (!parsed) {
                ++result.unreadable;
                continue;
            }
            Record r = std::move(parsed).value();
            if (!filter.matches(r))
                continue;
            r.file = name;
            r.line = lineNo;
            result.records.append(std::move(r));
            if (newest > 0 && result.records.size() > 2 * newest)
                result.records.remove(0, result.records.size() - newest);
        }
    }
    if (newest > 0 && result.records.size() > newest)
        result.records.remove(0, result.records.size() - newest);
    return result;
}

} // namespace RestoreDesk::Audit
