#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace RestoreDesk::Sandbox {

// The small OData `$filter` subset ARM list operations use: clauses `name op 'value'` (or an
// unquoted value, or `atScope()`), joined by `and`. Operators: eq, ne, ge, le, gt, lt.
struct FilterClause
{
    QString name; // as written
    QString op; // lower case
    QString value;
};

Result<QList<FilterClause>> parseFilter(const QString &filter);

// ARM job filters write times as '2016-01-01 00:00:00 AM'; activity-log filters use ISO 8601.
QDateTime parseFilterTime(const QString &text);

} // namespace RestoreDesk::Sandbox
