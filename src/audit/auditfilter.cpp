#include "audit/auditfilter.h"

#include <QJsonArray>

namespace RestoreDesk::Audit {

namespace {

bool has(const QString &haystack, const QString &needle)
{
    return haystack.contains(needle, Qt::CaseInsensitive);
}

} // namespace

bool Filter::isEmpty() const
{
    return types.isEmpty() && outcomes.isEmpty() && identity.isEmpty() && resource.isEmpty()
        && !from.isValid() && !to.isValid() && text.isEmpty();
}

bool Filter::matchesIdentity(const Identity &id) const
{
    if (identity.isEmpty())
        return true;
    return has(id.username, identity) || has(id.subject, identity) || has(id.objectId, identity)
        || has(id.issuer, identity) || has(id.tenant, identity);
}

bool Filter::matches(const Record &r) const
{
    if (!types.isEmpty() && !types.contains(r.type, Qt::CaseInsensitive))
        return false;
    if (!outcomes.isEmpty() && !outcomes.contains(r.outcome, Qt::CaseInsensitive))
        return false;
    if (!matchesIdentity(r.identity))
        return false;
    if (!resource.isEmpty() && !has(r.target, resource))
        return false;
    if (from.isValid() && r.time < from)
        return false;
    if (to.isValid() && r.time > to)
        return false;
    if (!text.isEmpty() && !QString::fromUtf8(r.raw).contains(text, Qt::CaseInsensitive))
        return false;
    return true;
}

QJsonObject Filter::toJson() const
{
    QJsonObject o;
    if (!types.isEmpty())
        o.insert(QLatin1String("types"), QJsonArray::fromStringList(types));
    if (!outcomes.isEmpty())
        o.insert(QLatin1String("outcomes"), QJsonArray::fromStringList(outcomes));
    if (!identity.isEmpty())
        o.insert(QLatin1String("identity"), identity);
    if (!resource.isEmpty())
        o.insert(QLatin1String("resource"), resource);
    if (from.isValid())
        o.insert(QLatin1String("since"), from.toUTC().toString(Qt::ISODateWithMs));
    if (to.isValid())
        o.insert(QLatin1String("until"), to.toUTC().toString(Qt::ISODateWithMs));
    if (!text.isEmpty())
        o.insert(QLatin1String("search"), text);
    return o;
}

} // namespace RestoreDesk::Audit
