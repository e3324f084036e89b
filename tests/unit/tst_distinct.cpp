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

QTEST_GUILESS_MAIN(TestDistinct)
#include "tst_distinct.moc"
