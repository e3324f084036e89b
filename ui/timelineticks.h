#pragma once

#include <QList>
#include <QString>

namespace RestoreDesk {

// The labelled ticks of a time axis in local time, on calendar boundaries (hours, midnights,
// Mondays, first days of months and years) and spaced so that labels of `minSpacingPx` fit in
// `widthPx`. Pure; GUI thread (labels follow the locale).
struct TimelineTick
{
    qint64 ms = 0;
    QString label; // "22:00", "29 Nov", "Nov 2026", "2026"
    bool major = false; // a day, month or year boundary under finer ticks
};

QList<TimelineTick> timelineTicks(qint64 fromMs, qint64 toMs, int widthPx, int minSpacingPx);

} // namespace RestoreDesk
