#pragma once

#include "audit/auditfilter.h"
#include "audit/record.h"
#include "audit/verdict.h"

#include <QList>

namespace RestoreDesk::Audit {

// An export an auditor can take away: the records (filtered), the chain head, the anchor and the
// verification result of the whole log at the time of export, in JSON (one object) or CSV (RFC
// 4180, with the head, the verdict and the filter in leading rows whose first cell starts with
// "#", every value escaped like any other cell, and cells that a spreadsheet would run as a
// formula prefixed with '). Pure, any thread.
namespace Export {

enum class Format { Json, Csv };

QByteArray json(const QList<Record> &records, const Verdict &verdict, const Filter &filter,
                const QString &logPath, const QDateTime &exportedAt);
QByteArray csv(const QList<Record> &records, const Verdict &verdict, const Filter &filter,
               const QString &logPath, const QDateTime &exportedAt);

} // namespace Export

} // namespace RestoreDesk::Audit
