#include "audit/auditlog.h"

#include "core/jsonutil.h"
#include "core/redact.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace RestoreDesk::Audit {

namespace {

const QByteArray kGenesis(64, '0');

Error ioError(const QString &path, const QString &what)
{
    return Error::make(Error::Kind::Io, QStringLiteral("audit_io"),
                       QStringLiteral("The audit log %1 could not be %2.").arg(path, what));
}

QJsonObject redacted(const QJsonObject &o)
{
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isString())
            out.insert(it.key(), redactSecrets(it.value().toString()));
        else if (it.value().isObject())
            out.insert(it.key(), redacted(it.value().toObject()));
        else
            out.insert(it.key(), it.value());
    }
    return out;
}

} // namespace

QJsonObject Actor::toJson() const
{
    return QJsonObject { { QStringLiteral("issuer"), issuer },
                         { QStringLiteral("subject"), subject },
                         { QStringLiteral("objectId"), objectId },
                         { QStringLiteral("username"), username },
                         { QStringLiteral("name"), name } };
}

AuditLog::AuditLog(QString path)
    : m_path(std::move(path))
{ }

QByteArray AuditLog::hashOf(const QByteArray &previousHash, const QJsonObject &entryWithoutHash)
{
    // QJsonDocument writes object keys sorted, so the bytes hashed are canonical.
    const QByteArray content = QJsonDocument(entryWithoutHash).toJson(QJsonDocument::Compact);
    return QCryptographicHash::hash(previousHash + '\n' + content, QCryptographicHash::Sha256).toHex();
}

Result<void> AuditLog::open()
{
    m_seq = 0;
    m_lastHash = kGenesis;
    QFile file(m_path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return ioError(m_path, QStringLiteral("read (%1)").arg(file.errorString()));
    // Only the last complete line matters to continue the chain.
    QByteArray last;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (!line.isEmpty())
            last = line;
    }
    if (last.isEmpty())
        return {};
    auto o = Json::parseObject(last, QStringLiteral("The last audit entry"));
    if (!o)
        return Error::make(
            Error::Kind::Io, QStringLiteral("audit_damaged"),
            QStringLiteral("The audit log %1 ends in a damaged line; verify it and move it aside.")
                .arg(m_path));
    m_seq = qint64(o->value(QStringLiteral("seq")).toDouble());
    m_lastHash = o->value(QStringLiteral("hash")).toString().toLatin1();
    return {};
}

Result<void> AuditLog::append(const Entry &entry)
{
    QJsonObject o { { QStringLiteral("seq"), double(m_seq + 1) },
                    { QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) },
                    { QStringLiteral("action"), entry.action },
                    { QStringLiteral("outcome"), entry.outcome },
                    { QStringLiteral("actor"), entry.actor.toJson() },
                    { QStringLiteral("target"), entry.target },
                    { QStringLiteral("correlationId"), entry.correlationId },
                    { QStringLiteral("details"), redacted(entry.details) },
                    { QStringLiteral("prev"), QString::fromLatin1(m_lastHash) } };
    const QByteArray hash = hashOf(m_lastHash, o);
    o.insert(QStringLiteral("hash"), QString::fromLatin1(hash));
    const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';

    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return ioError(m_path, QStringLiteral("opened for writing (%1)").arg(file.errorString()));
    const qint64 sizeBefore = file.size();
    if (file.write(line) != line.size() || !file.flush()) {
        // Leave no partial line behind: the chain must stay verifiable.
        file.resize(sizeBefore);
        return ioError(m_path, QStringLiteral("written (%1; is the disk full?)").arg(file.errorString()));
    }
    m_seq += 1;
    m_lastHash = hash;
    return {};
}

Result<AuditLog::Report> AuditLog::verify(const QString &path)
{
    QFile file(path);
    Report report;
    if (!file.exists())
        return report;
    if (!file.open(QIODevice::ReadOnly))
        return ioError(path, QStringLiteral("read (%1)").arg(file.errorString()));
    QByteArray previous = kGenesis;
    qint64 lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        auto o = Json::parseObject(line, QStringLiteral("line %1").arg(lineNumber));
        auto fail = [&](const QString &problem) {
            report.firstBadLine = lineNumber;
            report.problem = problem;
            return report;
        };
        if (!o)
            return fail(QStringLiteral("not a JSON object"));
        QJsonObject entry = o.value();
        const QByteArray stated = entry.take(QStringLiteral("hash")).toString().toLatin1();
        if (entry.value(QStringLiteral("prev")).toString().toLatin1() != previous)
            return fail(
                QStringLiteral("does not follow the line before it (removed, inserted or reordered lines)"));
        if (hashOf(previous, entry) != stated)
            return fail(QStringLiteral("its content does not match its hash (edited)"));
        if (qint64(entry.value(QStringLiteral("seq")).toDouble()) != report.entries + 1)
            return fail(QStringLiteral("sequence number out of order"));
        previous = stated;
        report.entries += 1;
    }
    return report;
}

} // namespace RestoreDesk::Audit
