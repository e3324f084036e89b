#pragma once

#include <QDateTime>
#include <QString>

namespace RestoreDesk::Models {

// Times and durations in words for the estate views ("3 days 4 hours", "2026-11-29 22:30"). The
// largest two units of a duration, rounded down, so a gap of 4 days and 40 minutes reads "4 days"
// rather than a number of seconds. Pure functions; any
// thread that may translate (the GUI thread).
QString durationText(qint64 secs);
// A point in time in local time, to the minute ("2026-11-29 22:30"); empty when invalid.
QString localTimeText(const QDateTime &t);

} // namespace RestoreDesk::Models
