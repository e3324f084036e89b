#include "audit/auditreader.h"

#include "audit/auditerrors.h"
#include "audit/logfiles.h"

#include <QFile>

namespace RestoreDesk::Audit {

Result<ReadResult> readRecords(const QString &path, const Filter &filter, qint64 newest)
{
    ReadResult result;
    const QStringList chain = LogFiles(path).chain();
    for (const QString &name : chain) {
        QFile file(name);
        if (!file.open(QIODevice::ReadOnly))
            return Error::make(Error::Kind::Io, Codes::ReadFailed,
                               name + QStringLiteral(": ") + file.errorString(), { name });
        qint64 lineNo = 0;
        while (!file.atEnd()) {
            QByteArray line = file.readLine();
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
