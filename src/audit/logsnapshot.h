#pragma once

#include "audit/anchor.h"
#include "core/result.h"

#include <QFile>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace RestoreDesk::Audit {

// A log's files as they were at one moment, for readers (verification, listing, export): taken
// under the log's shared lock (writers wait for it, other readers do not), each file of the chain
// is opened and its size noted and the anchor read; the lock is then released and reading goes
// on from the open files, never past the noted sizes. An append, a rotation (a rename: the open
// file is still the same) or a new anchor meanwhile changes nothing a reader of the snapshot sees,
// so a verdict and the records read with it describe the same log. Move-only value; one thread at
// a time (readers seek the shared files).
class LogSnapshot
{
public:
    struct File
    {
        QString name;
        qint64 size = 0;
        std::shared_ptr<QFile> file; // open for reading
    };

    // `path` is the current file (audit.jsonl); its segments, anchor and lock are next to it.
    static Result<LogSnapshot> take(const QString &path, int lockTimeoutMs = 10000);

    QString path() const { return m_path; }
    const QList<File> &files() const { return m_files; }
    QStringList names() const;
    qint64 totalSize() const;
    // The anchor as read: nullopt when there was none; an Error when it was unreadable.
    const Result<std::optional<Anchor>> &anchor() const { return m_anchor; }

private:
    LogSnapshot() = default;

    QString m_path;
    QList<File> m_files;
    Result<std::optional<Anchor>> m_anchor = std::optional<Anchor>();
};

} // namespace RestoreDesk::Audit
