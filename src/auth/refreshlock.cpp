#include "auth/refreshlock.h"

#include "auth/autherrors.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QLockFile>
#include <QStandardPaths>
#include <QTimer>

namespace RestoreDesk::Auth {

QString RefreshLock::directory()
{
    QString dir = qEnvironmentVariable("RESTOREDESK_RUNTIME_DIR");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    return dir;
}

RefreshLock::RefreshLock(const QString &keychainKey, QObject *parent)
    : QObject(parent)
{
    const QByteArray hash
        = QCryptographicHash::hash(keychainKey.toUtf8(), QCryptographicHash::Sha256).toHex();
    m_fileName = directory() + QStringLiteral("/restoredesk-refresh-") + QString::fromLatin1(hash.left(32))
        + QStringLiteral(".lock");
    m_lock = std::make_unique<QLockFile>(m_fileName);
    m_lock->setStaleLockTime(0); // only a dead owner makes a lock stale, never its age
}

RefreshLock::~RefreshLock()
{
    release();
    if (auto pending = std::move(m_pending))
        pending(Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled));
}

bool RefreshLock::isHeld() const
{
    return m_lock->isLocked();
}

void RefreshLock::acquire(int timeoutMs, std::function<void(Result<void>)> done)
{
    if (m_lock->isLocked())
        return done(Result<void>());
    if (m_lock->tryLock(0))
        return done(Result<void>());
    if (m_lock->error() == QLockFile::PermissionError || m_lock->error() == QLockFile::UnknownError)
        return done(Error::make(Error::Kind::Io, Codes::RefreshLockTimeout, QStringLiteral("cannot create"),
                                { m_fileName }));
    if (m_pending) // one acquire at a time; the session's single flight guarantees it
        return done(Error::make(Error::Kind::Internal, QStringLiteral("lock_busy")));
    m_pending = std::move(done);
    delete m_poll;
    m_poll = new QTimer(this);
    auto deadline = std::make_shared<QDeadlineTimer>(timeoutMs);
    connect(m_poll, &QTimer::timeout, this, [this, deadline] {
        const bool got = m_lock->tryLock(0);
        if (!got && !deadline->hasExpired())
            return;
        m_poll->stop();
        auto pending = std::move(m_pending);
        m_pending = nullptr;
        if (got)
            pending(Result<void>());
        else
            pending(Error::make(Error::Kind::Timeout, Codes::RefreshLockTimeout, {}, { m_fileName }));
    });
    m_poll->start(50);
}

void RefreshLock::release()
{
    if (m_poll)
        m_poll->stop();
    if (m_lock && m_lock->isLocked())
        m_lock->unlock();
}

} // namespace RestoreDesk::Auth
