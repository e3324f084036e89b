#pragma once

#include <QString>

namespace RestoreDesk::Access {

// ARM scopes ("/", "/subscriptions/{id}", ".../resourceGroups/{rg}", a resource id).
// Comparison ignores case and a trailing slash.
QString normalizeScope(const QString &scope);

// True when `outer` is `inner` or one of its ancestors ("/" contains everything).
bool scopeContains(const QString &outer, const QString &inner);

} // namespace RestoreDesk::Access
