#pragma once

#include "backup/armid.h"

#include <QHash>
#include <QList>

namespace RestoreDesk::Backup {

// Each resource once, in the order first seen: a listing that shifts while it is paged (jobs
// start, items are added) can repeat an entry on a later page. Ids compare as ARM ids do
// (case-insensitively, an id without backupFabrics/Azure equal to the same id with it); the
// later copy of an entry wins, at the place of the first, as the list models keep them (the CLI's
// lists and the console's overview count the same entries). Pure function; T has an `id`.
template<typename T>
QList<T> distinctById(const QList<T> &list)
{
    QList<T> out;
    out.reserve(list.size());
    QHash<QString, qsizetype> at; // key -> index in `out`
    for (const T &t : list) {
        QString key = ArmId::parse(t.id).key();
        if (key.isEmpty())
            key = t.id.toLower();
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

} // namespace RestoreDesk::Backup
