#pragma once

#include <QByteArray>
#include <QLatin1String>
#include <QString>
#include <QStringView>

namespace RestoreDesk::Cli {

// One object of a JSON list as JsonListWriter::element() shows it (QJsonDocument's indented
// array member), written straight from strings: no QJsonObject, no document, no second copy.
// Members are given in QJsonObject's order (keys sorted) and are strings or null; text that is
// plain printable ASCII is copied as it is, any other text is escaped by QJsonDocument itself,
// so the bytes are always QJsonDocument's. Value type of one row; reentrant (rows are formatted on
// worker threads: no static state here).
class JsonElementText
{
public:
    JsonElementText();
    // Written at the end of `out` (e.g. JsonListWriter::beginElement()'s chunk), not into a
    // buffer of its own: no allocation or copy per element. finish() then returns nothing.
    explicit JsonElementText(QByteArray &out);
    JsonElementText(const JsonElementText &) = delete;
    JsonElementText &operator=(const JsonElementText &) = delete;

    void string(QLatin1String key, QStringView value);
    // Latin-1 text (an ISO time made as bytes): plain printable ASCII is copied as it is.
    void string(QLatin1String key, QLatin1String value);
    void null(QLatin1String key);
    // The element, without a separator (empty when written into another buffer); the object is
    // closed by this call.
    QByteArray finish();

private:
    // The member's separator, indentation, key and colon, with room for `more` bytes after
    // them; where those bytes go.
    char *key(QLatin1String key, qsizetype more);

    QByteArray m_own;
    QByteArray &m_text;
    bool m_first = true;
};

} // namespace RestoreDesk::Cli
