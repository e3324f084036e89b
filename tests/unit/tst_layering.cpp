// Layers are link targets: nothing below ui/ may link Qt Widgets. CMake refuses such a link
// graph at configure time (rd_check_layering); this test checks the built binaries themselves.
#include <QProcess>
#include <QTest>

class TestLayering : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cliDoesNotLinkWidgets();
    void guiLinksWidgets();
    void guiDoesNotLoadTheSandboxAtStart();

private:
    static QByteArray neededLibraries(const QString &binary);
};

QByteArray TestLayering::neededLibraries(const QString &binary)
{
    QProcess readelf;
    readelf.start(QStringLiteral(RD_READELF), { QStringLiteral("-d"), binary });
    if (!readelf.waitForFinished(30000) || readelf.exitCode() != 0)
        return {};
    QByteArray needed;
    const QList<QByteArray> lines = readelf.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        if (line.contains("(NEEDED)"))
            needed += line + '\n';
    }
    return needed;
}

void TestLayering::cliDoesNotLinkWidgets()
{
    const QByteArray needed = neededLibraries(QStringLiteral(RD_CLI_BINARY));
    QVERIFY2(needed.contains("libQt6Core"), needed.constData()); // readelf really read it
    QVERIFY2(!needed.contains("libQt6Widgets"), needed.constData());
    QVERIFY2(!needed.contains("libQt6Gui"), needed.constData());
}

void TestLayering::guiLinksWidgets()
{
    // The control: the same check does see Widgets where it is linked.
    const QByteArray needed = neededLibraries(QStringLiteral(RD_GUI_BINARY));
    QVERIFY2(needed.contains("libQt6Widgets"), needed.constData());
}

// The built-in sandbox is a module the GUI loads when it is chosen: its Qt HTTP Server (and the
// Qt WebSockets behind it) are not loaded before the console's first page.
void TestLayering::guiDoesNotLoadTheSandboxAtStart()
{
    const QByteArray needed = neededLibraries(QStringLiteral(RD_GUI_BINARY));
    QVERIFY2(needed.contains("libQt6Core"), needed.constData());
    QVERIFY2(!needed.contains("libQt6HttpServer"), needed.constData());
    QVERIFY2(!needed.contains("libQt6WebSockets"), needed.constData());
}

QTEST_GUILESS_MAIN(TestLayering)
#include "tst_layering.moc"
