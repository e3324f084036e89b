#include "backup/armtime.h"

#include <QTimeZone>

#include <cmath>

namespace RestoreDesk::Backup {

namespace {

constexpr double kMsPerSecond = 1000.0;
constexpr double kMsPerDay = 86400.0 * kMsPerSecond;
constexpr double kCenturyMs = 100.0 * 366.0 * kMsPerDay;

// Digits, optionally followed by a fraction ("12", "12.4272909"); advances `i`. More than 15
// integer digits cannot be a sensible duration and would lose precision: refused.
std::optional<double> number(const QString &s, int &i, bool allowFraction, bool *hadFraction = nullptr)
{
    const int start = i;
    double value = 0;
    while (i < s.size() && s.at(i).isDigit() && s.at(i).unicode() < 128) {
        value = value * 10 + (s.at(i).unicode() - '0');
        ++i;
    }
    if (i == start || i - start > 15)
        return std::nullopt;
    if (allowFraction && i < s.size() && (s.at(i) == QLatin1Char('.') || s.at(i) == QLatin1Char(','))) {
        ++i;
        const int fractionStart = i;
        double scale = 0.1;
        while (i < s.size() && s.at(i).isDigit() && s.at(i).unicode() < 128) {
            value += scale * (s.at(i).unicode() - '0');
            scale /= 10;
            ++i;
        }
        if (i == fractionStart)
            return std::nullopt;
        if (hadFraction)
            *hadFraction = true;
    }
    return value;
}

std::optional<qint64> finish(double ms)
{
    if (!std::isfinite(ms) || ms < 0 || ms > kCenturyMs)
        return std::nullopt;
    return qint64(std::llround(ms));
}

// ISO 8601 duration without years and months (which have no fixed length): PnW, PnDTnHnMn.nS.
std::optional<qint64> isoDuration(const QString &s)
{
    int i = 1; // after 'P'
    bool inTime = false;
    bool any = false;
    int lastRank = -1;
    double ms = 0;
    while (i < s.size()) {
        if (s.at(i) == QLatin1Char('T')) {
            if (inTime)
                return std::nullopt;
            inTime = true;
            ++i;
            if (i == s.size())
                return std::nullopt; // "PT" names nothing
            continue;
        }
        bool fraction = false;
        const auto value = number(s, i, inTime, &fraction);
        if (!value || i >= s.size())
            return std::nullopt;
        if (fraction && i + 1 < s.size())
            return std::nullopt; // only the last component may have a fraction
        const QChar unit = s.at(i++);
        int rank = -1;
        double factor = 0;
        if (!inTime && unit == QLatin1Char('W')) {
            rank = 0;
            factor = 7 * kMsPerDay;
        } else if (!inTime && unit == QLatin1Char('D')) {
            rank = 1;
            factor = kMsPerDay;
        } else if (inTime && unit == QLatin1Char('H')) {
            rank = 2;
            factor = 3600 * kMsPerSecond;
        } else if (inTime && unit == QLatin1Char('M')) {
            rank = 3;
            factor = 60 * kMsPerSecond;
        } else if (inTime && unit == QLatin1Char('S')) {
            rank = 4;
            factor = kMsPerSecond;
        }
        if (rank <= lastRank)
            return std::nullopt; // unknown unit, or units out of order / repeated
        lastRank = rank;
        ms += *value * factor;
        any = true;
    }
    return any ? finish(ms) : std::nullopt;
}

// .NET TimeSpan text: [d.]hh:mm:ss[.fffffff].
std::optional<qint64> timeSpan(const QString &s)
{
    const QStringList parts = s.split(QLatin1Char(':'));
    if (parts.size() != 3)
        return std::nullopt;
    double days = 0;
    QString hoursText = parts.at(0);
    const int dot = int(hoursText.indexOf(QLatin1Char('.')));
    if (dot >= 0) {
        int i = 0;
        const QString daysText = hoursText.left(dot);
        const auto d = number(daysText, i, false);
        if (!d || i != daysText.size())
            return std::nullopt;
        days = *d;
        hoursText = hoursText.mid(dot + 1);
    }
    auto field = [](const QString &text, bool fraction, double limit) -> std::optional<double> {
        int i = 0;
        const auto v = number(text, i, fraction);
        if (!v || i != text.size() || text.size() < 1 || *v >= limit)
            return std::nullopt;
        return v;
    };
    const auto hours = field(hoursText, false, 24);
    const auto minutes = field(parts.at(1), false, 60);
    const auto seconds = field(parts.at(2), true, 60);
    if (!hours || !minutes || !seconds || parts.at(1).size() != 2)
        return std::nullopt;
    return finish(days * kMsPerDay + (*hours * 3600 + *minutes * 60 + *seconds) * kMsPerSecond);
}

} // namespace

std::optional<QDateTime> parseArmTime(const QString &text)
{
    if (text.size() < 10 || text.size() > 64)
        return std::nullopt;
    const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    if (parsed.date().year() <= 1)
        return QDateTime(); // "0001-01-01T00:00:00Z": the API's "not set"
    if (parsed.timeSpec() == Qt::LocalTime)
        return QDateTime(parsed.date(), parsed.time(), QTimeZone::utc()).toUTC();
    return parsed.toUTC();
}

std::optional<qint64> parseArmDuration(const QString &text)
{
    if (text.isEmpty() || text.size() > 64)
        return std::nullopt;
    if (text.startsWith(QLatin1Char('P')))
        return isoDuration(text);
    return timeSpan(text);
}

QTime armClockTime(const QString &text)
{
    if (text.size() > 64)
        return {};
    const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (parsed.isValid())
        return parsed.time(); // as written: the date and the "Z" carry no meaning here
    return QTime::fromString(text, Qt::ISODateWithMs);
}

} // namespace RestoreDesk::Backup
