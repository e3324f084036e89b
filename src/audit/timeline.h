#pragma once

#include "audit/record.h"

#include <QJsonArray>
#include <QList>

namespace RestoreDesk::Audit {

// One row of the merged timeline: a local audit record or an event of the backup service's
// activity log (ARM Microsoft.Insights/eventtypes/management/values), marked by source. Entries
// that share a correlation id are linked, so "I asked for this restore, and the service recorded
// it under my identity" can be shown. Plain value type, any thread.
struct TimelineEntry
{
    enum class Source { Local, Service };
    Source source = Source::Local;
    QDateTime time;
    QString operation; // local: event type; service: operationName
    QString outcome; // local: outcome; service: status
    QString who; // local: identity; service: caller
    QString target; // resource id
    QStringList correlationIds;
    qint64 seq = 0; // local only
    QString eventId; // service only: eventDataId
    QList<qint64> linkedSeqs; // service: local records with the same correlation id
    QStringList linkedEvents; // local: service events with the same correlation id
    QJsonObject raw; // local: the record's JSON; service: the event as received
};

// The local records and the service's events within [from, to] (invalid ends are open) whose
// target lies under `scope` (a vault id; empty = all), in time order (local before service at
// the same instant), linked by correlation id. Pure, any thread.
QList<TimelineEntry> mergeTimeline(const QList<Record> &records, const QJsonArray &events,
                                   const QString &scope, const QDateTime &from, const QDateTime &to);

// One activity-log event as a timeline entry (unlinked).
TimelineEntry serviceEntry(const QJsonObject &event);

} // namespace RestoreDesk::Audit
