#include "backup/armreader.h"

#include "backup/armtime.h"
#include "backup/backuperrors.h"

#include <cmath>
#include <cstring>

namespace RestoreDesk::Backup {

ArmReader::ArmReader(QJsonObject object, QString what, QString prefix)
    : m_object(std::move(object))
    , m_what(std::move(what))
    , m_prefix(std::move(prefix))
{ }

ArmReader ArmReader::nested(const QJsonObject &object, const QString &path) const
{
    ArmReader r(object, m_what, fullPath(path));
    r.m_subject = m_subject;
    return r;
}

bool ArmReader::absorb(const ArmReader &other)
{
    if (!other.ok())
        fail(other.error());
    return other.ok();
}

QString ArmReader::fullPath(const QString &path) const
{
    if (path.isEmpty())
        return m_prefix;
    return m_prefix.isEmpty() ? path : m_prefix + QLatin1Char('.') + path;
}

QString ArmReader::subjectText() const
{
    return m_subject.isEmpty() ? m_what : m_subject;
}

QString ArmReader::typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

void ArmReader::fail(const Error &error)
{
    if (!m_error)
        m_error = error;
}

void ArmReader::failMissing(const QString &path)
{
    const QString p = fullPath(path);
    fail(Error::make(Error::Kind::Protocol, Codes::MissingField,
                     QStringLiteral("%1 %2 has no member %3").arg(m_what, m_subject, p).simplified(),
                     { p, subjectText() }));
}

void ArmReader::failType(const QString &path, const QString &expected)
{
    const QString p = fullPath(path);
    fail(Error::make(
        Error::Kind::Protocol, Codes::WrongType,
        QStringLiteral("%1 %2: member %3 is not of type %4").arg(m_what, m_subject, p, expected).simplified(),
        { p, subjectText(), expected }));
}

void ArmReader::failValue(const QString &path, const QString &value)
{
    const QString p = fullPath(path);
    const QString shown = value.size() > 80 ? value.left(77) + QStringLiteral("...") : value;
    fail(Error::make(Error::Kind::Protocol, Codes::InvalidValue,
                     QStringLiteral("%1 %2: member %3 has the value \"%4\", which cannot be right")
                         .arg(m_what, m_subject, p, shown)
                         .simplified(),
                     { p, subjectText(), shown }));
}

void ArmReader::failId(const QString &id, const QString &expectedKind)
{
    fail(Error::make(Error::Kind::Protocol, Codes::InvalidId,
                     QStringLiteral("%1: \"%2\" is not the id of a %3").arg(m_what, id, expectedKind),
                     { id, expectedKind }));
}

QJsonValue ArmReader::value(const char *path)
{
    // Looked up by Latin-1 views of the path's parts: no string is made unless it fails. The
    // object holding the last member read is kept: readers ask for one "properties.…" after
    // another.
    const QLatin1String p(path);
    const qsizetype last = p.lastIndexOf(QLatin1Char('.'));
    if (last > 0 && m_parentPath.size() == last
        && std::memcmp(m_parentPath.constData(), path, size_t(last)) == 0) {
        const QJsonValue v = m_parent.value(p.sliced(last + 1));
        return v.isNull() ? QJsonValue(QJsonValue::Undefined) : v;
    }
    QJsonObject current = m_object;
    qsizetype start = 0;
    while (true) {
        const qsizetype dot = p.indexOf(QLatin1Char('.'), start);
        const QJsonValue v = current.value(p.sliced(start, (dot < 0 ? p.size() : dot) - start));
        if (v.isUndefined() || v.isNull())
            return QJsonValue(QJsonValue::Undefined);
        if (dot < 0)
            return v;
        if (!v.isObject()) {
            failType(QString(p.left(dot)), QStringLiteral("object"));
            return QJsonValue(QJsonValue::Undefined);
        }
        current = v.toObject();
        if (dot == last) {
            m_parentPath = QByteArray(path, last);
            m_parent = current;
        }
        start = dot + 1;
    }
}

QJsonValue ArmReader::typed(const char *path, QJsonValue::Type type, Need need)
{
    const QJsonValue v = value(path);
    if (v.isUndefined()) {
        if (need == Required)
            failMissing(QString::fromLatin1(path));
        return v;
    }
    if (v.type() != type) {
        failType(QString::fromLatin1(path), typeName(QJsonValue(type)));
        return QJsonValue(QJsonValue::Undefined);
    }
    return v;
}

QString ArmReader::string(const char *path, Need need)
{
    return typed(path, QJsonValue::String, need).toString();
}

QStringList ArmReader::strings(const char *path, Need need)
{
    QStringList out;
    const QJsonArray a = array(path, need);
    for (const QJsonValue &v : a) {
        if (!v.isString()) {
            failType(QString::fromLatin1(path) + QStringLiteral("[]"), QStringLiteral("string"));
            return {};
        }
        out << v.toString();
    }
    return out;
}

std::optional<double> ArmReader::number(const char *path, double min, double max, Need need)
{
    const QJsonValue v = typed(path, QJsonValue::Double, need);
    if (v.isUndefined())
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < min || d > max) {
        failValue(QString::fromLatin1(path), QString::number(d));
        return std::nullopt;
    }
    return d;
}

std::optional<qint64> ArmReader::integer(const char *path, qint64 min, qint64 max, Need need)
{
    const auto d = number(path, double(min), double(max), need);
    if (!d)
        return std::nullopt;
    if (std::floor(*d) != *d) {
        failValue(QString::fromLatin1(path), QString::number(*d));
        return std::nullopt;
    }
    return qint64(*d);
}

std::optional<bool> ArmReader::boolean(const char *path, Need need)
{
    const QJsonValue v = typed(path, QJsonValue::Bool, need);
    if (v.isUndefined())
        return std::nullopt;
    return v.toBool();
}

QJsonObject ArmReader::object(const char *path, Need need)
{
    return typed(path, QJsonValue::Object, need).toObject();
}

QJsonArray ArmReader::array(const char *path, Need need)
{
    return typed(path, QJsonValue::Array, need).toArray();
}

QMap<QString, QString> ArmReader::stringMap(const char *path, Need need)
{
    QMap<QString, QString> out;
    const QJsonObject o = object(path, need);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isString()) {
            failType(QString::fromLatin1(path) + QLatin1Char('.') + it.key(), QStringLiteral("string"));
            return {};
        }
        out.insert(it.key(), it.value().toString());
    }
    return out;
}

QDateTime ArmReader::time(const char *path, Need need)
{
    const QString text = string(path, need);
    if (text.isEmpty())
        return {};
    const auto t = parseArmTime(text);
    if (!t) {
        failValue(QString::fromLatin1(path), text);
        return {};
    }
    return *t;
}

std::optional<qint64> ArmReader::duration(const char *path, Need need)
{
    const QString text = string(path, need);
    if (text.isEmpty())
        return std::nullopt;
    const auto d = parseArmDuration(text);
    if (!d)
        failValue(QString::fromLatin1(path), text);
    return d;
}

} // namespace RestoreDesk::Backup
