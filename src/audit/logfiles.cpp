#include "audit/logfiles.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>

namespace RestoreDesk::Audit {

namespace {

constexpr int kDigits = 6;

// The segment number of `name` for the log `base`, or 0 when it is not a segment.
qint64 segmentNumber(const QString &name, const QString &base)
{
    if (!name.startsWith(base + QLatin1Char('.')) || name.size() != base.size() + 1 + kDigits)
        return 0;
    bool ok = false;
    const qint64 n = QStringView(name).mid(base.size() + 1).toLongLong(&ok);
    return ok ? n : 0;
}

} // namespace

LogFiles::LogFiles(QString currentPath)
    : m_current(QFileInfo(currentPath).absoluteFilePath())
{ }

QString LogFiles::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/audit.jsonl");
}

QString LogFiles::directory() const
{
    return QFileInfo(m_current).absolutePath();
}

QString LogFiles::anchor() const
{
    QString base = QFileInfo(m_current).fileName();
    if (base.endsWith(QLatin1String(".jsonl")))
        base.chop(6);
    return directory() + QLatin1Char('/') + base + QStringLiteral(".head");
}

QString LogFiles::lock() const
{
    QString base = QFileInfo(m_current).fileName();
    if (base.endsWith(QLatin1String(".jsonl")))
        base.chop(6);
    return directory() + QLatin1Char('/') + base + QStringLiteral(".lock");
}

QStringList LogFiles::segments() const
{
    const QString base = QFileInfo(m_current).fileName();
    const QStringList names = QDir(directory()).entryList({ base + QStringLiteral(".*") }, QDir::Files);
    QList<QPair<qint64, QString>> numbered;
    for (const QString &name : names) {
        if (const qint64 n = segmentNumber(name, base))
            numbered.append({ n, directory() + QLatin1Char('/') + name });
    }
    std::sort(numbered.begin(), numbered.end());
    QStringList out;
    for (const auto &p : numbered)
        out << p.second;
    return out;
}

QStringList LogFiles::chain() const
{
    QStringList out = segments();
    if (QFileInfo::exists(m_current))
        out << m_current;
    return out;
}

QString LogFiles::nextSegment() const
{
    const QStringList existing = segments();
    const QString base = QFileInfo(m_current).fileName();
    const qint64 last = existing.isEmpty() ? 0 : segmentNumber(QFileInfo(existing.last()).fileName(), base);
    return m_current + QLatin1Char('.') + QStringLiteral("%1").arg(last + 1, kDigits, 10, QLatin1Char('0'));
}

QString LogFiles::setAsidePath(const QString &kind) const
{
    const QString stamp
        = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss.zzz'Z'"));
    const QString base = m_current + QLatin1Char('.') + kind + QLatin1Char('-') + stamp;
    QString candidate = base;
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = base + QLatin1Char('-') + QString::number(n);
    return candidate;
}

} // namespace RestoreDesk::Audit
