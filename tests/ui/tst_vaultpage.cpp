// The vault page's header: a vault id longer than the page is cut in the middle, so the vault's
// own name at its end stays in sight, and the whole id stays one hover, one click away.
#include "elidedlabel.h"
#include "itemspanel.h"
#include "listpanel.h"
#include "models/protecteditemmodel.h"
#include "sandboxids.h"
#include "vaultpage.h"

#include <QApplication>
#include <QClipboard>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace RestoreDesk;

class TestVaultPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aLongIdKeepsTheVaultsNameInSight();
    void choosingAnItemDoesNotMoveTheTable();
};

void TestVaultPage::aLongIdKeepsTheVaultsNameInSight()
{
    Backup::Vault vault;
    vault.name = QStringLiteral("rsv-prod-neu");
    vault.id = Test::kProdNeu;
    VaultPage page;
    page.setVault(vault);
    page.resize(420, 500);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    auto *id = page.findChild<ElidedLabel *>(QStringLiteral("vaultIdLabel"));
    QVERIFY(id);
    const QString shown = id->text();
    QVERIFY2(shown.size() < vault.id.size(), qPrintable(shown)); // it did not fit: cut
    QVERIFY2(shown.endsWith(QStringLiteral("rsv-prod-neu")), qPrintable(shown));
    QVERIFY2(shown.startsWith(QStringLiteral("/subscriptions/")), qPrintable(shown));
    QVERIFY2(id->geometry().right() < page.findChild<QPushButton *>(QStringLiteral("copyVaultIdButton"))->x(),
             "the id runs under its Copy button");
    QCOMPARE(id->toolTip(), vault.id);
    QCOMPARE(id->accessibleName(), vault.id);
    QCOMPARE(id->textInteractionFlags() & Qt::TextSelectableByMouse, Qt::TextInteractionFlags());
    QVERIFY2(page.minimumSizeHint().width() < 420, "a long id widens the page");

    page.findChild<QPushButton *>(QStringLiteral("copyVaultIdButton"))->click();
    QCOMPARE(QApplication::clipboard()->text(), vault.id);

    // Wide enough: shown whole.
    page.resize(1400, 500);
    QTRY_COMPARE(id->text(), vault.id);
}

void TestVaultPage::choosingAnItemDoesNotMoveTheTable()
{
    // An item id is three lines long when wrapped at this width: the table under the operator's
    // pointer would shrink by two lines the moment they chose a row.
    Backup::ProtectedItem item;
    item.name = QStringLiteral("VM;iaasvmcontainerv2;rg-payments;vm-payments-01");
    item.friendlyName = QStringLiteral("vm-payments-01");
    item.id = Test::kProdNeu
        + QStringLiteral("/backupFabrics/Azure/"
                         "protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-payments;vm-payments-01/"
                         "protectedItems/")
        + item.name;
    item.kind = Backup::ProtectedItem::Kind::Vm;
    ItemsPanel panel;
    panel.model()->append({ item });
    panel.resize(760, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTableView *table = panel.list()->table();
    QTRY_COMPARE(table->model()->rowCount(), 1);
    const int before = table->height();

    table->selectRow(0);
    QCOMPARE(panel.selectedItemId(), item.id);
    auto *id = panel.findChild<ElidedLabel *>(QStringLiteral("itemIdLabel"));
    QVERIFY(id);
    QCOMPARE(id->fullText(), item.id);
    QCOMPARE(id->toolTip(), item.id);
    QCOMPARE(id->accessibleName(), item.id);
    QVERIFY2(id->text().endsWith(QStringLiteral("vm-payments-01")), qPrintable(id->text()));
    QTest::qWait(0); // the layout settles on the next turn
    QCoreApplication::processEvents();
    QCOMPARE(table->height(), before);

    table->setCurrentIndex(QModelIndex());
    QCOMPARE(id->text(), QStringLiteral("Select an item to see its resource id."));
    QVERIFY(id->toolTip().isEmpty());
}

QTEST_MAIN(TestVaultPage)
#include "tst_vaultpage.moc"
