#pragma once

#include "backup/armid.h"

#include <QHash>
#include <QList>

#include <type_traits>

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
// lists and the console's overview count the same entries). `keyOf(t)` gives t's key: a value
// whose qHash() and == agree (distinctKey() of t.id, or a BelowVault), which may point into `t`
// (valid during this call only). Pure function.
template<typename T, typename KeyOf>
QList<T> distinctBy(const QList<T> &list, KeyOf &&keyOf)
{
    // One pass. Until the first repeat, `out` is not made at all: with no repeat (the common
    // case) the same list is given back, shared, not copied element by element.
    using Key = std::decay_t<std::invoke_result_t<KeyOf &, const T &>>;
    QHash<Key, qsizetype> at; // key -> index in the result
    at.reserve(list.size());
    QList<T> out;
    bool copying = false;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const T &t = list.at(i);
        Key key = keyOf(t);
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

namespace DistinctDetail {

// Whether every entry of `list` is an item of one vault (Kind::Item: nothing below the item, no
// child or operation segments), whose part of the id is written the same in all (as the ids of a
// vault's item listing are: read with ArmId::parse's `like`, they even share those strings). Then
// two entries are one ARM id exactly when what follows the vault is, ignoring case: the fabric
// ("Azure" when the id has none), the container and the item, segments that hold no '/'.
template<typename T>
bool itemsOfOneVault(const QList<T> &list)
{
    if (list.isEmpty())
        return false;
    const ArmId &v = list.first().armId;
    if (v.kind != ArmId::Kind::Item || v.vault.isEmpty())
        return false;
    for (const T &t : list) {
        const ArmId &a = t.armId;
        if (a.kind != ArmId::Kind::Item || a.vault != v.vault || a.resourceName != v.resourceName
            || a.resourceGroup != v.resourceGroup || a.subscription != v.subscription
            || a.namelessResourceGroup != v.namelessResourceGroup || a.resourceType != v.resourceType
            || a.providerNamespace != v.providerNamespace)
            return false;
    }
    return true;
}

// For itemsOfOneVault() entries: the key below the vault, lower-cased as ArmId::key() lowers.
inline QString itemKeyBelowVault(const ArmId &a)
{
    QString key;
    key.reserve(a.fabric.size() + a.container.size() + a.item.size() + 2);
    key += a.fabric;
    key += QLatin1Char('/');
    key += a.container;
    key += QLatin1Char('/');
    key += a.item;
    return lowerId(std::move(key));
}

// An itemsOfOneVault() entry as its itemKeyBelowVault() compares, without that key made: the
// hash of its lowered text (worked out in a buffer, on the stack for all but very long ids), and the entry's
// id, whose segments are compared (ignoring ASCII case) only when two hashes are equal. Valid while the id it
// shows is.
struct BelowVault
{
    const ArmId *id = nullptr;
    size_t hash = 0;
    bool ascii = false; // fabric, container and item are all ASCII: lowering is A-Z -> a-z

    static BelowVault of(const ArmId &a);
    friend bool operator==(const BelowVault &a, const BelowVault &b);
    // QHash's seed is in `hash` already (QHashSeed::globalSeed(), as QHash takes it).
    friend size_t qHash(const BelowVault &k, size_t = 0) { return k.hash; }
};

} // namespace DistinctDetail

// distinctBy() for entries whose `armId` is ArmId::parse(id), as the service's readers give them
// (fromArm, fromArmText): the id is not parsed a second time. The items of one vault (a vault's
// listing) are keyed by what follows the vault, not by their whole id written again and lowered:
// the same entries either way, for a fifth of the text, which is hashed, not copied into a key.
template<typename T>
QList<T> distinctByArmId(const QList<T> &list)
{
    if (DistinctDetail::itemsOfOneVault(list))
        return distinctBy(list, [](const T &t) { return DistinctDetail::BelowVault::of(t.armId); });
    return distinctBy(list, [](const T &t) { return distinctKey(t.armId, t.id); });
}

} // namespace RestoreDesk::Backup
