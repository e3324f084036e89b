#include "mainwindow.h"

#include <QAction>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTest>

using namespace RestoreDesk;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsStatusBarWithIdentityAndConnection();
    void quitActionClosesWindow();
};

void TestMainWindow::showsStatusBarWithIdentityAndConnection()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.statusBar()->isVisible());
    auto identity = window.findChild<QLabel *>(QStringLiteral("identityLabel"));
    auto connection = window.findChild<QLabel *>(QStringLiteral("connectionLabel"));
    QVERIFY(identity && connection);
    QVERIFY(identity->isVisible());
    QCOMPARE(identity->text(), QStringLiteral("Not signed in"));
    window.setIdentityText(QStringLiteral("alice@sandbox"));
    QCOMPARE(identity->text(), QStringLiteral("alice@sandbox"));
    window.setConnectionText(QStringLiteral("Sandbox"));
    QCOMPARE(connection->text(), QStringLiteral("Sandbox"));
}

void TestMainWindow::quitActionClosesWindow()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto quit = window.findChild<QAction *>(QStringLiteral("quitAction"));
    QVERIFY(quit);
    quit->trigger();
    QTRY_VERIFY(!window.isVisible());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
