#pragma once

#include "backup/armid.h"

#include <QHash>
#include <QList>

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
    // One pass. Until the first repeat, `out` is not made at all: with no repeat (the common
    // case) the same list is given back, shared, not copied element by element.
    QHash<QString, qsizetype> at; // key -> index in the result
    at.reserve(list.size());
    QList<T> out;
    bool copying = false;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const T &t = list.at(i);
        QString key = keyOf(t);
        const auto seen = at.constFind(key);
        if (seen != at.cend()) {
            if (!copying) {
                out = list.first(i); // the entries so far, at their places
                out.reserve(list.size());
                copying = true;
            }
            out[seen.value()] = t;
            continue;
        }
        at.insert(std::move(key), copying ? out.size() : i);
        if (copying)
            out << t;
    }
    return copying ? out : list;
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
