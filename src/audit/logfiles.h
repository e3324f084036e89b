#pragma once

#include <QString>
#include <QStringList>

namespace RestoreDesk::Audit {

// The names of a log's files, all in one folder: the current file (audit.jsonl), its rotated
// segments (audit.jsonl.000001, .000002 …, oldest first, never renumbered), the anchor
// (audit.head), the lock (audit.lock), torn tails set aside (audit.jsonl.torn-<UTC time>) and a
// set-aside log of an older format (audit.jsonl.legacy-<UTC time>). Value type, any thread.
class LogFiles
{
public:
    explicit LogFiles(QString currentPath);

    // The default log of this OS user: <AppDataLocation>/audit.jsonl (GUI and CLI alike).
    static QString defaultPath();

    QString current() const { return m_current; }
    QString directory() const;
    QString anchor() const;
    QString lock() const;
    // Rotated segments, oldest first (by number), without the current file.
    QStringList segments() const;
    // Segments then the current file (when it exists): the whole chain, in order.
    QStringList chain() const;
    QString nextSegment() const;
    // A new, unused name for bytes set aside (kind: "torn" or "legacy").
    QString setAsidePath(const QString &kind) const;

private:
    QString m_current;
};

} // namespace RestoreDesk::Audit
