#pragma once

#include "backup/pendingrestore.h"

#include <QLockFile>

#include <memory>

namespace RestoreDesk::Backup {

// The restores not yet seen to end, on disk: one JSON file per restore in a folder of the app data
// location (shared by the GUI and the CLI of one user), each written atomically (a temporary file
// synced, renamed over the old one, the folder synced), so a crash leaves the old or the new record,
// never half of one. A restore is followed by one process at a time: claim() takes a lock that a
// dead process's lock gives way to. Not a QObject; any thread, one thread per instance.
class PendingRestoreStore
{
public:
    explicit PendingRestoreStore(QString directory = defaultDirectory());

    // <app data>/pending-restores
    static QString defaultDirectory();
    QString directory() const { return m_dir; }
    // The folder, made when missing (owner-only, as every record in it).
    Result<void> makeFolder() const;

    Result<void> save(const PendingRestore &restore) const;
    Result<void> remove(const QString &clientRequestId) const;
    // Every readable record, oldest request first; records that cannot be read are listed in
    // `unreadable` (and left on disk for a person to look at).
    Result<QList<PendingRestore>> load(QList<Error> *unreadable = nullptr) const;
    std::optional<PendingRestore> find(const QString &clientRequestId) const;

    // The right to follow one restore, held until the lock is destroyed. Null, with `why` set,
    // while another live process holds it.
    std::unique_ptr<QLockFile> claim(const QString &clientRequestId, Error *why) const;

private:
    QString fileOf(const QString &clientRequestId) const;
    QString m_dir;
};

} // namespace RestoreDesk::Backup
