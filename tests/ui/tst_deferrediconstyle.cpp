#include "deferrediconstyle.h"
#include "mainwindow.h"

#include <QApplication>
#include <QFile>
#include <QMenuBar>
#include <QPainter>
#include <QStyleFactory>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace RestoreDesk;

namespace {

// Whether an image format plugin has been loaded into this process.
bool imagePluginsLoaded()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return true; // unknown: the test below then fails rather than passes blindly
    return maps.readAll().contains("/imageformats/");
}

QImage rendered(const QIcon &icon, const QSize &size)
{
    return icon.pixmap(size).toImage().convertToFormat(QImage::Format_ARGB32);
}

} // namespace

class TestDeferredIconStyle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mainWindowLoadsNoImagePlugin();
    void deferredIconIsTheBaseStylesOnceRead();
    void otherIconsAreTheBaseStyles();
};

void TestDeferredIconStyle::initTestCase()
{
    QApplication::setStyle(new DeferredIconStyle(QStyleFactory::create(QStringLiteral("Fusion"))));
}

// First, before anything else here reads an image: the main window (its menu bar) and its first
// paint read none, so no image format plugin is loaded for them.
void TestDeferredIconStyle::mainWindowLoadsNoImagePlugin()
{
    QVERIFY(!imagePluginsLoaded());
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.grab(); // painted
    QVERIFY2(!imagePluginsLoaded(), "the main window loaded an image format plugin");
    auto *extension = window.menuBar()->findChild<QToolButton *>(QStringLiteral("qt_menubar_ext_button"));
    QVERIFY(extension);
    QVERIFY(!extension->icon().isNull());
}

void TestDeferredIconStyle::deferredIconIsTheBaseStylesOnceRead()
{
    std::unique_ptr<QStyle> base(QStyleFactory::create(QStringLiteral("Fusion")));
    const QStyle *style = QApplication::style();
    for (const auto which :
         { QStyle::SP_ToolBarHorizontalExtensionButton, QStyle::SP_ToolBarVerticalExtensionButton }) {
        QVERIFY(DeferredIconStyle::isDeferred(which));
        const QIcon deferred = style->standardIcon(which);
        const QIcon real = base->standardIcon(which);
        QVERIFY(!deferred.isNull());
        QCOMPARE(deferred.actualSize(QSize(16, 16)), real.actualSize(QSize(16, 16)));
        QCOMPARE(rendered(deferred, QSize(16, 16)), rendered(real, QSize(16, 16)));
        QCOMPARE(rendered(deferred, QSize(32, 32)), rendered(real, QSize(32, 32)));
        // Painted through a painter as a tool button paints it.
        QImage a(16, 16, QImage::Format_ARGB32);
        QImage b(16, 16, QImage::Format_ARGB32);
        a.fill(Qt::transparent);
        b.fill(Qt::transparent);
        {
            QPainter pa(&a);
            deferred.paint(&pa, QRect(0, 0, 16, 16));
            QPainter pb(&b);
            real.paint(&pb, QRect(0, 0, 16, 16));
        }
        QCOMPARE(a, b);
    }
}

void TestDeferredIconStyle::otherIconsAreTheBaseStyles()
{
    std::unique_ptr<QStyle> base(QStyleFactory::create(QStringLiteral("Fusion")));
    QVERIFY(!DeferredIconStyle::isDeferred(QStyle::SP_MessageBoxWarning));
    const QIcon ours = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    QCOMPARE(rendered(ours, QSize(32, 32)),
             rendered(base->standardIcon(QStyle::SP_MessageBoxWarning), QSize(32, 32)));
}

QTEST_MAIN(TestDeferredIconStyle)
#include "tst_deferrediconstyle.moc"
