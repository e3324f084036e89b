#include "audit/logsnapshot.h"

#include "audit/auditerrors.h"
#include "audit/filelock.h"
#include "audit/logfiles.h"

namespace RestoreDesk::Audit {

Result<LogSnapshot> LogSnapshot::take(const QString &path, int lockTimeoutMs)
{
    const LogFiles files(path);
    auto lock = FileLock::acquireShared(files.lock(), lockTimeoutMs);
    if (!lock)
        return lock.error();
    LogSnapshot s;
    s.m_path = path;
    s.m_anchor = Anchor::read(files.anchor());
    const QStringList chain = files.chain();
    for (const QString &name : chain) {
        auto file = std::make_shared<QFile>(name);
        if (!file->open(QIODevice::ReadOnly))
            return Error::make(Error::Kind::Io, Codes::ReadFailed,
                               name + QStringLiteral(": ") + file->errorString(), { name });
        s.m_files.append({ name, file->size(), std::move(file) });
    }
    return s;
}

QStringList LogSnapshot::names() const
{
    QStringList out;
    for (const File &f : m_files)
        out << f.name;
    return out;
}

qint64 LogSnapshot::totalSize() const
{
    qint64 total = 0;
    for (const File &f : m_files)
        total += f.size;
    return total;
}

} // namespace RestoreDesk::Audit
