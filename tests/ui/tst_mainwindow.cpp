#include "consolepage.h"
#include "mainwindow.h"

#include <QAction>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTest>
#include <QVBoxLayout>

using namespace RestoreDesk;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsStatusBarWithIdentityAndConnection();
    void quitActionClosesWindow();
    void aWidePageNotShownDoesNotWidenTheConsole();
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

// The console can be made as narrow as the page it shows allows, not as its widest page (the
// recovery points page's timeline and table kept it at least 1182 px wide behind a job page).
void TestMainWindow::aWidePageNotShownDoesNotWidenTheConsole()
{
    ConsolePage console;
    auto *wide = new QWidget;
    auto *wideLayout = new QVBoxLayout(wide);
    wideLayout->addWidget(new QLabel(QString(400, QLatin1Char('x'))));
    auto *narrow = new QWidget;
    auto *narrowLayout = new QVBoxLayout(narrow);
    narrowLayout->addWidget(new QLabel(QStringLiteral("narrow")));
    console.showContent(wide);
    console.resize(300, 200);
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    const int wideMinimum = console.minimumSizeHint().width();
    QVERIFY2(wideMinimum >= wide->minimumSizeHint().width(), qPrintable(QString::number(wideMinimum)));
    console.showContent(narrow);
    QTRY_VERIFY2(console.minimumSizeHint().width() < wide->minimumSizeHint().width() / 2,
                 qPrintable(QString::number(console.minimumSizeHint().width())));
    console.showContent(wide); // and shown again, it counts again
    QTRY_COMPARE(console.minimumSizeHint().width(), wideMinimum);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
