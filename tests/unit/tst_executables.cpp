// The three executables answer --help and --version with real text and exit 0; bad options
// exit 2 with the reason. The CLI exits 1 with the reason when its output cannot be written.
#include <QFile>
#include <QProcess>
#include <QTest>

class TestExecutables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helpAndVersion_data();
    void helpAndVersion();
    void cliOutputThatCannotBeWritten();
};

void TestExecutables::helpAndVersion_data()
{
    QTest::addColumn<QString>("binary");
    QTest::addColumn<QString>("helpMentions");
    QTest::newRow("restoredesk") << QStringLiteral(RD_GUI_BINARY) << "--sandbox";
    QTest::newRow("restoredesk-cli") << QStringLiteral(RD_CLI_BINARY) << "login";
    QTest::newRow("restoredesk-sandbox") << QStringLiteral(RD_SANDBOX_BINARY) << "--trust-issuer";
}

void TestExecutables::helpAndVersion()
{
    QFETCH(QString, binary);
    QFETCH(QString, helpMentions);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    auto run = [&](const QStringList &args, int *code) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(binary, args);
        p.waitForFinished(20000);
        *code = p.exitCode();
        return p.readAllStandardOutput() + p.readAllStandardError();
    };
    int code = -1;
    const QByteArray help = run({ QStringLiteral("--help") }, &code);
    QCOMPARE(code, 0);
    QVERIFY2(help.contains(helpMentions.toUtf8()), help.constData());
    const QByteArray version = run({ QStringLiteral("--version") }, &code);
    QCOMPARE(code, 0);
    QVERIFY2(version.contains(RD_VERSION), version.constData());
    const QByteArray bad = run({ QStringLiteral("--no-such-option") }, &code);
    QVERIFY2(code != 0, bad.constData());
    QVERIFY(bad.contains("no-such-option"));
}

void TestExecutables::cliOutputThatCannotBeWritten()
{
    // A full disk: every write to /dev/full fails with ENOSPC.
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full here");
    for (const QString &arg : { QStringLiteral("--version"), QStringLiteral("--help") }) {
        QProcess p;
        p.setStandardOutputFile(QStringLiteral("/dev/full"));
        p.start(QStringLiteral(RD_CLI_BINARY), { arg });
        QVERIFY(p.waitForFinished(20000));
        const QByteArray why = p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 1, why.constData());
        QVERIFY2(why.contains("could not write the output"), why.constData());
    }
    // The same commands to a device that takes the bytes: exit 0, nothing on standard error.
    QProcess p;
    p.setStandardOutputFile(QProcess::nullDevice());
    p.start(QStringLiteral(RD_CLI_BINARY), { QStringLiteral("--help") });
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 0);
    QCOMPARE(p.readAllStandardError(), QByteArray());
}

QTEST_GUILESS_MAIN(TestExecutables)
#include "tst_executables.moc"
