#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>

#include <optional>

namespace RestoreDesk::Backup {

// Reads the members of one ARM JSON object for a parser, by dotted path ("properties.status"),
// and keeps the first problem as an Error: a required member that is absent, a member of the
// wrong JSON type, a value that cannot be right (an unparseable time, a count out of range).
// A parser reads everything it needs, then returns error() if !ok(). A member that is null
// counts as absent (the API writes null for "not set"). Used by every fromArm; value type, any
// thread.
class ArmReader
{
public:
    enum Need { Optional, Required };

    // `what` is the kind of object, a stable key ("RecoveryPoint") that errors name when the
    // object has no id; `prefix` is the
    // path of `object` inside the payload, for nested readers ("properties.subProtectionPolicy[1]").
    explicit ArmReader(QJsonObject object, QString what, QString prefix = {});

    // The id (or name) errors mention, once known.
    void setSubject(const QString &subject) { m_subject = subject; }
    // A reader for an object nested in this one, reporting with the same subject. Its error is
    // taken over with absorb().
    ArmReader nested(const QJsonObject &object, const QString &path) const;
    bool absorb(const ArmReader &other);

    const QJsonObject &object() const { return m_object; }

    // The member at `path`; undefined when absent or null.
    QJsonValue value(const char *path);
    bool has(const char *path) { return !value(path).isUndefined(); }

    QString string(const char *path, Need need = Optional);
    QStringList strings(const char *path, Need need = Optional);
    std::optional<qint64> integer(const char *path, qint64 min, qint64 max, Need need = Optional);
    std::optional<double> number(const char *path, double min, double max, Need need = Optional);
    std::optional<bool> boolean(const char *path, Need need = Optional);
    QJsonObject object(const char *path, Need need = Optional);
    QJsonArray array(const char *path, Need need = Optional);
    // An object whose members are all strings (tags, property bags).
    QMap<QString, QString> stringMap(const char *path, Need need = Optional);
    // A time (see parseArmTime); invalid when absent, empty or the "not set" sentinel.
    QDateTime time(const char *path, Need need = Optional);
    // A duration in ms (see parseArmDuration).
    std::optional<qint64> duration(const char *path, Need need = Optional);

    void fail(const Error &error);
    void failMissing(const QString &path);
    void failType(const QString &path, const QString &expected);
    void failValue(const QString &path, const QString &value);
    void failId(const QString &id, const QString &expectedKind);

    bool ok() const { return !m_error.has_value(); }
    const Error &error() const { return *m_error; }

    static QString typeName(const QJsonValue &value);

private:
    QString fullPath(const QString &path) const;
    QString subjectText() const;
    // The member, checked against an expected type; undefined (and maybe an error) otherwise.
    QJsonValue typed(const char *path, QJsonValue::Type type, Need need);

    QJsonObject m_object;
    QByteArray m_parentPath; // the path of m_parent, the object value() last descended to
    QJsonObject m_parent;
    QString m_what;
    QString m_prefix;
    QString m_subject;
    std::optional<Error> m_error;
};

} // namespace RestoreDesk::Backup
