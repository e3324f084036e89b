#pragma once

#include "core/result.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class QLockFile;
class QTimer;

namespace RestoreDesk::Auth {

// A lock around refresh-and-persist shared by every process of this user that holds the same
// keychain entry (the GUI and any number of CLI runs): issuers with refresh-token reuse detection
// revoke the whole token family when two processes redeem the same refresh token. A lock file in
// the user's private runtime folder (QLockFile: stale locks of dead processes are taken over), named
// after a hash of the keychain key. Acquiring never blocks the thread: it polls on a timer and
// gives up after `timeoutMs`. Reports once. Lives on the GUI/CLI thread.
class RefreshLock : public QObject
{
    Q_OBJECT

public:
    RefreshLock(const QString &keychainKey, QObject *parent = nullptr);
    ~RefreshLock() override;

    void acquire(int timeoutMs, std::function<void(Result<void>)> done);
    void release();
    bool isHeld() const;
    QString fileName() const { return m_fileName; }

    // Where lock files live: RESTOREDESK_RUNTIME_DIR (tests), else $XDG_RUNTIME_DIR, else
    // <app data>/locks (made 0700). It must be a folder this user owns with mode 0700; otherwise
    // the error (refresh_lock_unsafe) says why, and acquire() reports it.
    static Result<QString> directory();

private:
    QString m_fileName;
    std::unique_ptr<QLockFile> m_lock;
    QTimer *m_poll = nullptr;
    std::function<void(Result<void>)> m_pending; // an acquire still polling
    std::optional<Error> m_unsafe; // the lock folder was refused: no lock file at all
};

} // namespace RestoreDesk::Auth
