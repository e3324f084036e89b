#include "verbargs.h"

namespace RestoreDesk::Cli::VerbArgs {

namespace {

Error usage(const QString &line)
{
    return Error::make(Error::Kind::Invalid, QStringLiteral("usage"), line);
}

} // namespace

Result<QString> resourceId(const QString &value, Backup::ArmId::Kind kind, const QString &what,
                           const QString &shape)
{
    const QString id = value.trimmed();
    if (id.isEmpty())
        return usage(QStringLiteral("give the %1 id (%2)").arg(what, shape));
    if (Backup::ArmId::parse(id).kind != kind)
        return usage(QStringLiteral("'%1' is not a %2 id (%3)").arg(id, what, shape));
    return id;
}

Result<QDateTime> time(const QString &option, const QString &value)
{
    const QString text = value.trimmed();
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid()) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid())
            t = date.startOfDay();
    }
    if (!t.isValid())
        return usage(QStringLiteral("%1 needs an ISO 8601 time such as 2026-11-28T06:00:00Z or 2026-11-28, "
                                    "not '%2'")
                         .arg(option, text));
    return t.toUTC();
}

QString coverage(int count, const QString &one, const QString &many, const QString &where, int pages)
{
    const QString things = QStringLiteral("%1 %2").arg(count).arg(count == 1 ? one : many);
    return QStringLiteral("%1%2 — %3 page%4, every nextLink followed to the end.")
        .arg(things, where.isEmpty() ? QString() : QLatin1Char(' ') + where)
        .arg(pages)
        .arg(pages == 1 ? QString() : QStringLiteral("s"));
}

QString when(const QDateTime &utc)
{
    return QStringLiteral("%1 (%2 UTC)")
        .arg(utc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
             utc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
}

} // namespace RestoreDesk::Cli::VerbArgs
