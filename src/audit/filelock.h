#pragma once

#include "core/result.h"

#include <QString>

namespace RestoreDesk::Audit {

// A lock across processes (flock(2) on a small lock file next to the log): exclusive, held for
// one append, so the GUI and any number of CLI runs share one chain; or shared, held by readers
// while they take a snapshot of the files (see LogSnapshot), so no append or rotation happens
// in between. The kernel drops the lock
// when the holder dies, so a killed process never leaves the log locked. Move-only; released by
// the destructor. Any thread (one holder object per acquisition).
class FileLock
{
public:
    // Waits up to `timeoutMs` for the lock (polling, so a stuck holder gives an Error, not a hang).
    static Result<FileLock> acquire(const QString &path, int timeoutMs);
    // A shared lock. A lock file that cannot be created (a read-only folder holding a copied
    // log) gives an unlocked holder: no writer can lock there either.
    static Result<FileLock> acquireShared(const QString &path, int timeoutMs);

    FileLock(FileLock &&other) noexcept;
    FileLock &operator=(FileLock &&other) noexcept;
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;
    ~FileLock();

private:
    static Result<FileLock> take(int fd, const QString &path, int timeoutMs, int operation);
    explicit FileLock(int fd)
        : m_fd(fd)
    { }
    int m_fd = -1;
};

} // namespace RestoreDesk::Audit
