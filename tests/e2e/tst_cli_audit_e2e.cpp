// restoredesk-cli and the audit log, as a script would use them: a signed-in session through the
// browser leaves sign-in, session-resumed and sign-out records under the verified identity, keyed
// from the real keychain, and no token; `audit verify` exits 0 or 4 naming the record; `audit
// list` filters; `audit export` carries the chain head and the verification result.
#include "audit/auditlog.h"
#include "clirun.h"
#include "sandboxharness.h"
#include "testprocesses.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

#include <unistd.h>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

class TestCliAuditE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void signedInSessionIsRecordedWithoutTokens();
    void verifyExitCodes_data();
    void verifyExitCodes();
    void listFilters();
    void exportCarriesHeadAndVerification();
    void exportToAClosedStandardOutput();
    void usageErrors_data();
    void usageErrors();

private:
    using Run = Test::CliRun;
    Run cli(const QStringList &args, std::function<void()> inChild = {});
    QString makeLog(const QString &name, int records);

    QTemporaryDir m_dir;
    SandboxHarness m_sandbox;
};

void TestCliAuditE2E::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run through with-keyring.sh");
}

TestCliAuditE2E::Run TestCliAuditE2E::cli(const QStringList &args, std::function<void()> inChild)
{
    Test::CliRunOptions options;
    options.inChild = std::move(inChild);
    return Test::runCli(QStringLiteral(RD_CLI_BINARY), args, options);
}

QString TestCliAuditE2E::makeLog(const QString &name, int records)
{
    const QString path = m_dir.filePath(name + QStringLiteral("/audit.jsonl"));
    Audit::AuditLog log(path);
    for (int i = 1; i <= records; ++i) {
        Audit::Record r;
        r.type = i % 2 ? QStringLiteral("restore") : QStringLiteral("job-cancel");
        r.outcome = i % 3 ? QStringLiteral("requested") : QStringLiteral("refused");
        r.identity.username = QStringLiteral("user%1@x").arg(i % 2);
        r.target = QStringLiteral("/vaults/v/items/%1").arg(i);
        if (!log.append(r))
            return {};
    }
    return path;
}

void TestCliAuditE2E::signedInSessionIsRecordedWithoutTokens()
{
    const QString log = m_dir.filePath(QStringLiteral("session/audit.jsonl"));
    const QStringList common { QStringLiteral("--issuer"),    m_sandbox.issuer(),
                               QStringLiteral("--client-id"), QStringLiteral("restoredesk"),
                               QStringLiteral("--config"),    m_dir.filePath(QStringLiteral("cli.conf")),
                               QStringLiteral("--audit-log"), log };
    const QString browser
        = QStringLiteral("'%1' '%2/browser.js' --user rita").arg(nodeExecutable(), idpDirectory());
    Run login
        = cli(common + QStringList { QStringLiteral("--browser-command"), browser, QStringLiteral("login") });
    QVERIFY2(login.exitCode == 0, login.err.constData());
    QVERIFY2(!login.err.contains("warning"), login.err.constData());
    QCOMPARE(cli(common + QStringList { QStringLiteral("whoami") }).exitCode, 0);
    // An export while signed in is recorded under the signed-in identity.
    const Run exported
        = cli(common
              + QStringList { QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--format"),
                              QStringLiteral("json"), QStringLiteral("--out"),
                              m_dir.filePath(QStringLiteral("signed.json")) });
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QCOMPARE(cli(common + QStringList { QStringLiteral("logout") }).exitCode, 0);

    Run list = cli({ QStringLiteral("--audit-log"), log, QStringLiteral("--output"), QStringLiteral("json"),
                     QStringLiteral("audit"), QStringLiteral("list") });
    QVERIFY2(list.exitCode == 0, list.err.constData());
    const QJsonArray records = QJsonDocument::fromJson(list.out).array();
    QStringList seen;
    for (const QJsonValue &v : records)
        seen << v[QStringLiteral("type")].toString() + QLatin1Char('/')
                + v[QStringLiteral("outcome")].toString();
    QCOMPARE(seen,
             QStringList({ "sign-in/succeeded", "session-resumed/succeeded", "audit-export/succeeded",
                           "sign-out/requested", "sign-out/succeeded" }));
    QCOMPARE(records[2][QStringLiteral("identity")][QStringLiteral("username")].toString(),
             QStringLiteral("rita@sandbox.restoredesk.invalid"));
    // The sign-out's outcome refers to its request.
    QCOMPARE(records[4][QStringLiteral("ref")].toInt(), records[3][QStringLiteral("seq")].toInt());
    const QJsonObject who = records.first()[QStringLiteral("identity")].toObject();
    QCOMPARE(who.value(QStringLiteral("username")).toString(),
             QStringLiteral("rita@sandbox.restoredesk.invalid"));
    QCOMPARE(who.value(QStringLiteral("issuer")).toString(), m_sandbox.issuer());
    QVERIFY(!who.value(QStringLiteral("subject")).toString().isEmpty());
    QCOMPARE(records.first()[QStringLiteral("target")].toString(), m_sandbox.issuer());
    QVERIFY(records.first().toObject().contains(QStringLiteral("mac"))); // keyed from the real keychain

    QFile f(log);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    for (const char *forbidden :
         { "eyJ", "Bearer", "Authorization", "refresh_token", "access_token", "id_token" })
        QVERIFY2(!content.contains(forbidden), forbidden);

    Run verify
        = cli({ QStringLiteral("--audit-log"), log, QStringLiteral("audit"), QStringLiteral("verify") });
    QVERIFY2(verify.exitCode == 0, verify.out.constData());
    QVERIFY(verify.out.contains("Intact: 5 records"));
    QVERIFY2(verify.out.contains("Key: checked, 5 records authenticated"), verify.out.constData());

    // A whole new, internally valid chain written without the key: found at record 1.
    QFile::remove(log);
    QFile::remove(m_dir.filePath(QStringLiteral("session/audit.head")));
    {
        Audit::AuditLog forged(log);
        Audit::Record r;
        r.type = QStringLiteral("sign-in");
        r.outcome = QStringLiteral("succeeded");
        QVERIFY(forged.append(r).ok());
    }
    verify = cli({ QStringLiteral("--audit-log"), log, QStringLiteral("audit"), QStringLiteral("verify") });
    QCOMPARE(verify.exitCode, 4);
    QVERIFY2(verify.err.contains("Broken at record 1") && verify.err.contains("carries no MAC"),
             verify.err.constData());
}

void TestCliAuditE2E::verifyExitCodes_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("says");
    QTest::newRow("intact") << "intact" << 0 << "Intact: 5 records";
    QTest::newRow("edited record 2") << "edit" << 4 << "Broken at record 2";
    QTest::newRow("tail cut off") << "truncate" << 4
                                  << "cut off the end: the anchor names record 5, the log "
                                     "ends at record 3";
    QTest::newRow("anchor deleted") << "no-anchor" << 4 << "Incomplete";
    QTest::newRow("tail cut off, then written on")
        << "cut-then-written" << 8 << "Intact since record 4, with incidents";
    QTest::newRow("copy without its anchor, --no-anchor") << "copy" << 0 << "Anchor: not checked";
    QTest::newRow("no such file") << "missing" << 1 << "no such file";
}

void TestCliAuditE2E::verifyExitCodes()
{
    QFETCH(QString, how);
    QFETCH(int, exitCode);
    QFETCH(QString, says);
    const QString path = makeLog(QStringLiteral("verify-") + how, 5);
    QStringList args { QStringLiteral("--no-keychain"), QStringLiteral("audit"), QStringLiteral("verify"),
                       path };
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = f.readAll().split('\n');
    f.close();
    lines.removeAll(QByteArray());
    if (how == QLatin1String("edit"))
        lines[1].replace("items/2", "items/9");
    else if (how == QLatin1String("truncate") || how == QLatin1String("cut-then-written"))
        lines = lines.mid(0, 3);
    else if (how == QLatin1String("no-anchor"))
        QFile::remove(QFileInfo(path).absolutePath() + QStringLiteral("/audit.head"));
    else if (how == QLatin1String("copy"))
        args.insert(1, QStringLiteral("--no-anchor"));
    else if (how == QLatin1String("missing"))
        args.last() = path + QStringLiteral(".nope");
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(lines.join('\n') + '\n');
    f.close();
    if (how == QLatin1String("cut-then-written")) {
        // The next writer records that the log did not reach its anchor and goes on.
        Audit::AuditLog log(path);
        Audit::Record next;
        next.type = QStringLiteral("restore");
        next.outcome = QStringLiteral("requested");
        QVERIFY(log.append(next).ok());
    }
    const Run r = cli(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2((r.out + r.err).contains(says.toUtf8()), (r.out + r.err).constData());

    const Run json = cli(QStringList { QStringLiteral("--output"), QStringLiteral("json") } + args);
    QCOMPARE(json.exitCode, exitCode);
    if (exitCode != 1) {
        const QJsonObject o = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(o.value(QStringLiteral("status")).toString(),
                 exitCode == 0       ? QStringLiteral("intact")
                     : exitCode == 8 ? QStringLiteral("intact-with-incidents")
                                     : (how == QLatin1String("no-anchor") ? QStringLiteral("incomplete")
                                                                          : QStringLiteral("broken")));
        if (how == QLatin1String("edit")) {
            QCOMPARE(o.value(QStringLiteral("problem")).toObject().value(QStringLiteral("record")).toInt(),
                     2);
            QCOMPARE(o.value(QStringLiteral("problem")).toObject().value(QStringLiteral("code")).toString(),
                     QStringLiteral("audit_hash_mismatch"));
        }
    }
}

void TestCliAuditE2E::listFilters()
{
    const QString path = makeLog(QStringLiteral("list"), 6);
    const QStringList base {
        QStringLiteral("--no-keychain"), QStringLiteral("--audit-log"), path,
        QStringLiteral("--output"),      QStringLiteral("json"),        QStringLiteral("audit"),
        QStringLiteral("list")
    };
    auto seqs = [&](const QStringList &more) {
        const Run r = cli(base + more);
        QList<int> out;
        const QJsonArray a = QJsonDocument::fromJson(r.out).array();
        for (const QJsonValue &v : a)
            out << v[QStringLiteral("seq")].toInt();
        return out;
    };
    QCOMPARE(seqs({}), QList<int>({ 1, 2, 3, 4, 5, 6 }));
    QCOMPARE(seqs({ QStringLiteral("--type"), QStringLiteral("job-cancel") }), QList<int>({ 2, 4, 6 }));
    QCOMPARE(seqs({ QStringLiteral("--outcome"), QStringLiteral("refused") }), QList<int>({ 3, 6 }));
    QCOMPARE(seqs({ QStringLiteral("--identity"), QStringLiteral("USER1") }), QList<int>({ 1, 3, 5 }));
    QCOMPARE(seqs({ QStringLiteral("--resource"), QStringLiteral("items/4") }), QList<int>({ 4 }));
    QCOMPARE(seqs({ QStringLiteral("--search"), QStringLiteral("items/5") }), QList<int>({ 5 }));
    QCOMPARE(seqs({ QStringLiteral("--limit"), QStringLiteral("2") }), QList<int>({ 5, 6 }));
    QCOMPARE(seqs({ QStringLiteral("--since"), QStringLiteral("2999-01-01") }), QList<int>());

    const Run text
        = cli({ QStringLiteral("--no-keychain"), QStringLiteral("--audit-log"), path, QStringLiteral("audit"),
                QStringLiteral("list"), QStringLiteral("--type"), QStringLiteral("restore") });
    QCOMPARE(text.exitCode, 0);
    const QList<QByteArray> lines = text.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines[0].contains("SEQ") && lines[0].contains("TARGET"));
    QVERIFY(lines[1].contains("restore") && lines[1].contains("/vaults/v/items/1"));
}

void TestCliAuditE2E::exportCarriesHeadAndVerification()
{
    const QString path = makeLog(QStringLiteral("export"), 4);
    const QString out = m_dir.filePath(QStringLiteral("export.json"));
    const Run r
        = cli({ QStringLiteral("--no-keychain"), QStringLiteral("--audit-log"), path, QStringLiteral("audit"),
                QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("json"),
                QStringLiteral("--type"), QStringLiteral("restore"), QStringLiteral("--out"), out });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(o.value(QStringLiteral("head")).toObject().value(QStringLiteral("seq")).toInt(), 4);
    QCOMPARE(o.value(QStringLiteral("head")).toObject().value(QStringLiteral("hash")).toString().size(), 64);
    QCOMPARE(o.value(QStringLiteral("verification")).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("intact"));
    QCOMPARE(o.value(QStringLiteral("records")).toArray().size(), 2);

    // The export itself is recorded, and the CSV export (to stdout) carries the new head.
    const Run csv
        = cli({ QStringLiteral("--no-keychain"), QStringLiteral("--audit-log"), path, QStringLiteral("audit"),
                QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("csv"),
                QStringLiteral("--since"), QStringLiteral("2000-01-01T00:00:00Z") });
    QVERIFY2(csv.exitCode == 0, csv.err.constData());
    QVERIFY2(csv.out.contains("# chain head: seq 5 "), csv.out.constData());
    QVERIFY(csv.out.contains("\n# verification:,\"{"));
    QVERIFY(csv.out.contains("\"\"status\"\":\"\"intact\"\""));
    QVERIFY(csv.out.contains(",audit-export,succeeded,local user,"));
}

// Standard output closed at the start (`>&-`): an export to it goes nowhere, so it is refused
// (exit 1, said once) and not recorded as done; an export to a file prints nothing on standard
// output and is not affected (exit 0, recorded).
void TestCliAuditE2E::exportToAClosedStandardOutput()
{
    const QString path = makeLog(QStringLiteral("closed"), 3);
    const auto closeStdout = [] { ::close(STDOUT_FILENO); };
    const QStringList common {
        QStringLiteral("--no-keychain"), QStringLiteral("--audit-log"), path,
        QStringLiteral("audit"),         QStringLiteral("export"),      QStringLiteral("--format"),
        QStringLiteral("json")
    };
    const Run refused = cli(common, closeStdout);
    QVERIFY2(refused.exitCode == 1, refused.err.constData());
    QVERIFY2(refused.err.contains("could not write the output: standard output is closed"),
             refused.err.constData());
    QCOMPARE(refused.err.count("standard output is closed"), 1);

    const Run toFile
        = cli(common + QStringList { QStringLiteral("--out"), m_dir.filePath(QStringLiteral("closed.json")) },
              closeStdout);
    QVERIFY2(toFile.exitCode == 0, toFile.err.constData());

    Run list = cli({ QStringLiteral("--no-keychain"), QStringLiteral("--audit-log"), path,
                     QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("audit"),
                     QStringLiteral("list") });
    QVERIFY2(list.exitCode == 0, list.err.constData());
    const QJsonArray records = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(records.size(), 4); // the three made, and the one export that went to a file
    QCOMPARE(records.last()[QStringLiteral("type")].toString(), QStringLiteral("audit-export"));
    QVERIFY(records.last()[QStringLiteral("params")][QStringLiteral("out")].toString()
            != QStringLiteral("-"));
}

void TestCliAuditE2E::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no verb") << QStringList { "audit" } << "verify, list or export";
    QTest::newRow("unknown verb") << QStringList { "audit", "shred" } << "unknown verb";
    QTest::newRow("bad format") << QStringList { "audit", "export", "--format", "xml" } << "--format";
    QTest::newRow("bad since") << QStringList { "audit", "list", "--since", "yesterday" } << "--since";
    QTest::newRow("bad limit") << QStringList { "audit", "list", "--limit", "-3" } << "--limit";
}

void TestCliAuditE2E::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const Run r = cli(QStringList { QStringLiteral("--no-keychain"), QStringLiteral("--audit-log"),
                                    m_dir.filePath(QStringLiteral("usage/audit.jsonl")) }
                      + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
}

QTEST_GUILESS_MAIN(TestCliAuditE2E)
#include "tst_cli_audit_e2e.moc"
