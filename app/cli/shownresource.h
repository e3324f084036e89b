#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace RestoreDesk::Cli {

// One thing a verb shows (a vault, an item, a job…), field by field, in the two forms the CLI
// prints: JSON (camelCase keys, times in ISO 8601 UTC, ids in full) and text (local times, the
// words a table cell or a "key: value" line shows). Keys keep the order they were added in, so
// a table's columns, a `show` listing and the JSON object name the same fields. Value type.
class ShownResource
{
public:
    // `text` empty: the JSON value as text (strings as they are, numbers, true/false).
    void add(const QString &key, const QJsonValue &json, const QString &text = {});
    void addText(const QString &key, const QString &value) { add(key, value); }
    // ISO 8601 UTC in JSON ("2026-11-29T10:00:00Z", null when invalid); local time as text.
    void addTime(const QString &key, const QDateTime &time);
    // Present only when the service said something (std::optional-like values).
    void addIfSet(const QString &key, const QJsonValue &json, const QString &text = {});

    // Shows `keys` (those present) first, in that order; the rest keep theirs.
    void putFirst(const QStringList &keys);

    const QStringList &keys() const { return m_keys; }
    bool has(const QString &key) const { return m_json.contains(key); }
    // A time's local text is made when asked for (a JSON listing of thousands never asks).
    QString text(const QString &key) const
    {
        const auto time = m_times.constFind(key);
        return time != m_times.cend() ? localTime(*time) : m_text.value(key);
    }
    QJsonObject toJson() const { return m_json; }

    // "lastRecoveryPoint" -> "last recovery point" (the table header is its upper case).
    static QString words(const QString &key);
    static QString localTime(const QDateTime &time);
    static QJsonValue isoTime(const QDateTime &time);
    // The text of isoTime() ("2026-11-29T10:00:00Z"); empty when invalid.
    static QString isoTimeText(const QDateTime &time);
    // The same text as Latin-1 bytes in `out` (what a listing writes twice per row, with no string
    // made of it); its length (kIsoTimeSize), or 0 when the time is invalid or not of years 1 to
    // 9999 (then only isoTimeText() gives it).
    static constexpr qsizetype kIsoTimeSize = 20;
    static qsizetype isoTimeLatin1(const QDateTime &time, char (&out)[kIsoTimeSize]);

private:
    QStringList m_keys;
    QJsonObject m_json;
    QHash<QString, QString> m_text;
    QHash<QString, QDateTime> m_times; // keys added by addTime(), whose text is local time
};

} // namespace RestoreDesk::Cli
