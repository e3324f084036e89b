#include "verbargs.h"

#include <QRegularExpression>

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
    // A resource id is a path and nothing else: a URL, a query or a fragment would flow into the
    // request (the parser would quietly drop them), so they are refused rather than guessed at.
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*:"));
    if (id.contains(QLatin1Char('?')) || id.contains(QLatin1Char('#')) || scheme.match(id).hasMatch())
        return usage(QStringLiteral("'%1' is not a %2 id (%3): give the resource id alone, without a scheme, "
                                    "host, query or fragment")
                         .arg(id, what, shape));
    const Backup::ArmId parsed = Backup::ArmId::parse(id);
    if (parsed.kind != kind)
        return usage(QStringLiteral("'%1' is not a %2 id (%3)").arg(id, what, shape));
    // In canonical form: the path sent is the one the API's specification spells.
    return parsed.canonical();
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
