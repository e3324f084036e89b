#pragma once

#include <QJsonObject>
#include <QJsonValue>

namespace RestoreDesk::Audit {

// What goes into a record never carries a secret: every string, also inside arrays and nested
// objects, passes through redactSecrets(), and the value of any key that names a secret
// (authorization, cookie, password, *token*, *secret*, assertion, code_verifier…) is replaced
// whole, since an opaque refresh token is not recognisable by its shape. Pure, any thread.
QJsonValue redactJson(const QJsonValue &value);
QJsonObject redactJson(const QJsonObject &object);
bool isSecretKey(const QString &key);

} // namespace RestoreDesk::Audit
