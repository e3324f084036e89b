#include "core/jsonkeyset.h"

#include <algorithm>

namespace RestoreDesk::JsonText {

qsizetype KeySet::bucketOf(quint64 tag)
{
    // Fibonacci hashing: the top bits of the product depend on every bit of the tag.
    return qsizetype((tag * 0x9E3779B97F4A7C15ULL) >> (64 - kBits));
}

KeySet::KeySet(const QByteArrayView *keys, qsizetype count)
{
    // Past kMaxKeys the table would be more than half full (and a probe could find no end): a
    // programming error, refused in every build.
    if (count > kMaxKeys)
        qFatal("JsonText::KeySet: %lld keys, at most %lld", qlonglong(count), qlonglong(kMaxKeys));
    m_keys.reserve(count);
    for (const QByteArrayView *k = keys; k != keys + count; ++k) {
        const QByteArrayView key = *k;
        if (m_keys.contains(key.toByteArray()))
            qFatal("JsonText::KeySet: a key twice");
        const qsizetype slot = m_keys.size();
        m_keys.append(key.toByteArray());
        const quint64 tag = keyTag(key);
        qsizetype b = bucketOf(tag);
        while (m_buckets[size_t(b)].slot >= 0)
            b = (b + 1) & (kBuckets - 1);
        m_buckets[size_t(b)] = Bucket { tag, qint8(slot) };
    }
}

qsizetype KeySet::slotOf(const Member &m) const
{
    // A tag tells a key of up to seven bytes whole; a longer one is compared when its tag matches.
    // Keys of the set with the same tag lie further along the same probe.
    const bool tagIsKey = m.key.size() <= 7;
    for (qsizetype b = bucketOf(m.tag);; b = (b + 1) & (kBuckets - 1)) {
        const Bucket &bucket = m_buckets[size_t(b)];
        if (bucket.slot < 0)
            return -1;
        if (bucket.tag == m.tag && (tagIsKey || m.key == QByteArrayView(m_keys.at(bucket.slot))))
            return bucket.slot;
    }
}

void pick(MemberSpan members, const KeySet &keys, const Member **found, bool *unsure)
{
    std::fill(found, found + keys.size(), nullptr);
    for (const Member &m : members) {
        if (!m.plainKey) {
            *unsure = true; // it may spell one of the keys with escapes
            continue;
        }
        Q_ASSERT(m.tag == keyTag(m.key)); // a member made elsewhere than scan() or members() has none
        const qsizetype slot = keys.slotOf(m);
        if (slot < 0)
            continue;
        if (found[slot])
            *unsure = true; // twice: which one counts is Qt's business
        found[slot] = &m;
    }
}

} // namespace RestoreDesk::JsonText
