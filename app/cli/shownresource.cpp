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
    const QDateTime utc = time.toUTC();
    const QDate d = utc.date();
    const QTime t = utc.time();
    if (d.year() < 1 || d.year() > 9999) // Qt::ISODate's own rules for other years
        return utc.toString(Qt::ISODate);
    // What Qt::ISODate writes for a UTC time (seconds, no milliseconds, "Z"), made directly:
    // a listing writes two per row.
    char text[20];
    auto put = [&text](int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(0, d.year(), 4);
    text[4] = '-';
    put(5, d.month(), 2);
    text[7] = '-';
    put(8, d.day(), 2);
    text[10] = 'T';
    put(11, t.hour(), 2);
    text[13] = ':';
    put(14, t.minute(), 2);
    text[16] = ':';
    put(17, t.second(), 2);
    text[19] = 'Z';
    return QString::fromLatin1(text, 20);
}

} // namespace RestoreDesk::Cli
