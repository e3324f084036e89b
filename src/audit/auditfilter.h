#pragma once

#include "audit/record.h"

#include <QDateTime>
#include <QStringList>

namespace RestoreDesk::Audit {

// Which records to show or export: event types, outcomes, identity (any of its fields), resource
// (part of the target id), time range (inclusive; an invalid end is open) and free text (anywhere
// in the record). Text matches ignore case. Empty fields match everything. Used by the view's
// proxy and by `audit list|export`. Plain value type, any thread.
struct Filter
{
    QStringList types;
    QStringList outcomes;
    QString identity;
    QString resource;
    QDateTime from;
    QDateTime to;
    QString text;

    bool isEmpty() const;
    bool matches(const Record &r) const;
    bool matchesIdentity(const Identity &id) const;
    QJsonObject toJson() const;
};

} // namespace RestoreDesk::Audit
