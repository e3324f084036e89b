#include "core/jsonutil.h"

#include <QJsonArray>

namespace RestoreDesk::Json {

Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &what)
{
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error::make(Error::Kind::Protocol, Codes::InvalidJson,
                           QStringLiteral("not valid JSON: %1 at offset %2")
                               .arg(parseError.errorString())
                               .arg(parseError.offset),
                           { what });
    }
    if (!doc.isObject())
        return Error::make(Error::Kind::Protocol, Codes::InvalidJson, QStringLiteral("not an object"),
                           { what });
    return doc.object();
}

QJsonValue valueAtPath(const QJsonObject &object, const QString &dottedPath)
{
    if (object.contains(dottedPath))
        return object.value(dottedPath); // claim names may contain dots themselves
    const QStringList parts = dottedPath.split(QLatin1Char('.'));
    QJsonValue current = object;
    for (const QString &part : parts) {
        if (!current.isObject())
            return QJsonValue(QJsonValue::Undefined);
        current = current.toObject().value(part);
    }
    return current;
}

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    if (value.isString()) {
        out << value.toString();
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &v : array) {
            if (v.isString())
                out << v.toString();
        }
    }
    return out;
}

} // namespace RestoreDesk::Json
