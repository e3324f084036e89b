#pragma once

#include "access/tokeninspection.h"

namespace RestoreDesk::Text {

// Sentences about an inspected token, shared by the claims inspector and `token inspect`.
// QtCore only; pure functions, any thread.

// "What it means and what to do" for a warning.
QString warningText(const Access::TokenWarning &warning);
QString severityName(Access::TokenWarning::Severity severity);
// The signature status stated exactly: verified with which key, or why not.
QString signatureText(const Access::SignatureStatus &status);
// "verified", "not verifiable by this client", "failed", "not checked".
QString signatureStateName(Access::SignatureStatus::State state);

// "45 s", "12 min", "3 h", "2 days".
QString durationText(qint64 seconds);
// "in 12 min" / "12 min ago".
QString relativeText(qint64 secondsFromNow);
// For a time claim, in words: "expires in 12 min", "expired 3 min ago", "issued 2 min ago"…
QString timeClaimPhrase(const QString &claim, qint64 secondsFromNow);
// "2026-11-30 09:18:32 UTC (10:18:32 local), expires in 12 min".
QString timeClaimText(const Access::ClaimEntry &entry);

// Replaces %1…%9 in `sentence` by args[0…8] in one pass, by position.
QString fillPlaceholders(const QString &sentence, const QStringList &args);

// The decoded header and payload for a support ticket, signature removed and marked so: a
// marker line, then the JSON. Never the original token.
QString ticketCopy(const Access::TokenInspection &inspection);

} // namespace RestoreDesk::Text
