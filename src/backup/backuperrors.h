#pragma once

#include <QLatin1String>

namespace RestoreDesk::Backup::Codes {

// Codes of the backup domain layer (Error::code). The sentences an operator reads are in
// ui/text/errortext_backup.cpp; `args` are listed with each code.

// A member the object cannot do without is absent. args: member path, the object (its id, or
// its kind as a key such as RecoveryPoint when it has none).
inline constexpr QLatin1String MissingField("backup_missing_field");
// A member has the wrong JSON type. args: member path, object, expected JSON type.
inline constexpr QLatin1String WrongType("backup_wrong_type");
// A member has a value that cannot be right (an unparseable time, a negative or absurd count).
// args: member path, object, the value as text.
inline constexpr QLatin1String InvalidValue("backup_invalid_value");
// A resource id does not name the kind of resource expected. args: the id, the expected kind
// (a key: Subscription, Vault, Policy, ProtectedItem, Job).
inline constexpr QLatin1String InvalidId("backup_invalid_id");
// A listing returned an entry that lies outside the scope it lists (a vault of another
// subscription). args: the entry's id, the scope listed.
inline constexpr QLatin1String OutsideScope("backup_outside_scope");

} // namespace RestoreDesk::Backup::Codes
