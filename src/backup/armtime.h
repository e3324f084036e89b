#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace RestoreDesk::Backup {

// Times and durations as the Recovery Services API writes them. Pure functions, any thread.

// An ISO 8601 timestamp with any number of fraction digits ("2017-12-21T22:48:25.4353958Z"),
// with "Z", an offset, or nothing (read as UTC: the API's times are UTC). Returns the time in
// UTC; an invalid QDateTime for the "not set" sentinel the API uses for running operations
// ("0001-01-01T00:00:00.00000Z"); std::nullopt when the text is not a time.
std::optional<QDateTime> parseArmTime(const QString &text);
// The same for text that is its own value (Latin-1, no escapes: as a page writes a plain string),
// read without making a QString of it first.
std::optional<QDateTime> parseArmTime(QLatin1String text);

// A duration in milliseconds, from either form the API has used: ISO 8601 ("PT12.4272909S",
// "P1DT2H", "PT0S") or .NET TimeSpan text ("00:20:23.0896697", "1.02:03:04"). std::nullopt for
// anything else, a negative duration, or one longer than a century.
std::optional<qint64> parseArmDuration(const QString &text);

// The time of day of a schedule time: the API writes "2018-01-24T02:00:00Z" (or "…+00:00")
// where only the clock time counts (the date is arbitrary). Invalid QTime when unparseable.
QTime armClockTime(const QString &text);

} // namespace RestoreDesk::Backup
