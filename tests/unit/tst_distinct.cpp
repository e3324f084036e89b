// distinctById and distinctByArmId (the CLI's listings, with the ids the readers already parsed):
// each entry once by ARM id, the later copy at the place of the first, the same list from both,
// whatever the ids' casing, fabric segment or text (ids that are not ARM ids, non-ASCII text).
#include "backup/distinct.h"
#include "backup/protecteditem.h"

#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;

namespace {

const QString kVault
    = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
                     "Microsoft.RecoveryServices/vaults/v1");

ProtectedItem item(const QString &id, const QString &friendlyName)
{
    ProtectedItem i;
    i.id = id;
    i.armId = ArmId::parse(id); // as fromArm and fromArmText set it
    i.friendlyName = friendlyName;
    return i;
}

QStringList shown(const QList<ProtectedItem> &items)
{
    QStringList out;
    for (const ProtectedItem &i : items)
        out << i.friendlyName;
    return out;
}

} // namespace

class TestDistinct : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void repeatsOnceLaterWinsFirstPlace();
    void byArmIdIsById();
    void noRepeatGivesTheListBackUncopied();
    void oneVaultsItemsKeyedBelowTheVault();
    void itemsOfOtherVaultsKeyedWhole();
    void equalHashesStillCompareTheSegments();
};

void TestDistinct::repeatsOnceLaterWinsFirstPlace()
{
    const QString a
        = kVault + QStringLiteral("/backupFabrics/Azure/protectionContainers/c;a/protectedItems/VM;a");
    const QString b
        = kVault + QStringLiteral("/backupFabrics/Azure/protectionContainers/c;b/protectedItems/VM;b");
    const QString aNoFabric = kVault + QStringLiteral("/protectionContainers/c;a/protectedItems/VM;a");
    const QList<ProtectedItem> list { item(a, QStringLiteral("a1")), item(b, QStringLiteral("b1")),
                                      item(a.toUpper(), QStringLiteral("a2")),
                                      item(aNoFabric, QStringLiteral("a3")) };
    const QStringList expected { QStringLiteral("a3"), QStringLiteral("b1") };
    QCOMPARE(shown(distinctById(list)), expected);
    QCOMPARE(shown(distinctByArmId(list)), expected);
}

void TestDistinct::byArmIdIsById()
{
    // Every pair of these that is one entry by distinctById is one by distinctByArmId, and the
    // other way round: ids that are not ARM ids compare lower-cased, as before; non-ASCII text
    // is lowered by Qt (the Kelvin sign is a 'k').
    const QString item
        = kVault + QStringLiteral("/backupFabrics/Azure/protectionContainers/c;x/protectedItems/VM;x");
    const QStringList ids {
        item,
        item.toUpper(),
        kVault + QStringLiteral("/protectionContainers/c;x/protectedItems/VM;x"),
        kVault + QStringLiteral("/protectionContainers/c;x/protectedItems/vm;X"),
        kVault + QString::fromUtf16(u"/protectionContainers/c;x/protectedItems/VM;\u212A"),
        kVault + QStringLiteral("/protectionContainers/c;x/protectedItems/VM;k"),
        kVault + QString::fromUtf16(u"/protectionContainers/c;x/protectedItems/\u00C9T\u00C9"),
        kVault + QString::fromUtf16(u"/protectionContainers/c;x/protectedItems/\u00E9t\u00E9"),
        QStringLiteral("not an id"),
        QStringLiteral("NOT AN ID"),
        QString::fromUtf16(u"\u00C9\u212A"),
        QString::fromUtf16(u"\u00E9k"),
        QString(),
        QStringLiteral(""),
        kVault,
        kVault.toLower(),
    };
    QList<ProtectedItem> list;
    for (const QString &id : ids)
        list << ::item(id, QString::number(list.size()));
    // Twice over, shuffled: repeats in every order.
    for (qsizetype i = 0; i < ids.size(); ++i)
        list << ::item(ids.at((i * 7) % ids.size()), QString::number(list.size()));
    const QStringList byId = shown(distinctById(list));
    QCOMPARE(shown(distinctByArmId(list)), byId);
    QVERIFY(byId.size() < ids.size()); // some of them are one entry
}

void TestDistinct::noRepeatGivesTheListBackUncopied()
{
    // The common case (no id repeats) costs no copy of the entries: the same list comes back.
    QList<ProtectedItem> list;
    for (int i = 0; i < 50; ++i)
        list << item(
            kVault
                + QStringLiteral("/backupFabrics/Azure/protectionContainers/c;%1/protectedItems/VM;%1")
                      .arg(i),
            QString::number(i));
    const QList<ProtectedItem> byArmId = distinctByArmId(list);
    QCOMPARE(shown(byArmId), shown(list));
    QVERIFY(byArmId.constData() == list.constData()); // shared, not copied
    QVERIFY(distinctById(list).constData() == list.constData());
    // One repeat anywhere (the last): a new list, each entry once.
    list << item(list.first().id.toUpper(), QStringLiteral("again"));
    const QList<ProtectedItem> once = distinctByArmId(list);
    QCOMPARE(once.size(), 50);
    QCOMPARE(once.first().friendlyName, QStringLiteral("again"));
    QVERIFY(once.constData() != list.constData());
}

void TestDistinct::oneVaultsItemsKeyedBelowTheVault()
{
    // A vault's listing, read as the readers read it (each id parsed like the one before): keyed
    // by what follows the vault, with the same outcome as by the whole id, whatever the item
    // part's casing, fabric segment or non-ASCII text.
    const QStringList below {
        QStringLiteral("/backupFabrics/Azure/protectionContainers/c;x/protectedItems/VM;x"),
        QStringLiteral("/BACKUPFABRICS/AZURE/PROTECTIONCONTAINERS/C;X/PROTECTEDITEMS/VM;X"),
        QStringLiteral("/protectionContainers/c;x/protectedItems/VM;x"),
        QStringLiteral("/protectionContainers/c;x/protectedItems/vm;X"),
        QStringLiteral("/backupFabrics/Other/protectionContainers/c;x/protectedItems/VM;x"),
        QString::fromUtf16(u"/protectionContainers/c;x/protectedItems/VM;\u212A"),
        QStringLiteral("/protectionContainers/c;x/protectedItems/VM;k"),
        QString::fromUtf16(u"/protectionContainers/c;x/protectedItems/\u00C9T\u00C9"),
        QString::fromUtf16(u"/protectionContainers/c;x/protectedItems/\u00E9t\u00E9"),
        QStringLiteral("/protectionContainers/c;y/protectedItems/VM;x"),
        QStringLiteral("/protectionContainers/c;x;y/protectedItems/VM"),
        QStringLiteral("/protectionContainers/c;x/protectedItems/y;VM"),
        QString::fromUtf16(u"/protectionContainers/c;x/protectedItems/\u0130z"), // lowers to two units
        QString::fromUtf16(u"/protectionContainers/c;x/protectedItems/i\u0307Z"),
    };
    // The vault's part as the listing gives it: plain, non-ASCII (the whole key is then lowered by
    // Qt, the key below the vault by the ASCII path), a resource group without a name.
    const QStringList vaults {
        kVault,
        QString::fromUtf16(u"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
                           u"R\u00C9G/providers/Microsoft.RecoveryServices/vaults/V\u00C9"),
        QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/providers/"
                       "Microsoft.RecoveryServices/vaults/v1"),
    };
    for (const QString &vault : vaults) {
        QList<ProtectedItem> list;
        ArmId like;
        auto add = [&](const QString &id) {
            ProtectedItem i;
            i.id = id;
            i.armId = ArmId::parse(id, like);
            like = i.armId;
            i.friendlyName = QString::number(list.size());
            list << i;
        };
        for (const QString &b : below)
            add(vault + b);
        for (qsizetype i = 0; i < below.size(); ++i)
            add(vault + below.at((i * 5) % below.size()));
        QVERIFY2(DistinctDetail::itemsOfOneVault(list), qPrintable(vault));
        const QStringList byId = shown(distinctById(list));
        QCOMPARE(shown(distinctByArmId(list)), byId);
        // x (4 spellings), Other's x, k (2), été (2), c;y, c;x;y, y;VM, İz and i̇Z (one)
        QCOMPARE(byId.size(), 8);
    }
}

void TestDistinct::itemsOfOtherVaultsKeyedWhole()
{
    const QString below = QStringLiteral("/backupFabrics/Azure/protectionContainers/c;x/protectedItems/VM;x");
    const QString otherVault
        = QString(kVault).replace(QStringLiteral("vaults/v1"), QStringLiteral("vaults/v2"));
    // The same container and item in two vaults: two entries.
    const QList<ProtectedItem> two { item(kVault + below, QStringLiteral("v1")),
                                     item(otherVault + below, QStringLiteral("v2")) };
    QVERIFY(!DistinctDetail::itemsOfOneVault(two));
    QCOMPARE(shown(distinctByArmId(two)), (QStringList { QStringLiteral("v1"), QStringLiteral("v2") }));
    // The vault's part written in another case: one vault, keyed by the whole id, one entry.
    const QList<ProtectedItem> cased { item(kVault + below, QStringLiteral("a")),
                                       item(kVault.toUpper() + below, QStringLiteral("b")) };
    QVERIFY(!DistinctDetail::itemsOfOneVault(cased));
    QCOMPARE(shown(distinctByArmId(cased)), QStringList { QStringLiteral("b") });
    // Not only items (a recovery point among them): keyed whole.
    const QList<ProtectedItem> mixed { item(kVault + below, QStringLiteral("i")),
                                       item(kVault + below + QStringLiteral("/recoveryPoints/1"),
                                            QStringLiteral("p")) };
    QVERIFY(!DistinctDetail::itemsOfOneVault(mixed));
    QCOMPARE(shown(distinctByArmId(mixed)), shown(distinctById(mixed)));
    QCOMPARE(distinctByArmId(mixed).size(), 2);
}

void TestDistinct::equalHashesStillCompareTheSegments()
{
    // Two keys whose hashes are equal (forged here; a collision in a real listing) are one entry
    // only when their segments are: ignoring ASCII case, lowered by Qt otherwise.
    using DistinctDetail::BelowVault;
    auto id = [](const QString &below) {
        return ArmId::parse(kVault + QStringLiteral("/backupFabrics/Azure/protectionContainers/") + below);
    };
    const ArmId a = id(QStringLiteral("c;x/protectedItems/VM;x"));
    const ArmId upper = id(QStringLiteral("C;X/protectedItems/vm;X"));
    const ArmId otherItem = id(QStringLiteral("c;x/protectedItems/VM;y"));
    const ArmId otherContainer = id(QStringLiteral("c;y/protectedItems/VM;x"));
    const ArmId kelvin = id(QString::fromUtf16(u"c;x/protectedItems/VM;\u212A"));
    const ArmId k = id(QStringLiteral("c;x/protectedItems/VM;K"));
    const ArmId accented = id(QString::fromUtf16(u"c;x/protectedItems/\u00C9T\u00C9"));
    const ArmId accentedLower = id(QString::fromUtf16(u"c;x/protectedItems/\u00E9t\u00E9"));
    auto key = [](const ArmId &i) {
        BelowVault b = BelowVault::of(i);
        b.hash = 42;
        return b;
    };
    QVERIFY(key(a) == key(upper));
    QVERIFY(!(key(a) == key(otherItem)));
    QVERIFY(!(key(a) == key(otherContainer)));
    QVERIFY(key(kelvin) == key(k)); // one not ASCII: lowered by Qt, the Kelvin sign is a 'k'
    QVERIFY(!(key(kelvin) == key(a)));
    QVERIFY(key(accented) == key(accentedLower));
    QVERIFY(!(key(accented) == key(a)));
    // And the real hashes agree with that equality.
    QCOMPARE(BelowVault::of(a).hash, BelowVault::of(upper).hash);
    QCOMPARE(BelowVault::of(kelvin).hash, BelowVault::of(k).hash);
    QCOMPARE(BelowVault::of(accented).hash, BelowVault::of(accentedLower).hash);
    QVERIFY(!BelowVault::of(kelvin).ascii && BelowVault::of(k).ascii);
}

QTEST_GUILESS_MAIN(TestDistinct)
#include "tst_distinct.moc"
