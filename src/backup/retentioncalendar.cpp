#include "backup/retentioncalendar.h"

#include <QStringList>

#include <cstddef>

namespace RestoreDesk::Backup {

namespace {

const char *const kDays[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
const char *const kMonths[] = { "January", "February", "March",     "April",   "May",      "June",
                                "July",    "August",   "September", "October", "November", "December" };
const char *const kWeeks[] = { "First", "Second", "Third", "Fourth", "Last" };

template<std::size_t N>
int indexOf(const char *const (&names)[N], const QString &name)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (name.compare(QLatin1String(names[i]), Qt::CaseInsensitive) == 0)
            return int(i) + 1;
    }
    return 0;
}

} // namespace

int dayOfWeekFromName(const QString &name)
{
    return indexOf(kDays, name);
}

int monthFromName(const QString &name)
{
    return indexOf(kMonths, name);
}

QString dayOfWeekName(int dayOfWeek)
{
    return dayOfWeek >= 1 && dayOfWeek <= 7 ? QLatin1String(kDays[dayOfWeek - 1]) : QString();
}

QString monthName(int month)
{
    return month >= 1 && month <= 12 ? QLatin1String(kMonths[month - 1]) : QString();
}

QString weekOfMonthName(const QString &name)
{
    const int i = indexOf(kWeeks, name);
    return i > 0 ? QLatin1String(kWeeks[i - 1]) : QString();
}

bool isNthWeekdayOfMonth(const QDate &date, const QString &week, int dayOfWeek)
{
    if (date.dayOfWeek() != dayOfWeek)
        return false;
    const int which = indexOf(kWeeks, week); // 1..4, 5 = Last
    if (which == 5)
        return date.addDays(7).month() != date.month();
    return which > 0 && (date.day() - 1) / 7 + 1 == which;
}

} // namespace RestoreDesk::Backup
