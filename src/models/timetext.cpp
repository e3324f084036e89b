#include "models/timetext.h"

#include <QCoreApplication>

namespace RestoreDesk::Models {

namespace {

// The translation context of these words.
struct TimeText
{
    Q_DECLARE_TR_FUNCTIONS(TimeText)
};

QString years(qint64 n)
{
    return n == 1 ? TimeText::tr("1 year") : TimeText::tr("%1 years").arg(n);
}
QString months(qint64 n)
{
    return n == 1 ? TimeText::tr("1 month") : TimeText::tr("%1 months").arg(n);
}
QString days(qint64 n)
{
    return n == 1 ? TimeText::tr("1 day") : TimeText::tr("%1 days").arg(n);
}
QString hours(qint64 n)
{
    return n == 1 ? TimeText::tr("1 hour") : TimeText::tr("%1 hours").arg(n);
}
QString minutes(qint64 n)
{
    return n == 1 ? TimeText::tr("1 minute") : TimeText::tr("%1 minutes").arg(n);
}
QString pair(const QString &big, const QString &small)
{
    return TimeText::tr("%1 %2").arg(big, small);
}

} // namespace

QString durationText(qint64 secs)
{
    if (secs < 60)
        return TimeText::tr("under a minute");
    const qint64 m = secs / 60;
    const qint64 h = m / 60;
    const qint64 d = h / 24;
    if (d >= 365)
        return (d % 365) / 30 > 0 ? pair(years(d / 365), months((d % 365) / 30)) : years(d / 365);
    if (d >= 1)
        return h % 24 > 0 ? pair(days(d), hours(h % 24)) : days(d);
    if (h >= 1)
        return m % 60 > 0 ? pair(hours(h), minutes(m % 60)) : hours(h);
    return minutes(m);
}

QString localTimeText(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

} // namespace RestoreDesk::Models
