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
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

} // namespace RestoreDesk::Cli
