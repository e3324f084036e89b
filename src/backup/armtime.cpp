#include "backup/armtime.h"

#include "core/qtcompat.h"

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

// The form the API (and the sandbox) writes nearly every time, "2026-11-30T22:00:14.1230000Z",
// read directly: a listing reads two per item, and Qt's ISO reader costs more than the rest of
// the item. Only where the answer cannot differ from Qt's: "YYYY-MM-DDTHH:MM:SS", then nothing
// or '.' and 1 to 9 digits of which only the first three may be other than 0, then "Z"; a valid
// date, a time of day before 24:00:00. Anything else (an offset, 24:00, more significant digits,
// which Qt rounds) is std::nullopt here, and Qt reads it.
// Over UTF-16 units (a QString) or Latin-1 bytes (text read straight from a page).
template<typename Char>
std::optional<QDateTime> commonUtcTime(const Char *c, qsizetype n)
{
    if (n < 20 || n > 30 || c[n - 1] != Char('Z'))
        return std::nullopt;
    auto digit = [](Char ch) { return ch >= Char('0') && ch <= Char('9'); };
    auto digits = [c, &digit](qsizetype at, int count, int *out) {
        int v = 0;
        for (int i = 0; i < count; ++i) {
            const Char ch = c[at + i];
            if (!digit(ch))
                return false;
            v = v * 10 + int(ch - Char('0'));
        }
        *out = v;
        return true;
    };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(0, 4, &year) || c[4] != Char('-') || !digits(5, 2, &month) || c[7] != Char('-')
        || !digits(8, 2, &day) || c[10] != Char('T') || !digits(11, 2, &hour) || c[13] != Char(':')
        || !digits(14, 2, &minute) || c[16] != Char(':') || !digits(17, 2, &second))
        return std::nullopt;
    int ms = 0;
    if (n > 20) {
        const qsizetype count = n - 21; // between '.' and 'Z'
        if (c[19] != Char('.') || count < 1 || count > 9)
            return std::nullopt;
        for (qsizetype i = 0; i < count; ++i) {
            const Char ch = c[20 + i];
            if (!digit(ch) || (i >= 3 && ch != Char('0')))
                return std::nullopt;
            if (i < 3)
                ms = ms * 10 + int(ch - Char('0'));
        }
        for (qsizetype i = count; i < 3; ++i)
            ms *= 10;
    }
    if (hour > 23 || minute > 59 || second > 59 || !QDate::isValid(year, month, day))
        return std::nullopt;
    return Compat::utcDateTime(QDate(year, month, day), QTime(hour, minute, second, ms));
}

} // namespace

std::optional<QDateTime> parseArmTime(const QString &text)
{
    if (text.size() < 10 || text.size() > 64)
        return std::nullopt;
    if (const auto common
        = commonUtcTime(reinterpret_cast<const char16_t *>(text.constData()), text.size())) {
        // Year 1 is the "not set" sentinel, read from the text's four digits (commonUtcTime took
        // only a valid date, so not year 0), not from the time, whose date Qt would work out
        // from its day number.
        return text.startsWith(QLatin1String("0001")) ? QDateTime() : *common;
    }
    const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    if (parsed.date().year() <= 1)
        return QDateTime(); // "0001-01-01T00:00:00Z": the API's "not set"
    if (parsed.timeSpec() == Qt::LocalTime)
        return QDateTime(parsed.date(), parsed.time(), QTimeZone::utc()).toUTC();
    return parsed.toUTC();
}

std::optional<QDateTime> parseArmTime(QLatin1String text)
{
    if (const auto common = commonUtcTime(text.data(), text.size()))
        return text.startsWith(QLatin1String("0001")) ? QDateTime() : *common; // as above
    return parseArmTime(QString(text));
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
