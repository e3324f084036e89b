#pragma once

#include "core/result.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace RestoreDesk::Json {

// Parses bytes that must hold a JSON object; the error says where parsing stopped.
Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &what);

// Follows a dotted path ("realm_access.roles") through nested objects; undefined when absent.
QJsonValue valueAtPath(const QJsonObject &object, const QString &dottedPath);

// A claim that may be a string or an array of strings, as a list (aud, groups, roles, amr).
QStringList stringList(const QJsonValue &value);

} // namespace RestoreDesk::Json
