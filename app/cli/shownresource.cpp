#include "shownresource.h"

#include <QJsonArray>

namespace RestoreDesk::Cli {

void ShownResource::add(const QString &key, const QJsonValue &json, const QString &text)
{
    if (!m_json.contains(key))
        m_keys << key;
    m_json.insert(key, json);
    m_times.remove(key);
    QString shown = text;
    if (shown.isEmpty()) {
        switch (json.type()) {
        case QJsonValue::String:
            shown = json.toString();
            break;
        case QJsonValue::Double:
            shown = QString::number(json.toDouble());
            break;
        case QJsonValue::Bool:
            shown = json.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
            break;
        case QJsonValue::Array: {
            QStringList parts;
            for (const QJsonValue &v : json.toArray())
                parts << (v.isString() ? v.toString() : QString());
            parts.removeAll(QString());
            shown = parts.join(QStringLiteral(", "));
            break;
        }
        default:
            break;
        }
    }
    m_text.insert(key, shown);
}

void ShownResource::addTime(const QString &key, const QDateTime &time)
{
    if (!m_json.contains(key))
        m_keys << key;
    m_json.insert(key, isoTime(time));
    m_text.remove(key);
    m_times.insert(key, time);
}

void ShownResource::addIfSet(const QString &key, const QJsonValue &json, const QString &text)
{
    if (json.isNull() || json.isUndefined() || (json.isString() && json.toString().isEmpty()))
        return;
    add(key, json, text);
}

void ShownResource::putFirst(const QStringList &keys)
{
    QStringList ordered;
    for (const QString &k : keys) {
        if (m_keys.contains(k))
            ordered << k;
    }
    for (const QString &k : std::as_const(m_keys)) {
        if (!ordered.contains(k))
            ordered << k;
    }
    m_keys = ordered;
}

QString ShownResource::words(const QString &key)
{
    QString out;
    for (const QChar c : key) {
        if (c.isUpper() && !out.isEmpty())
            out += QLatin1Char(' ');
        out += c.toLower();
    }
    return out;
}

QString ShownResource::localTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

QJsonValue ShownResource::isoTime(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(isoTimeText(time)) : QJsonValue();
}

QString ShownResource::isoTimeText(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    char text[kIsoTimeSize];
    if (isoTimeLatin1(time, text) == kIsoTimeSize)
        return QString::fromLatin1(text, kIsoTimeSize);
    return time.toUTC().toString(Qt::ISODate); // other years: Qt::ISODate's own rules
}

qsizetype ShownResource::isoTimeLatin1(const QDateTime &time, char (&text)[kIsoTimeSize])
{
    if (!time.isValid())
        return 0;
    constexpr qint64 kMsPerDay = 86400000;
    constexpr qint64 kYear1 = -62135596800000; // 0001-01-01T00:00:00Z
    constexpr qint64 kYear10000 = 253402300800000; // 10000-01-01T00:00:00Z
    const qint64 ms = time.toMSecsSinceEpoch();
    if (ms < kYear1 || ms >= kYear10000)
        return 0;
    // What Qt::ISODate writes for a UTC time (seconds, no milliseconds, "Z"), made directly from
    // the milliseconds (a listing writes two per row): the proleptic Gregorian date of the day
    // number (H. Hinnant's civil_from_days, as Qt's calendar counts), then the time of day.
    const qint64 days = ms >= 0 ? ms / kMsPerDay : -((-ms + kMsPerDay - 1) / kMsPerDay);
    const qint64 msOfDay = ms - days * kMsPerDay;
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const int year = int(yoe + era * 400 + (month <= 2 ? 1 : 0));
    const int seconds = int(msOfDay / 1000);
    auto put = [&text](int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(0, year, 4);
    text[4] = '-';
    put(5, month, 2);
    text[7] = '-';
    put(8, day, 2);
    text[10] = 'T';
    put(11, seconds / 3600, 2);
    text[13] = ':';
    put(14, seconds / 60 % 60, 2);
    text[16] = ':';
    put(17, seconds % 60, 2);
    text[19] = 'Z';
    return kIsoTimeSize;
}

} // namespace RestoreDesk::Cli
