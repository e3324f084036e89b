#pragma once

#include "backup/armid.h"
#include "core/result.h"

#include <QDateTime>

namespace RestoreDesk::Cli::VerbArgs {

// What the API verbs read from their arguments, checked before anything is sent; the errors
// are usage errors (their detail is the line to print). Pure functions.

// `value` as a resource id of `kind` ("vault", shown in the message with `shape`), returned in
// canonical form (ArmId::canonical); a URL, a query or a fragment is a usage error.
Result<QString> resourceId(const QString &value, Backup::ArmId::Kind kind, const QString &what,
                           const QString &shape);
// An ISO 8601 time ("2026-11-28T06:00:00Z", "2026-11-28T07:00", "2026-11-28"); without a zone
// it is local time. Returned in UTC.
Result<QDateTime> time(const QString &option, const QString &value);
// "22 protected items in rsv-prod-weu — 3 pages, every nextLink followed to the end."
QString coverage(int count, const QString &one, const QString &many, const QString &where, int pages);
// A time for a sentence: local, with the UTC time beside it.
QString when(const QDateTime &utc);

} // namespace RestoreDesk::Cli::VerbArgs
