// The three executables answer --help and --version with real text and exit 0; bad options
// exit 2 with the reason. The CLI exits 9 when its output cannot be written (with the reason,
// unless its reader went away).
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

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
        QVERIFY2(p.exitCode() == 9, why.constData()); // done, but the output is lost
        QVERIFY2(why.contains("could not write the output: No space left on device"), why.constData());
    }
    // A command that fails and prints keeps its own code: `audit verify` of a log that is not one
    // (4: broken), its verdict on standard output lost.
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile log(dir.filePath(QStringLiteral("audit.jsonl")));
        QVERIFY(log.open(QIODevice::WriteOnly));
        log.write("{\"a\":1}\n");
        log.close();
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), dir.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        p.setProcessEnvironment(env);
        p.setStandardOutputFile(QStringLiteral("/dev/full"));
        p.start(QStringLiteral(RD_CLI_BINARY),
                { QStringLiteral("--no-keychain"), QStringLiteral("audit"), QStringLiteral("verify"),
                  log.fileName(), QStringLiteral("--no-anchor") });
        QVERIFY(p.waitForFinished(20000));
        const QByteArray why = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 4, why.constData());
        QVERIFY2(why.contains("could not write the output: No space left on device"), why.constData());
    }
    // A reader that went away: exit 9 with nothing said about it (not killed by SIGPIPE). Its
    // standard output is a pipe whose reading end is closed before the program starts.
    {
        QProcess p;
        p.setChildProcessModifier([] {
            int fds[2];
            if (::pipe(fds) == 0) {
                ::close(fds[0]);
                ::dup2(fds[1], STDOUT_FILENO);
                ::close(fds[1]);
            }
        });
        p.start(QStringLiteral(RD_CLI_BINARY), { QStringLiteral("--help") });
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 9);
        QVERIFY2(!p.readAllStandardError().contains("could not write"), "EPIPE reported");
    }
    // Standard output closed (`>&-`): it is /dev/null in its place, so the next descriptor opened
    // (the event loop's) never gets the printed text; the output is lost all the same: exit 9, said.
    {
        QProcess p;
        p.setChildProcessModifier([] { ::close(STDOUT_FILENO); });
        p.start(QStringLiteral(RD_CLI_BINARY), { QStringLiteral("--version") });
        QVERIFY(p.waitForFinished(20000));
        const QByteArray why = p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 9, why.constData());
        QVERIFY2(why.contains("could not write the output: standard output is closed"), why.constData());
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
