#pragma once

#include <QJsonObject>
#include <QString>

namespace RestoreDesk::Audit {

// The first audit API's shapes, kept so existing callers build unchanged: AuditLog::append(Entry)
// maps them to a Record (action → type, "started" → "requested", actor → identity without the
// display name, correlationId → correlationIds, details → params). New code uses Record and
// AuditTrail.
struct Actor
{
    QString issuer;
    QString subject;
    QString objectId;
    QString username;
    QString name; // not recorded: the identity is issuer, subject, object id, username, tenant
};

struct Entry
{
    QString action;
    QString outcome; // started, succeeded, failed
    Actor actor;
    QString target;
    QString correlationId;
    QJsonObject details;
};

} // namespace RestoreDesk::Audit
