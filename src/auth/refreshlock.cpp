#include "auth/refreshlock.h"

#include "auth/autherrors.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace RestoreDesk::Auth {

namespace {

Error unsafe(const QString &dir, const QString &why)
{
    return Error::make(Error::Kind::Security, Codes::RefreshLockUnsafe, why, { dir });
}

// The folder must be a real folder (not a link), owned by this user, and closed to everyone
// else: otherwise another local user could hold (or swap) the lock file and block refreshes.
Result<void> checkPrivate(const QString &dir)
{
#ifdef Q_OS_UNIX
    struct stat st;
    if (::lstat(QFile::encodeName(dir).constData(), &st) != 0)
        return unsafe(dir, QString::fromLocal8Bit(std::strerror(errno)));
    if (!S_ISDIR(st.st_mode))
        return unsafe(dir, QStringLiteral("not a directory"));
    if (st.st_uid != ::geteuid())
        return unsafe(dir, QStringLiteral("owned by uid %1").arg(st.st_uid));
    if ((st.st_mode & 077) != 0)
        return unsafe(dir,
                      QStringLiteral("mode %1, not 0700").arg(st.st_mode & 0777, 4, 8, QLatin1Char('0')));
#else
    Q_UNUSED(dir);
#endif
    return {};
}

} // namespace

Result<QString> RefreshLock::directory()
{
    // The test override, else the user's runtime folder when the session has one (systemd
    // makes it 0700), else a folder in the app's own data folder, made 0700. Never a shared
    // temporary folder with a predictable name.
    QString dir = qEnvironmentVariable("RESTOREDESK_RUNTIME_DIR");
    if (dir.isEmpty() && !qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty()) {
        const QString data = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
        if (data.isEmpty())
            return unsafe(QString(), QStringLiteral("no data folder"));
        dir = data + QStringLiteral("/locks");
        if (!QFileInfo::exists(dir)) {
            if (!QDir().mkpath(dir))
                return unsafe(dir, QStringLiteral("cannot create"));
            QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
    }
    auto ok = checkPrivate(dir);
    if (!ok)
        return ok.error();
    return dir;
}

RefreshLock::RefreshLock(const QString &keychainKey, QObject *parent)
    : QObject(parent)
{
    const QByteArray hash
        = QCryptographicHash::hash(keychainKey.toUtf8(), QCryptographicHash::Sha256).toHex();
    auto dir = directory();
    if (!dir) {
        m_unsafe = dir.error();
        return;
    }
    m_fileName = dir.value() + QStringLiteral("/restoredesk-refresh-") + QString::fromLatin1(hash.left(32))
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
    return m_lock && m_lock->isLocked();
}

void RefreshLock::acquire(int timeoutMs, std::function<void(Result<void>)> done)
{
    if (!m_lock)
        return done(*m_unsafe);
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
    if (auto pending = std::move(m_pending)) { // an acquire still polling hears it will not get it
        m_pending = nullptr;
        pending(Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled));
    }
    if (m_lock && m_lock->isLocked())
        m_lock->unlock();
}

} // namespace RestoreDesk::Auth
