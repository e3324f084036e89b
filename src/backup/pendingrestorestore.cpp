#include "backup/pendingrestorestore.h"

#include "backup/restoreerrors.h"
#include "core/jsonutil.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace RestoreDesk::Backup {

namespace {

Error writeError(const QString &path, const QString &detail)
{
    return Error::make(Error::Kind::Io, Codes::PendingStoreWrite, detail, { path });
}

// The rename of a record is durable only once its folder is synced too.
bool syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0 || errno == EINVAL; // some file systems cannot sync a folder
    ::close(fd);
    return ok;
}

} // namespace

PendingRestoreStore::PendingRestoreStore(QString directory)
    : m_dir(std::move(directory))
{ }

QString PendingRestoreStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/pending-restores");
}

QString PendingRestoreStore::fileOf(const QString &clientRequestId) const
{
    return m_dir + QLatin1Char('/') + clientRequestId + QStringLiteral(".json");
}

Result<void> PendingRestoreStore::save(const PendingRestore &restore) const
{
    if (!restore.isValid())
        return writeError(m_dir, QStringLiteral("invalid client request id"));
    if (auto made = makeFolder(); !made)
        return made;
    const QString path = fileOf(restore.clientRequestId);
    QSaveFile file(path); // writes a temporary file, syncs it, and renames it over the old one
    if (!file.open(QIODevice::WriteOnly))
        return writeError(path, file.errorString());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray bytes = QJsonDocument(restore.toJson()).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size())
        return writeError(path, file.errorString());
    if (!file.commit())
        return writeError(path, file.errorString());
    if (!syncDirectory(m_dir))
        return writeError(m_dir, QString::fromLocal8Bit(std::strerror(errno)));
    return {};
}

Result<void> PendingRestoreStore::remove(const QString &clientRequestId) const
{
    if (!PendingRestore::isValidId(clientRequestId))
        return writeError(m_dir, QStringLiteral("invalid client request id"));
    const QString path = fileOf(clientRequestId);
    if (QFile::exists(path) && !QFile::remove(path))
        return writeError(path, QStringLiteral("cannot remove"));
    syncDirectory(m_dir);
    return {};
}

Result<QList<PendingRestore>> PendingRestoreStore::load(QList<Error> *unreadable) const
{
    QList<PendingRestore> out;
    const QDir dir(m_dir);
    if (!dir.exists())
        return out;
    const QStringList files = dir.entryList({ QStringLiteral("*.json") }, QDir::Files);
    for (const QString &name : files) {
        const QString path = dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            if (unreadable)
                *unreadable << Error::make(Error::Kind::Io, Codes::PendingStoreRead, f.errorString(),
                                           { path });
            continue;
        }
        auto json = Json::parseObject(f.read(1024 * 1024), path);
        Result<PendingRestore> parsed
            = json ? PendingRestore::fromJson(json.value()) : Result<PendingRestore>(json.error());
        if (!parsed || parsed->clientRequestId + QStringLiteral(".json") != name) {
            if (unreadable)
                *unreadable << Error::make(
                    Error::Kind::Io, Codes::PendingStoreRead,
                    parsed ? QStringLiteral("file name and id differ") : parsed.error().toString(), { path });
            continue;
        }
        out << parsed.value();
    }
    std::sort(out.begin(), out.end(),
              [](const PendingRestore &a, const PendingRestore &b) { return a.requestedAt < b.requestedAt; });
    return out;
}

std::optional<PendingRestore> PendingRestoreStore::find(const QString &clientRequestId) const
{
    const auto all = load();
    if (!all)
        return std::nullopt;
    for (const PendingRestore &p : all.value()) {
        if (p.clientRequestId == clientRequestId)
            return p;
    }
    return std::nullopt;
}

Result<void> PendingRestoreStore::makeFolder() const
{
    if (!QDir().mkpath(m_dir))
        return writeError(m_dir, QStringLiteral("cannot create the folder"));
    QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return {};
}

std::unique_ptr<QLockFile> PendingRestoreStore::claim(const QString &clientRequestId, Error *why) const
{
    if (!PendingRestore::isValidId(clientRequestId) || !QDir().mkpath(m_dir)) {
        if (why)
            *why = writeError(m_dir, QStringLiteral("cannot lock"));
        return nullptr;
    }
    auto lock
        = std::make_unique<QLockFile>(m_dir + QLatin1Char('/') + clientRequestId + QStringLiteral(".lock"));
    // A restore is followed for hours: never stale by age, only when its holder is gone.
    lock->setStaleLockTime(0);
    if (lock->tryLock(0))
        return lock;
    if (why)
        *why = Error::make(Error::Kind::Io, Codes::PendingClaimed, {}, { clientRequestId });
    return nullptr;
}

} // namespace RestoreDesk::Backup
