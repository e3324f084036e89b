#pragma once

#include <QString>

namespace RestoreDesk::Access {

// Azure RBAC action matching: `*` matches any run of characters (including '/') and may stand
// anywhere; comparison ignores case (the published role lists mix `Vaults` and `vaults`).
// Pure functions, any thread.
bool actionMatches(const QString &pattern, const QString &action);

} // namespace RestoreDesk::Access
