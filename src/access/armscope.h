#pragma once

#include <QString>

namespace RestoreDesk::Access {

// ARM scopes ("/", "/subscriptions/{id}", ".../resourceGroups/{rg}", a resource id).
// Comparison ignores case and a trailing slash.
QString normalizeScope(const QString &scope);

// True when `outer` is `inner` or one of its ancestors ("/" contains everything).
bool scopeContains(const QString &outer, const QString &inner);

// Whether an assignment (role or deny) at `assignmentScope` applies at `scope`. Path inheritance
// (scopeContains), and besides: when `listedAt` is the scope whose atScope() listing returned it,
// the listing vouches that it sits at or above `listedAt` (a management group, the tenant root,
// whatever its id looks like), so it applies at `listedAt` and below it, and at the scopes of that
// subscription above it when it is outside every subscription (a management group).
bool inheritedAt(const QString &assignmentScope, const QString &listedAt, const QString &scope);

} // namespace RestoreDesk::Access
