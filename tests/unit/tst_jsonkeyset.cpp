// JsonText::KeySet and pick(): one pass over an object's members gives, for every key of the set,
// what find() gives for that key (the member or none), and sets `unsure` exactly when find()
// would for one of them: over objects made of the set's keys, keys that share their tag with one
// of them (same length, same first seven bytes), keys written with escapes or non-ASCII text, the
// empty key, repeats, and null values, in random orders.
#include "core/jsonkeyset.h"
#include "core/jsontext.h"

#include <QRandomGenerator>
#include <QTest>

#include <array>

using namespace RestoreDesk;
using namespace RestoreDesk::JsonText;

namespace {

// An item's keys as the protected-item reader asks them.
const QList<QByteArray> kSetKeys {
    "protectedItemType", "protectedItemHealthStatus", "policyName", "policyType", "id", "name",
    "lastBackupTime",    "lastBackupStatus",          "x",          "properties"
};

// Keys a page may hold besides: some with the tag of a key of the set, some spelling one with an
// escape (as written in the text), one that is not ASCII.
const QList<QByteArray> kOtherKeys {
    "protectedItemTypo", // the tag of "protectedItemType", other bytes
    "protectedItemHealthStatuz",
    "protectedXtemHealthStatus", // the same length and first seven bytes, other bytes in between
    "protectedItemHXalthStatus",
    "protectedItemHealXhStatus",
    "lastBackupStXtus",
    "protectXdItemHealthStatus", // the first byte past the tag
    "lastBacXupStatus",
    "policyNamf",
    "lastBackupTimf",
    "i",
    "ids",
    "nam",
    "",
    "propertiez",
    "friendlyName",
    "containerName",
};
const QList<QByteArray> kEscapedKeys { "\\u0069d", "nam\\u0065", "policy\\u004eame", "caf\xc3\xa9" };

struct Object
{
    QByteArray text;
    MemberSpan members;
    Members storage;
};

// A member with a plain key, its tag set as scan() sets it.
Member member(QByteArrayView key)
{
    Member m;
    m.key = key;
    m.tag = keyTag(key);
    m.plainKey = true;
    return m;
}

QByteArray randomObject(QRandomGenerator &rng, bool withEscapes)
{
    QList<QByteArray> pool = kSetKeys + kOtherKeys;
    if (withEscapes)
        pool += kEscapedKeys;
    QByteArray text = "{";
    const int count = int(rng.bounded(0, 14));
    for (int i = 0; i < count; ++i) {
        if (i)
            text += ',';
        // Mostly distinct keys; a repeat now and then (picked from the whole pool again).
        const QByteArray &key = pool.at(int(rng.bounded(pool.size())));
        text += '"' + key + "\":";
        switch (rng.bounded(4)) {
        case 0:
            text += "null";
            break;
        case 1:
            text += "{\"id\":\"inner\"}"; // a nested "id" is not the object's
            break;
        default:
            text += "\"v" + QByteArray::number(i) + '"';
            break;
        }
    }
    text += '}';
    return text;
}

} // namespace

class TestJsonKeySet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pickIsFindForEachKey();
    void slotsOfTheSetAndNoOther();
    void keysPastTheTagsLength();
    void fullSetOfKeys();
};

void TestJsonKeySet::pickIsFindForEachKey()
{
    std::array<QByteArrayView, 10> keys;
    for (qsizetype k = 0; k < kSetKeys.size(); ++k)
        keys[size_t(k)] = kSetKeys.at(k);
    const KeySet set(keys);
    QCOMPARE(set.size(), kSetKeys.size());
    QRandomGenerator rng(20261203);
    int unsureSeen = 0, foundSeen = 0;
    for (int round = 0; round < 4000; ++round) {
        const QByteArray text = randomObject(rng, round % 3 == 0);
        for (const bool indexed : { true, false }) {
            Index index;
            const auto top = scan(text, indexed ? &index : nullptr);
            QVERIFY2(top.has_value(), text.constData());
            MemberSpan members;
            Members storage;
            QVERIFY(JsonText::members(text, *top, &members, &storage, indexed ? &index : nullptr));
            // Filled with a sentinel first: pick() itself must set every entry.
            std::array<const Member *, 10> found;
            found.fill(reinterpret_cast<const Member *>(&text));
            bool unsure = false;
            pick(members, set, found.data(), &unsure);
            bool unsureByFind = false;
            for (qsizetype k = 0; k < kSetKeys.size(); ++k) {
                const Member *byFind = find(members, kSetKeys.at(k), &unsureByFind);
                QVERIFY2(found[size_t(k)] == byFind, (text + " key " + kSetKeys.at(k)).constData());
                foundSeen += byFind != nullptr;
            }
            QVERIFY2(unsure == unsureByFind, text.constData());
            unsureSeen += unsure;
        }
    }
    // The rounds met both answers many times (a repeat, an escaped key; members found).
    QVERIFY(unsureSeen > 500);
    QVERIFY(foundSeen > 5000);
}

void TestJsonKeySet::slotsOfTheSetAndNoOther()
{
    const KeySet set { "id", "name", "protectedItemType", "policyNa" };
    QCOMPARE(set.slotOf(member("id")), 0);
    QCOMPARE(set.slotOf(member("name")), 1);
    QCOMPARE(set.slotOf(member("protectedItemType")), 2);
    QCOMPARE(set.slotOf(member("policyNa")), 3); // eight bytes: the tag's seven and one more
    QCOMPARE(set.key(2), QByteArrayView("protectedItemType"));
    for (const QByteArrayView other :
         { "", "i", "ids", "Id", "nam", "names", "protectedItemTypo", "protectedItemTyp",
           "protectedItemTypes", "protect", "protecte", "policyNb", "policyN" })
        QCOMPARE(set.slotOf(member(other)), -1);
}

void TestJsonKeySet::keysPastTheTagsLength()
{
    // A tag holds lengths up to 255: longer keys that begin alike are told apart by their bytes,
    // lengths included.
    const QByteArray longKey(300, 'a');
    QByteArray other = longKey;
    other[200] = 'b';
    const KeySet set { longKey, "short" };
    const QByteArray longer(301, 'a');
    const QByteArray shorter(299, 'a');
    QCOMPARE(set.slotOf(member(longKey)), 0);
    QCOMPARE(set.slotOf(member(longer)), -1);
    QCOMPARE(set.slotOf(member(shorter)), -1);
    QCOMPARE(set.slotOf(member(other)), -1);
    // Changed at the first byte past the tag, at the start of the last word, at the last byte.
    for (const qsizetype at : { 7, 292, 299 }) {
        QByteArray changed = longKey;
        changed[at] = 'b';
        QCOMPARE(set.slotOf(member(changed)), -1);
    }
    // Keys of one tag (255 bytes and more of 'a') in one set, each at its own slot.
    const QByteArray k255(255, 'a'), k256(256, 'a');
    const KeySet sameTag { k255, k256, longKey };
    QCOMPARE(sameTag.slotOf(member(k255)), 0);
    QCOMPARE(sameTag.slotOf(member(k256)), 1);
    QCOMPARE(sameTag.slotOf(member(longKey)), 2);
    QCOMPARE(sameTag.slotOf(member(longer)), -1);
}

void TestJsonKeySet::fullSetOfKeys()
{
    // As many keys as a set holds, many of one length and first seven bytes (the same tag): each
    // has its own slot, found past the others in its probe.
    std::array<QByteArray, KeySet::kMaxKeys> owned;
    std::array<QByteArrayView, KeySet::kMaxKeys> keys;
    for (qsizetype i = 0; i < KeySet::kMaxKeys; ++i) {
        owned[size_t(i)] = i % 2 ? "samePrefix" + QByteArray::number(i + 10) : "k" + QByteArray::number(i);
        keys[size_t(i)] = owned[size_t(i)];
    }
    const KeySet set(keys);
    for (qsizetype i = 0; i < KeySet::kMaxKeys; ++i)
        QCOMPARE(set.slotOf(member(keys[size_t(i)])), i);
    QCOMPARE(set.slotOf(member("samePrefix99")), -1);
}

QTEST_GUILESS_MAIN(TestJsonKeySet)
#include "tst_jsonkeyset.moc"
