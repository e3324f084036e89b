#pragma once

#include <QDate>
#include <QString>

namespace RestoreDesk::Backup {

// The calendar words of schedules and retention rules ("Sunday", "January", "First" … "Last")
// and the date tests built on them. Names compare without regard to case. Pure functions, any
// thread.

int dayOfWeekFromName(const QString &name); // Monday = 1 .. Sunday = 7, 0 unknown
int monthFromName(const QString &name); // January = 1, 0 unknown
QString dayOfWeekName(int dayOfWeek); // "Monday"; empty when out of range
QString monthName(int month); // "January"; empty when out of range
// "First", "Second", "Third", "Fourth", "Last" in canonical casing; empty when unknown.
QString weekOfMonthName(const QString &name);
// True when `date` is the `week` ("First" … "Fourth", "Last") `dayOfWeek` of its month.
bool isNthWeekdayOfMonth(const QDate &date, const QString &week, int dayOfWeek);

} // namespace RestoreDesk::Backup
