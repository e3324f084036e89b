#include "audit/auditlog.h"

#include "audit/anchor.h"
#include "audit/auditerrors.h"
#include "audit/chain.h"
#include "audit/durablefile.h"
#include "audit/filelock.h"
#include "audit/redaction.h"
#include "audit/syslogforwarder.h"
#include "audit/tailrecovery.h"
#include "core/redact.h"
#include "core/version.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSysInfo>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace RestoreDesk::Audit {

namespace {

Error errnoError(QLatin1String code, const QString &path, int error)
{
    return Error::make(Error::Kind::Io, code,
                       QStringLiteral("%1: %2").arg(path, DurableFile::errnoText(error)), { path });
}

bool writeAll(int fd, const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, size_t(left));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        left -= n;
    }
    return true;
}

} // namespace

AuditLog::AuditLog(QString path)
    : AuditLog(std::move(path), Options())
{ }

AuditLog::AuditLog(QString path, Options options)
    : m_files(std::move(path))
    , m_options(std::move(options))
    , m_hash(LineFormat::genesis())
{
    if (m_options.host.isEmpty())
        m_options.host = QSysInfo::machineHostName();
    if (m_options.app.isEmpty())
        m_options.app = QString::fromLatin1(kVersion);
    if (!m_options.clock)
        m_options.clock = systemClock();
}

AuditLog::~AuditLog() = default;

void AuditLog::prepareProcess()
{
    // A hasher made and used once loads OpenSSL's libcrypto (LibCrypto), starts it and fetches
    // SHA-256 (what MacKey uses too); redacting a line with nothing to redact compiles every
    // pattern an append's redaction uses.
    Sha256().hex(QByteArray("prepare"));
    (void)redactSecrets(QStringLiteral("prepare"));
}

Sha256 &AuditLog::sha()
{
    if (!m_sha)
        m_sha = std::make_unique<Sha256>();
    return *m_sha;
}

void AuditLog::setKey(const QByteArray &key)
{
    m_key = key.isEmpty() ? nullptr : std::make_unique<MacKey>(key);
}

bool AuditLog::hasKey() const
{
    return m_key != nullptr;
}

QByteArray AuditLog::keyId() const
{
    return m_key ? m_key->id() : QByteArray();
}

void AuditLog::setForwarder(std::shared_ptr<SyslogForwarder> forwarder)
{
    m_forwarder = std::move(forwarder);
}

namespace {

// A lock held longer than this writer waits: the log is busy, said as such.
Error busyOr(const Error &e)
{
    if (e.code != Codes::LockTimeout)
        return e;
    Error busy = e;
    busy.code = Codes::Busy;
    return busy;
}

} // namespace

Result<void> AuditLog::open()
{
    if (auto hashing = Sha256::available(); !hashing)
        return hashing;
    if (!QDir().mkpath(m_files.directory()))
        return Error::make(Error::Kind::Io, Codes::FolderFailed, m_files.directory(),
                           { m_files.directory() });
    auto lock = FileLock::acquire(m_files.lock(), m_options.lockTimeoutMs);
    if (!lock)
        return busyOr(lock.error());
    return recover();
}

Result<Record> AuditLog::append(Record record)
{
    if (auto hashing = Sha256::available(); !hashing)
        return hashing.error();
    if (!LineFormat::isValidType(record.type))
        return Error::make(Error::Kind::Internal, Codes::InvalidEvent,
                           QStringLiteral("event type '%1'").arg(record.type), { record.type });
    if (!QDir().mkpath(m_files.directory()))
        return Error::make(Error::Kind::Io, Codes::FolderFailed, m_files.directory(),
                           { m_files.directory() });
    auto lock = FileLock::acquire(m_files.lock(), m_options.lockTimeoutMs);
    if (!lock)
        return busyOr(lock.error());
    // Another process may have appended since this one last did: always go on from the file.
    auto recovered = recover();
    if (!recovered)
        return recovered.error();
    return write(std::move(record));
}

Result<void> AuditLog::setAsideLegacy()
{
    const QString aside = m_files.setAsidePath(QStringLiteral("legacy"));
    if (::rename(QFile::encodeName(m_files.current()).constData(), QFile::encodeName(aside).constData()) != 0)
        return errnoError(Codes::SetAsideFailed, m_files.current(), errno);
    auto synced = DurableFile::syncDirectory(m_files.directory());
    if (!synced)
        return synced;
    QJsonObject i { { QLatin1String("kind"), QLatin1String("legacy-set-aside") },
                    { QLatin1String("file"), QFileInfo(aside).fileName() } };
    Record r;
    r.type = EventType::Integrity;
    r.outcome = Outcome::Noted;
    r.params = i;
    // Written after recovery of the (now empty) current file, below.
    m_incidents << r;
    return {};
}

Result<void> AuditLog::recover()
{
    m_incidents.clear();
    auto plan = planRecovery(m_files, m_key.get(), sha());
    if (!plan)
        return plan.error();
    if (plan->legacyFormat) {
        auto aside = setAsideLegacy();
        if (!aside)
            return aside;
        plan = planRecovery(m_files, m_key.get(), sha());
        if (!plan)
            return plan.error();
    }
    QList<Record> pending = m_incidents;
    m_incidents.clear();
    m_seq = plan->seq;
    m_hash = plan->hash;

    if (plan->cutOffset >= 0) {
        // Keep the tail first (fsync'd, in its own file), then cut it from the log: a crash in
        // between leaves a second copy of the tail, never a loss.
        const bool unauthenticated = plan->unauthenticatedRecords > 0;
        const QString aside = m_files.setAsidePath(unauthenticated ? QStringLiteral("unauthenticated")
                                                                   : QStringLiteral("torn"));
        auto kept = DurableFile::create(aside, plan->tail, Codes::SetAsideFailed);
        if (!kept)
            return kept;
        const QByteArray name = QFile::encodeName(m_files.current());
        const int fd = ::open(name.constData(), O_WRONLY | O_CLOEXEC);
        if (fd < 0)
            return errnoError(Codes::SetAsideFailed, m_files.current(), errno);
        if (::ftruncate(fd, off_t(plan->cutOffset)) != 0 || ::fsync(fd) != 0) {
            const int error = errno;
            ::close(fd);
            return errnoError(Codes::SetAsideFailed, m_files.current(), error);
        }
        ::close(fd);
        QJsonObject i { { QLatin1String("kind"),
                          unauthenticated ? QLatin1String("unauthenticated-set-aside")
                                          : QLatin1String("tail-set-aside") },
                        { QLatin1String("file"), QFileInfo(aside).fileName() },
                        { QLatin1String("bytes"), double(plan->tail.size()) },
                        { QLatin1String("completeLines"), plan->tailCompleteLines },
                        { QLatin1String("afterSeq"), double(plan->seq) },
                        { QLatin1String("sha256"),
                          QString::fromLatin1(
                              QCryptographicHash::hash(plan->tail, QCryptographicHash::Sha256).toHex()) } };
        if (unauthenticated) {
            i.insert(QLatin1String("records"), plan->unauthenticatedRecords);
            i.insert(QLatin1String("firstSeq"), double(plan->unauthenticatedFirstSeq));
        }
        plan.value().incidents.prepend(i);
    }
    if (plan->keyChange) {
        // The records before this one were written without this key (a log never signed, or signed
        // with a key this installation no longer has). This record does not vouch for them: it
        // says, under this key, from where on records are authenticated; the verifier reports
        // the records before it as not authenticated, and the change as an incident.
        QJsonObject change { { QLatin1String("kind"), QLatin1String("key-changed") },
                             { QLatin1String("keyId"), QString::fromLatin1(m_key->id()) },
                             { QLatin1String("afterSeq"), double(plan->seq) } };
        if (!plan->lastKeyId.isEmpty())
            change.insert(QLatin1String("previousKeyId"), QString::fromLatin1(plan->lastKeyId));
        plan.value().incidents.prepend(change);
    }
    for (const QJsonObject &params : plan->incidents) {
        Record r;
        r.type = EventType::Integrity;
        r.outcome = Outcome::Noted;
        r.params = params;
        pending << r;
    }
    QList<Record> written;
    for (Record &r : pending) {
        auto w = write(std::move(r));
        if (!w)
            return w.error();
        written << w.value();
    }
    m_incidents = written;
    return {};
}

Result<Record> AuditLog::write(Record record)
{
    record.seq = m_seq + 1;
    record.time = m_options.clock().toUTC();
    record.app = m_options.app;
    record.host = m_options.host;
    record.params = redactJson(record.params);
    record.target = redactSecrets(record.target);
    record.reason = redactSecrets(record.reason);
    for (QString &id : record.correlationIds)
        id = redactSecrets(id);
    record.prev = QString::fromLatin1(m_hash);

    QByteArray hash;
    const QByteArray line
        = LineFormat::encode(record.seq, m_hash, record.type, record.bodyJson(), m_key.get(), sha(), &hash);
    const QByteArray bytes = line + '\n';

    const QString path = m_files.current();
    const QByteArray name = QFile::encodeName(path);
    struct stat st
    {
    };
    bool exists = ::stat(name.constData(), &st) == 0;
    if (exists && m_options.maxFileBytes > 0 && st.st_size > 0
        && st.st_size + bytes.size() > m_options.maxFileBytes) {
        const QString segment = m_files.nextSegment();
        if (::rename(name.constData(), QFile::encodeName(segment).constData()) != 0)
            return errnoError(Codes::WriteFailed, path, errno);
        auto synced = DurableFile::syncDirectory(m_files.directory());
        if (!synced)
            return synced.error();
        exists = false;
    }
    const int fd = ::open(name.constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return errnoError(Codes::OpenFailed, path, errno);
    struct stat before
    {
    };
    if (::fstat(fd, &before) != 0) {
        // Without the size before the write, a failed write could not be cut back safely (a
        // truncation to a wrong size would remove records): write nothing.
        const int error = errno;
        ::close(fd);
        return errnoError(Codes::WriteFailed, path, error);
    }
    if (!writeAll(fd, bytes) || ::fsync(fd) != 0) {
        // Leave no partial line behind: cut back to where this record started.
        const int error = errno;
        const bool cut = ::ftruncate(fd, before.st_size) == 0 && ::fsync(fd) == 0;
        ::close(fd);
        Error e = errnoError(Codes::WriteFailed, path, error);
        if (!cut)
            e.detail += QStringLiteral(" (and the partial record could not be removed)");
        return e;
    }
    ::close(fd);
    if (!exists) {
        auto synced = DurableFile::syncDirectory(m_files.directory());
        if (!synced)
            return synced.error();
    }
    m_seq = record.seq;
    m_hash = hash;
    record.hash = QString::fromLatin1(hash);
    record.keyId = QString::fromLatin1(keyId());
    record.hasMac = m_key != nullptr;
    record.raw = line;
    record.file = path;

    auto anchored = DurableFile::replace(m_files.anchor(), Anchor::make(m_seq, hash, m_key.get()).toBytes(),
                                         Codes::AnchorWriteFailed);
    if (!anchored)
        return anchored.error(); // the record is on disk; the next append accepts it

    m_forwardError.reset();
    if (m_forwarder) {
        auto sent = m_forwarder->send(record);
        if (!sent)
            m_forwardError = sent.error();
    }
    return record;
}

} // namespace RestoreDesk::Audit
