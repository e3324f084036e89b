#pragma once

#include "core/jsontext.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <array>
#include <cstring>
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
    // The slot of the key `m` names (a plain key: its bytes, and its tag, which must be
    // keyTag(m.key) as scan() and members() set it), or -1. Inline: pick() asks it of every
    // member of every object it is given.
    qsizetype slotOf(const Member &m) const
    {
        Q_ASSERT(m.tag == keyTag(m.key));
        // A tag tells a key of up to seven bytes whole; a longer one is compared when its tag
        // matches. Keys of the set with the same tag lie further along the same probe.
        for (qsizetype b = bucketOf(m.tag);; b = (b + 1) & (kBuckets - 1)) {
            const Bucket &bucket = m_buckets[size_t(b)];
            if (bucket.slot < 0)
                return -1;
            if (bucket.tag == m.tag && (m.key.size() <= 7 || sameLongKey(m.key, m_keys.at(bucket.slot))))
                return bucket.slot;
        }
    }

private:
    static constexpr int kBits = 7;
    static constexpr qsizetype kBuckets = qsizetype(1) << kBits; // at most half full

    static qsizetype bucketOf(quint64 tag)
    {
        // Fibonacci hashing: the top bits of the product depend on every bit of the tag.
        return qsizetype((tag * 0x9E3779B97F4A7C15ULL) >> (64 - kBits));
    }

    // Whether two keys of at least eight bytes whose tags are equal (so are their first seven
    // bytes) are the same: eight bytes at a time, the last eight overlapping what came before.
    static bool sameLongKey(QByteArrayView a, QByteArrayView b)
    {
        const qsizetype n = a.size();
        Q_ASSERT(n >= 8);
        if (n != b.size()) // tags hold lengths up to 255 only
            return false;
        auto word = [](const char *p) {
            quint64 w;
            std::memcpy(&w, p, sizeof w);
            return w;
        };
        for (qsizetype i = 7; i + 8 <= n; i += 8) {
            if (word(a.data() + i) != word(b.data() + i))
                return false;
        }
        return word(a.data() + n - 8) == word(b.data() + n - 8);
    }

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
