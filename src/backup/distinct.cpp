#include "backup/distinct.h"

#include <QVarLengthArray>

namespace RestoreDesk::Backup::DistinctDetail {

namespace {

using Text = QVarLengthArray<char16_t, 256>;

// `s` lowered as lowerId() lowers it, appended; whether it was ASCII.
bool appendLowered(Text &out, const QString &s)
{
    const qsizetype at = out.size();
    out.resize(at + s.size());
    if (lowerAsciiInto(s, out.data() + at))
        return true;
    const QString lowered = lowerId(s);
    out.resize(at);
    out.append(reinterpret_cast<const char16_t *>(lowered.constData()), lowered.size());
    return false;
}

bool sameIgnoringAsciiCase(const QString &a, const QString &b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

BelowVault BelowVault::of(const ArmId &a)
{
    // itemKeyBelowVault()'s text, lowered segment by segment: the same as lowering the whole, as
    // Qt lowers each code point on its own (İ becomes two units either way), and no segment holds
    // a '/'.
    Text key;
    bool ascii = appendLowered(key, a.fabric);
    key.append(u'/');
    ascii = appendLowered(key, a.container) && ascii;
    key.append(u'/');
    ascii = appendLowered(key, a.item) && ascii;
    const size_t hash
        = qHashBits(key.constData(), size_t(key.size()) * sizeof(char16_t), QHashSeed::globalSeed());
    return BelowVault { &a, hash, ascii };
}

bool operator==(const BelowVault &a, const BelowVault &b)
{
    // Qt's hash compares the keys in every full bucket it probes: the hashes first.
    if (a.hash != b.hash)
        return false;
    const ArmId &x = *a.id;
    const ArmId &y = *b.id;
    if (a.ascii && b.ascii) // ASCII: equal lowered exactly when equal ignoring case
        return sameIgnoringAsciiCase(x.fabric, y.fabric) && sameIgnoringAsciiCase(x.container, y.container)
            && sameIgnoringAsciiCase(x.item, y.item);
    return itemKeyBelowVault(x) == itemKeyBelowVault(y);
}

} // namespace RestoreDesk::Backup::DistinctDetail
