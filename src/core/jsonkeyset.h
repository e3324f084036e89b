#pragma once

#include "core/jsontext.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <array>
#include <initializer_list>

namespace RestoreDesk::JsonText {

// A fixed set of plain ASCII keys looked up together: pick() finds all of them in one pass over
// an object's members, where a find() per key steps over every member once per key (an item of
// a listing asks some twenty keys of an object of some twenty members). The keys are placed by
// their keyTag() in a small open-addressed table, so a member is told apart by one multiplication
// and, mostly, one comparison. Built once (a function-local static); read-only afterwards, any
// thread.
class KeySet
{
public:
    static constexpr qsizetype kMaxKeys = 64;

    // Distinct plain ASCII keys, at most kMaxKeys; slot i is keys[i].
    KeySet(std::initializer_list<QByteArrayView> keys)
        : KeySet(keys.begin(), qsizetype(keys.size()))
    { }
    template<size_t N>
    explicit KeySet(const std::array<QByteArrayView, N> &keys)
        : KeySet(keys.data(), qsizetype(N))
    {
        static_assert(N <= size_t(kMaxKeys));
    }
    KeySet(const QByteArrayView *keys, qsizetype count);

    qsizetype size() const { return m_keys.size(); }
    QByteArrayView key(qsizetype slot) const { return m_keys.at(slot); }
    // The slot of the key `m` names (a plain key: its tag and bytes), or -1.
    qsizetype slotOf(const Member &m) const;

private:
    static constexpr int kBits = 7;
    static constexpr qsizetype kBuckets = qsizetype(1) << kBits; // at most half full

    static qsizetype bucketOf(quint64 tag);

    struct Bucket
    {
        quint64 tag = 0;
        qint8 slot = -1; // -1: empty, the end of a probe
    };
    std::array<Bucket, kBuckets> m_buckets {};
    QList<QByteArray> m_keys;
};

// What find() gives for each key of `keys`, from one pass over `members`: found[slot] is the
// member named keys.key(slot) or nullptr (`found` holds keys.size() entries), and `unsure` is set
// where find() would set it asking for any of them: a member whose key is written with escapes or
// non-ASCII text (it may spell one of them), or one of them written twice.
void pick(MemberSpan members, const KeySet &keys, const Member **found, bool *unsure);

} // namespace RestoreDesk::JsonText
