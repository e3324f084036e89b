#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace RestoreDesk::Audit {

class MacKey;

// The chain head kept outside the log (audit.head next to audit.jsonl): the last record's seq and
// hash, and, when a key is available, a MAC over both. Verification compares it with the log, so
// cutting records off the end is found.
//
// What it can and cannot prove: an attacker who edits only the log (or a tool that truncates it,
// or an old backup copied over it) is caught, because the log no longer reaches the anchored
// record. Editing only the anchor is caught by its MAC when a key is in use. An attacker who can
// write both files can still cut records off the end and write an anchor for the new last record:
// that anchor needs no secret when the log has no key, and with a key it can be an older copy of
// the anchor file replayed. Without the key they cannot edit, insert, reorder or append records,
// nor rewrite the file with a fresh chain (every record's MAC would be missing or wrong). A copy
// the attacker cannot reach (syslog forwarding to a SIEM) is what shows such a truncation.
// Value type, any thread.
struct Anchor
{
    qint64 seq = 0;
    QByteArray hash; // 64 hex
    QByteArray keyId; // 16 hex, empty without a MAC
    QByteArray mac; // 64 hex, empty without a MAC

    QByteArray toBytes() const;
    static Result<Anchor> parse(const QByteArray &bytes);
    // nullopt when the file does not exist; an Error when it exists but cannot be read or parsed.
    static Result<std::optional<Anchor>> read(const QString &path);
    static Anchor make(qint64 seq, const QByteArray &hash, MacKey *key);
};

} // namespace RestoreDesk::Audit
