#pragma once

#include <QByteArray>
#include <QLatin1String>
#include <QString>

namespace RestoreDesk::Cli {

// One object of a JSON list as JsonListWriter::element() shows it (QJsonDocument's indented
// array member), written straight from strings: no QJsonObject, no document, no second copy.
// Members are given in QJsonObject's order (keys sorted) and are strings or null; text that is
// plain printable ASCII is copied as it is, any other text is escaped by QJsonDocument itself,
// so the bytes are always QJsonDocument's. Value type of one row; main thread.
class JsonElementText
{
public:
    JsonElementText();

    void string(QLatin1String key, const QString &value);
    void null(QLatin1String key);
    // The element, without a separator; the object is closed by this call.
    QByteArray finish();

private:
    void key(QLatin1String key);

    QByteArray m_text;
    bool m_first = true;
};

} // namespace RestoreDesk::Cli
