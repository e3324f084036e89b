#pragma once

#include "backup/armid.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace RestoreDesk::Backup {

// The key distinctById() compares `id` by: its ARM id's key, or (not an ARM id) the id lower-cased.
inline QString distinctKey(const ArmId &parsed, const QString &id)
{
    QString key = parsed.key();
    return key.isEmpty() ? lowerId(id) : key;
}

// Each resource once, in the order first seen: a listing that shifts while it is paged (jobs
// start, items are added) can repeat an entry on a later page. Ids compare as ARM ids do
// (case-insensitively, an id without backupFabrics/Azure equal to the same id with it); the
// later copy of an entry wins, at the place of the first, as the list models keep them (the CLI's
// lists and the console's overview count the same entries). `keyOf(t)` gives distinctKey() of
// t.id (e.g. from an ArmId already parsed from it). Pure function.
template<typename T, typename KeyOf>
QList<T> distinctBy(const QList<T> &list, KeyOf &&keyOf)
{
    {
        // The common case first: no id repeats, and the list is given back as it is (shared, not
        // copied element by element).
        QSet<QString> keys;
        keys.reserve(list.size());
        bool repeats = false;
        for (const T &t : list) {
            const qsizetype before = keys.size();
            keys.insert(keyOf(t));
            if (keys.size() == before) {
                repeats = true;
                break;
            }
        }
        if (!repeats)
            return list;
    }
    QList<T> out;
    out.reserve(list.size());
    QHash<QString, qsizetype> at; // key -> index in `out`
    at.reserve(list.size());
    for (const T &t : list) {
        const QString key = keyOf(t);
        const auto seen = at.constFind(key);
        if (seen != at.cend()) {
            out[seen.value()] = t;
            continue;
        }
        at.insert(key, out.size());
        out << t;
    }
    return out;
}

// distinctBy() with the id parsed here; T has an `id`.
template<typename T>
QList<T> distinctById(const QList<T> &list)
{
    return distinctBy(list, [](const T &t) { return distinctKey(ArmId::parse(t.id), t.id); });
}

// distinctBy() for entries whose `armId` is ArmId::parse(id), as the service's readers give them
// (fromArm, fromArmText): the id is not parsed a second time.
template<typename T>
QList<T> distinctByArmId(const QList<T> &list)
{
    return distinctBy(list, [](const T &t) { return distinctKey(t.armId, t.id); });
}

} // namespace RestoreDesk::Backup
