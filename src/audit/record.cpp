#include "audit/record.h"

#include "audit/auditerrors.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace RestoreDesk::Audit {

QJsonObject Record::bodyJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("time"), time.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QLatin1String("outcome"), outcome);
    if (!identity.isEmpty())
        o.insert(QLatin1String("identity"), identity.toJson());
    if (!target.isEmpty())
        o.insert(QLatin1String("target"), target);
    if (!params.isEmpty())
        o.insert(QLatin1String("params"), params);
    if (!correlationIds.isEmpty())
        o.insert(QLatin1String("correlationIds"), QJsonArray::fromStringList(correlationIds));
    if (!reason.isEmpty())
        o.insert(QLatin1String("reason"), reason);
    if (ref > 0)
        o.insert(QLatin1String("ref"), double(ref));
    o.insert(QLatin1String("app"), app);
    o.insert(QLatin1String("host"), host);
    return o;
}

Result<Record> Record::parse(const QByteArray &line)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error::make(Error::Kind::Invalid, Codes::Malformed,
                           error.error != QJsonParseError::NoError ? error.errorString()
                                                                   : QStringLiteral("not a JSON object"));
    const QJsonObject o = doc.object();
    Record r;
    r.seq = qint64(o.value(QLatin1String("seq")).toDouble());
    r.prev = o.value(QLatin1String("prev")).toString();
    r.type = o.value(QLatin1String("type")).toString();
    r.time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODateWithMs).toUTC();
    r.outcome = o.value(QLatin1String("outcome")).toString();
    r.identity = Identity::fromJson(o.value(QLatin1String("identity")).toObject());
    r.target = o.value(QLatin1String("target")).toString();
    r.params = o.value(QLatin1String("params")).toObject();
    const QJsonArray ids = o.value(QLatin1String("correlationIds")).toArray();
    for (const QJsonValue &v : ids)
        r.correlationIds << v.toString();
    r.reason = o.value(QLatin1String("reason")).toString();
    r.ref = qint64(o.value(QLatin1String("ref")).toDouble());
    r.app = o.value(QLatin1String("app")).toString();
    r.host = o.value(QLatin1String("host")).toString();
    r.hash = o.value(QLatin1String("hash")).toString();
    r.keyId = o.value(QLatin1String("key")).toString();
    r.hasMac = o.contains(QLatin1String("mac"));
    r.raw = line;
    if (r.seq <= 0 || r.type.isEmpty() || !r.time.isValid())
        return Error::make(Error::Kind::Invalid, Codes::Malformed,
                           QStringLiteral("missing seq, type or time"));
    return r;
}

} // namespace RestoreDesk::Audit
