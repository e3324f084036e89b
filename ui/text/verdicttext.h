#pragma once

#include "audit/verdict.h"

#include <QStringList>

namespace RestoreDesk::Text {

// The audit verdict in words, the same for the GUI's Verify and `audit verify`: a headline
// ("Intact: …", "Broken at record N: …", "Incomplete: …"), which checks ran, and the notes the
// log recorded about itself. Pure functions, any thread.
QString verdictHeadline(const Audit::Verdict &v);
QStringList verdictChecks(const Audit::Verdict &v);
QStringList verdictNotes(const Audit::Verdict &v);
// Headline, then checks and notes, one per line.
QString describeVerdict(const Audit::Verdict &v);

} // namespace RestoreDesk::Text
