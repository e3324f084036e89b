#include "audit/timeline.h"

#include <QHash>
#include <QJsonDocument>

#include <algorithm>

namespace RestoreDesk::Audit {

namespace {

QString localized(const QJsonValue &v)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        const QString value = o.value(QLatin1String("value")).toString();
        return value.isEmpty() ? o.value(QLatin1String("localizedValue")).toString() : value;
    }
    return v.toString();
}

bool inScope(const QString &target, const QString &scope)
{
    if (scope.isEmpty())
        return true;
    if (!target.startsWith(scope, Qt::CaseInsensitive))
        return false;
    return target.size() == scope.size() || target.at(scope.size()) == QLatin1Char('/');
}

bool inRange(const QDateTime &t, const QDateTime &from, const QDateTime &to)
{
    return (!from.isValid() || t >= from) && (!to.isValid() || t <= to);
}

} // namespace

TimelineEntry serviceEntry(const QJsonObject &event)
{
    TimelineEntry e;
    e.source = TimelineEntry::Source::Service;
    e.time = QDateTime::fromString(event.value(QLatin1String("eventTimestamp")).toString(), Qt::ISODateWithMs)
                 .toUTC();
    e.operation = localized(event.value(QLatin1String("operationName")));
    e.outcome = localized(event.value(QLatin1String("status")));
    e.who = event.value(QLatin1String("caller")).toString();
    e.target = event.value(QLatin1String("resourceId")).toString();
    if (e.target.isEmpty())
        e.target
            = event.value(QLatin1String("authorization")).toObject().value(QLatin1String("scope")).toString();
    const QString correlation = event.value(QLatin1String("correlationId")).toString();
    if (!correlation.isEmpty())
        e.correlationIds << correlation;
    e.eventId = event.value(QLatin1String("eventDataId")).toString();
    e.raw = event;
    return e;
}

QList<TimelineEntry> mergeTimeline(const QList<Record> &records, const QJsonArray &events,
                                   const QString &scope, const QDateTime &from, const QDateTime &to)
{
    QList<TimelineEntry> out;
    QHash<QString, QList<int>> byCorrelation; // lower-cased id -> indexes in `out`
    for (const Record &r : records) {
        if (!inScope(r.target, scope) || !inRange(r.time, from, to))
            continue;
        TimelineEntry e;
        e.source = TimelineEntry::Source::Local;
        e.time = r.time;
        e.operation = r.type;
        e.outcome = r.outcome;
        e.who = r.identity.display();
        e.target = r.target;
        e.correlationIds = r.correlationIds;
        e.seq = r.seq;
        e.raw = QJsonDocument::fromJson(r.raw).object();
        for (const QString &id : r.correlationIds)
            byCorrelation[id.toLower()] << int(out.size());
        out << e;
    }
    for (const QJsonValue &v : events) {
        TimelineEntry e = serviceEntry(v.toObject());
        if (!e.time.isValid() || !inScope(e.target, scope) || !inRange(e.time, from, to))
            continue;
        for (const QString &id : std::as_const(e.correlationIds)) {
            const QList<int> linked = byCorrelation.value(id.toLower());
            for (int i : linked) {
                e.linkedSeqs << out[i].seq;
                out[i].linkedEvents << e.eventId;
            }
        }
        out << e;
    }
    std::stable_sort(out.begin(), out.end(), [](const TimelineEntry &a, const TimelineEntry &b) {
        if (a.time != b.time)
            return a.time < b.time;
        return a.source == TimelineEntry::Source::Local && b.source == TimelineEntry::Source::Service;
    });
    return out;
}

} // namespace RestoreDesk::Audit
