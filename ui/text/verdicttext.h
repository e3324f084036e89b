#pragma once

#include "audit/verdict.h"

#include <QStringList>

namespace RestoreDesk::Text {

// The audit verdict in words, the same for the GUI's Verify and `audit verify`: a headline
// ("Intact: …", "Intact since record N, with incidents: …", "Broken at record N: …",
// "Incomplete: …"), which checks ran, and the notes the log recorded about itself. Pure
// functions, any thread.
QString verdictHeadline(const Audit::Verdict &v);
QStringList verdictChecks(const Audit::Verdict &v);
QStringList verdictNotes(const Audit::Verdict &v);
// A few words for an integrity note's kind ("records cut off the end", "a key change", …).
QString incidentName(const QString &kind);
// Headline, then checks and notes, one per line.
QString describeVerdict(const Audit::Verdict &v);

} // namespace RestoreDesk::Text
