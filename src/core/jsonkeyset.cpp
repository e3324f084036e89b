#include "core/jsonkeyset.h"

#include <algorithm>

namespace RestoreDesk::JsonText {

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
