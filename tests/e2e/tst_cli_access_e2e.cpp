// restoredesk-cli's identity verbs against the sandbox, as a script uses them: `access check`
// (exit 0 allowed, 6 denied naming the missing action, 1 cannot tell, 2 usage, 3 authentication;
// text and JSON), with a bare access token and with a profile signed in through the browser;
// `fic test --identity` listing the credentials from the API; `fic create` with the access
// pre-check and the audit records before and after (refused when the log cannot be written); and
// `token inspect --verify` fetching exactly the token issuer's discovery document and keys.
#include "browsersignin.h"
#include "cannedhttpserver.h"
#include "clirun.h"
#include "jose/jwt.h"
#include "jose/randomtoken.h"
#include "sandboxharness.h"
#include "sandboxids.h"
#include "testprocesses.h"
#include "testsigner.h"
#include "workloadtoken.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

using RestoreDesk::Test::workloadToken;

QList<QJsonObject> readLog(const QString &path)
{
    QList<QJsonObject> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (!line.trimmed().isEmpty())
            out << QJsonDocument::fromJson(line).object();
    }
    return out;
}

} // namespace

class TestCliAccessE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void accessCheckExitCodes_data();
    void accessCheckExitCodes();
    void accessCheckJsonNamesRolesAndSources();
    void accessCheckWithoutOperationListsAll();
    void accessCheckUsageAndAuthentication();
    void signedInProfile();
    void ficTestListsTheIdentitysCredentials();
    void ficCreateIsCheckedAndRecorded();
    void ficCreateRefusedWhenTheLogCannotBeWritten();
    void ficCreateAsksAndDoesNotReplaceSilently();
    void verifyFetchesOnlyTheIssuersKeys();
    void verifySandboxToken();
    void verifyTokenOfAnotherIssuer();

private:
    using Run = Test::CliRun;
    Run cli(const QStringList &args, const QByteArray &input = {}, const QByteArray &inputAfterStderr = {},
            std::function<void()> inChild = {});
    Run as(const QString &person, const QStringList &args, const QByteArray &input = {});
    QString token(const QString &person);
    // The last record of the log the `as` runs write.
    QJsonObject lastRecord();

    QTemporaryDir m_dir;
    SandboxHarness m_sandbox;
    QHash<QString, QString> m_tokens;
};

void TestCliAccessE2E::initTestCase()
{
    QString error;
    Sandbox::SandboxOptions options;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run through with-keyring.sh");
}

TestCliAccessE2E::Run TestCliAccessE2E::cli(const QStringList &args, const QByteArray &input,
                                            const QByteArray &inputAfterStderr, std::function<void()> inChild)
{
    Test::CliRunOptions options;
    options.input = input;
    options.inputAfterStderr = inputAfterStderr;
    options.inChild = std::move(inChild);
    return Test::runCli(QStringLiteral(RD_CLI_BINARY), args, options);
}

QString TestCliAccessE2E::token(const QString &person)
{
    if (!m_tokens.contains(person))
        m_tokens.insert(person, m_sandbox.signIn(person).accessToken);
    return m_tokens.value(person);
}

TestCliAccessE2E::Run TestCliAccessE2E::as(const QString &person, const QStringList &args,
                                           const QByteArray &input)
{
    return cli(QStringList { "--api-base", m_sandbox.api(), "--access-token", token(person), "--config",
                             m_dir.filePath("cli.conf"), "--no-keychain", "--audit-log",
                             m_dir.filePath("audit/audit.jsonl") }
                   + args,
               input);
}

QJsonObject TestCliAccessE2E::lastRecord()
{
    QFile f(m_dir.filePath("audit/audit.jsonl"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object();
}

void TestCliAccessE2E::accessCheckExitCodes_data()
{
    QTest::addColumn<QString>("person");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("missing"); // named on stderr when denied

    QTest::newRow("operator may restore") << "oscar" << kProdWeu << "restore" << 0 << "";
    QTest::newRow("reader may not restore") << "rita" << kProdWeu << "restore" << 6 << kRestoreAction;
    QTest::newRow("reader may read") << "rita" << kProdWeu << "read" << 0 << "";
    QTest::newRow("operator may cancel a job") << "oscar" << kProdWeu << "cancel-job" << 0 << "";
    QTest::newRow("nobody without roles reads")
        << "nora" << kProdWeu << "read" << 6 << "Microsoft.RecoveryServices/Vaults/read";
    // At a subscription (no permissions form) the role assignments are evaluated.
    QTest::newRow("Reader at the subscription reads its activity log")
        << "carla" << kProd << "read-activity-log" << 0 << "";
    QTest::newRow("a backup role does not read the activity log")
        << "rita" << kProd << "read-activity-log" << 6 << "Microsoft.Insights/eventtypes/values/read";
    QTest::newRow("cannot tell where assignments cannot be read")
        << "nora" << kProd << "read-activity-log" << 1 << "";
    QTest::newRow("contributor manages credentials on the identity")
        << "carla" << kIdentity << "manage-federated-credentials" << 0 << "";
}

void TestCliAccessE2E::accessCheckExitCodes()
{
    QFETCH(QString, person);
    QFETCH(QString, scope);
    QFETCH(QString, operation);
    QFETCH(int, exitCode);
    QFETCH(QString, missing);
    const Run r = as(person, { "access", "check", "--scope", scope, "--operation", operation });
    QVERIFY2(r.exitCode == exitCode, qPrintable(QString::number(r.exitCode) + ' ' + r.err + r.out));
    if (!missing.isEmpty())
        QVERIFY2(r.err.contains(missing.toUtf8()), r.err.constData());
    QVERIFY(!r.out.isEmpty());
    QVERIFY2(!r.err.contains("eyJ"), "no token on stderr");
    // Recorded like the other API verbs: who asked, where, about what, and the answer.
    const QJsonObject record = lastRecord();
    QCOMPARE(record.value("type").toString(), QStringLiteral("permission-check"));
    QCOMPARE(record.value("target").toString(), scope);
    QCOMPARE(record.value("params").toObject().value("operation").toString(), operation);
    QCOMPARE(record.value("params").toObject().value("verdict").toString(),
             exitCode == 0 ? QStringLiteral("allowed")
                           : (exitCode == 6 ? QStringLiteral("denied") : QStringLiteral("unknown")));
    QCOMPARE(record.value("outcome").toString(),
             exitCode == 0 ? QStringLiteral("succeeded")
                           : (exitCode == 6 ? QStringLiteral("denied") : QStringLiteral("noted")));
    QVERIFY(!record.value("identity").toObject().value("subject").toString().isEmpty());
}

void TestCliAccessE2E::accessCheckJsonNamesRolesAndSources()
{
    const Run denied = as(
        "rita", { "--output", "json", "access", "check", "--scope", kProdWeu, "--operation", "restore" });
    QCOMPARE(denied.exitCode, 6);
    const QJsonObject o = denied.object();
    QCOMPARE(o.value("verdict").toString(), QStringLiteral("denied"));
    QCOMPARE(o.value("operation").toString(), QStringLiteral("restore"));
    QCOMPARE(o.value("scope").toString(), kProdWeu);
    QCOMPARE(o.value("missing").toArray(), QJsonArray { kRestoreAction });
    bool sawMissing = false;
    for (const QJsonValue &v : o.value("requirements").toArray()) {
        const QJsonObject need = v.toObject();
        QCOMPARE(need.value("source").toString(), QStringLiteral("permissions"));
        if (need.value("action").toString() == kRestoreAction) {
            sawMissing = true;
            QCOMPARE(need.value("state").toString(), QStringLiteral("denied"));
            const QStringList roles = need.value("rolesThatGrant").toVariant().toStringList();
            QVERIFY2(roles.contains("Backup Operator") && roles.contains("Backup Contributor"),
                     qPrintable(roles.join(',')));
        } else {
            QCOMPARE(need.value("state").toString(), QStringLiteral("allowed"));
            QVERIFY(!need.value("grantedBy").toObject().value("pattern").toString().isEmpty());
        }
    }
    QVERIFY(sawMissing);

    // At the subscription the verdict comes from the role assignments and names the role.
    const Run evaluated
        = as("carla",
             { "--output", "json", "access", "check", "--scope", kProd, "--operation", "read-activity-log" });
    QCOMPARE(evaluated.exitCode, 0);
    const QJsonObject need = evaluated.object().value("requirements").toArray().first().toObject();
    QCOMPARE(need.value("source").toString(), QStringLiteral("roleAssignments"));
    QCOMPARE(need.value("grantedBy").toObject().value("role").toString(), QStringLiteral("Reader"));
    QCOMPARE(need.value("grantedBy").toObject().value("assignmentScope").toString(), kProd);

    const Run unknown
        = as("nora",
             { "--output", "json", "access", "check", "--scope", kProd, "--operation", "read-activity-log" });
    QCOMPARE(unknown.exitCode, 1);
    const QJsonObject why = unknown.object().value("requirements").toArray().first().toObject();
    QCOMPARE(why.value("state").toString(), QStringLiteral("unknown"));
    QCOMPARE(why.value("unknownReason").toString(), QStringLiteral("refused"));
    QCOMPARE(why.value("error").toObject().value("httpStatus").toInt(), 403);
}

void TestCliAccessE2E::accessCheckWithoutOperationListsAll()
{
    const Run r = as("oscar", { "--output", "json", "access", "check", "--scope", kProdWeu });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = r.object();
    QCOMPARE(o.value("operations").toArray().size(), 11);
    QHash<QString, QString> verdicts;
    for (const QJsonValue &v : o.value("operations").toArray())
        verdicts.insert(v["operation"].toString(), v["verdict"].toString());
    QCOMPARE(verdicts.value("restore"), QStringLiteral("allowed"));
    QCOMPARE(verdicts.value("change-policy"), QStringLiteral("denied"));
    QCOMPARE(verdicts.value("read-activity-log"), QStringLiteral("denied")); // no Reader for oscar
    QStringList roles;
    for (const QJsonValue &v : o.value("assignments").toArray())
        roles << v["role"].toString() + '@' + v["scope"].toString();
    roles.sort();
    QCOMPARE(roles,
             QStringList(
                 { "Backup Operator@" + kProd + "/resourceGroups/rg-backup-weu", "Backup Reader@" + kProd }));

    const Run text = as("oscar", { "access", "check", "--scope", kProdWeu });
    QCOMPARE(text.exitCode, 0);
    // Nothing allowed at all: the pre-check said no (exit 6), in text and in JSON.
    const Run nothing = as("nora", { "access", "check", "--scope", kProdWeu });
    QVERIFY2(nothing.exitCode == 6, nothing.err.constData());
    QVERIFY(nothing.out.contains("What can I do at"));
    QCOMPARE(as("nora", { "--output", "json", "access", "check", "--scope", kProdWeu }).exitCode, 6);
    QVERIFY2(text.out.contains("Backup Operator at " + kProd.toUtf8() + "/resourceGroups/rg-backup-weu"),
             text.out.constData());
}

void TestCliAccessE2E::accessCheckUsageAndAuthentication()
{
    QCOMPARE(as("oscar", { "access", "check" }).exitCode, 2);
    QCOMPARE(as("oscar", { "access", "check", "--scope", "vaults/rsv-prod-weu" }).exitCode, 2);
    const Run op = as("oscar", { "access", "check", "--scope", kProdWeu, "--operation", "fly" });
    QCOMPARE(op.exitCode, 2);
    QVERIFY2(op.err.contains("restore"), op.err.constData()); // the known operations are named
    QCOMPARE(as("oscar", { "access", "verify", "--scope", kProdWeu }).exitCode, 2);
    // A token the API does not take: 401, no renewal for a bare token.
    const Run refused
        = cli({ "--api-base", m_sandbox.api(), "--access-token", "not-a-token", "--config",
                m_dir.filePath("cli.conf"), "access", "check", "--scope", kProdWeu, "--operation", "read" });
    QVERIFY2(refused.exitCode == 3, refused.err.constData());
}

void TestCliAccessE2E::signedInProfile()
{
    // A profile-less run signed in through the browser; the verbs resume it from the keychain.
    const QStringList common { "--issuer",    m_sandbox.issuer(),
                               "--client-id", "restoredesk",
                               "--api-base",  m_sandbox.api(),
                               "--config",    m_dir.filePath("session.conf"),
                               "--audit-log", m_dir.filePath("session/audit.jsonl") };
    const QString browser
        = QStringLiteral("'%1' '%2/browser.js' --user oscar").arg(nodeExecutable(), idpDirectory());
    const Run login = cli(common + QStringList { "--browser-command", browser, "login" });
    QVERIFY2(login.exitCode == 0, login.err.constData());
    const Run allowed
        = cli(common + QStringList { "access", "check", "--scope", kProdWeu, "--operation", "restore" });
    QVERIFY2(allowed.exitCode == 0, allowed.err.constData());
    const Run denied = cli(
        common + QStringList { "access", "check", "--scope", kProdWeu, "--operation", "change-policy" });
    QCOMPARE(denied.exitCode, 6);
    const Run fics = cli(common + QStringList { "fic", "test", "--identity", kIdentity, "--token", "-" },
                         workloadToken("repo:fabrikam/backup-drills:ref:refs/heads/main"));
    QVERIFY2(fics.exitCode == 6, fics.err.constData()); // an operator may not read credentials
    QCOMPARE(cli(common + QStringList { "logout" }).exitCode, 0);
    const Run after
        = cli(common + QStringList { "access", "check", "--scope", kProdWeu, "--operation", "read" });
    QVERIFY2(after.exitCode == 3, after.err.constData());
}

void TestCliAccessE2E::ficTestListsTheIdentitysCredentials()
{
    const Run match
        = as("carla", { "--output", "json", "fic", "test", "--identity", kIdentity, "--token", "-" },
             workloadToken("repo:fabrikam/backup-drills:environment:production"));
    QVERIFY2(match.exitCode == 0, match.err.constData());
    QCOMPARE(match.object().value("matched").toString(), QStringLiteral("github-prod-env"));
    QCOMPARE(match.object().value("source").toString(), kIdentity);
    QVERIFY(match.object().value("credentials").toArray().size() >= 3);
    QJsonObject record = lastRecord();
    QCOMPARE(record.value("type").toString(), QStringLiteral("permission-check"));
    QCOMPARE(record.value("target").toString(), kIdentity);
    QCOMPARE(record.value("params").toObject().value("verdict").toString(), QStringLiteral("allowed"));
    QCOMPARE(record.value("params").toObject().value("matched").toString(),
             QStringLiteral("github-prod-env"));
    QCOMPARE(record.value("params").toObject().value("workloadSubject").toString(),
             QStringLiteral("repo:fabrikam/backup-drills:environment:production"));

    const Run miss = as("carla", { "fic", "test", "--identity", kIdentity, "--token", "-" },
                        workloadToken("repo:fabrikam/backup-drills:ref:refs/heads/Main"));
    QCOMPARE(miss.exitCode, 7);
    QVERIFY2(miss.out.contains("AADSTS7002138"), miss.out.constData()); // case-only miss of github-main
    record = lastRecord();
    QCOMPARE(record.value("params").toObject().value("verdict").toString(), QStringLiteral("denied"));
    QCOMPARE(record.value("outcome").toString(), QStringLiteral("denied"));

    QCOMPARE(
        as("rita", { "fic", "test", "--identity", kIdentity, "--token", "-" }, workloadToken("x")).exitCode,
        6);
    record = lastRecord();
    QCOMPARE(record.value("type").toString(), QStringLiteral("permission-check"));
    QCOMPARE(record.value("params").toObject().value("verdict").toString(), QStringLiteral("denied"));
    QVERIFY(!record.value("params").toObject().value("error").toString().isEmpty());
    QCOMPARE(as("carla", { "fic", "test", "--identity", "/subscriptions/x/resourceGroups/y", "--token", "-" },
                workloadToken("x"))
                 .exitCode,
             2);
}

void TestCliAccessE2E::ficCreateIsCheckedAndRecorded()
{
    const QString log = m_dir.filePath("create/audit.jsonl");
    const QByteArray pr = workloadToken("repo:fabrikam/backup-drills:pull_request");
    auto run = [&](const QString &person, const QStringList &args) {
        return cli(QStringList { "--api-base", m_sandbox.api(), "--access-token", token(person), "--config",
                                 m_dir.filePath("cli.conf"), "--no-keychain", "--audit-log", log }
                       + args,
                   pr);
    };
    // Rita may not: the pre-check says so, it is recorded, nothing is sent.
    const Run refused = run("rita", { "fic", "create", "--identity", kIdentity, "--token", "-" });
    QVERIFY2(refused.exitCode == 6, refused.err.constData());
    QVERIFY(refused.err.contains("federatedIdentityCredentials/write"));
    QCOMPARE(run("carla", { "fic", "test", "--identity", kIdentity, "--token", "-" }).exitCode, 7);

    const Run created = run("carla",
                            { "--output", "json", "fic", "create", "--identity", kIdentity, "--token", "-",
                              "--name", "github-pull-requests", "--yes" });
    QVERIFY2(created.exitCode == 0, created.err.constData());
    QCOMPARE(created.object().value("name").toString(), QStringLiteral("github-pull-requests"));
    QCOMPARE(created.object().value("subject").toString(),
             QStringLiteral("repo:fabrikam/backup-drills:pull_request"));
    QVERIFY(created.object().value("created").toBool());
    QVERIFY(created.err.contains("PUT ")); // the preview
    const Run matches
        = run("carla", { "--output", "json", "fic", "test", "--identity", kIdentity, "--token", "-" });
    QCOMPARE(matches.exitCode, 0);
    QCOMPARE(matches.object().value("matched").toString(), QStringLiteral("github-pull-requests"));
    // The same issuer and subject again: refused before anything is sent or recorded.
    const Run twice
        = run("carla", { "fic", "create", "--identity", kIdentity, "--token", "-", "--name", "again-pr" });
    QCOMPARE(twice.exitCode, 1);
    QVERIFY2(twice.err.contains("github-pull-requests"), twice.err.constData());

    const QList<QJsonObject> records = readLog(log);
    QStringList seen;
    for (const QJsonObject &r : records)
        seen << r.value("type").toString() + '/' + r.value("outcome").toString();
    QCOMPARE(
        seen,
        QStringList({ "permission-check/denied", "permission-check/denied", "credential-create/requested",
                      "credential-create/succeeded", "permission-check/succeeded" }));
    const QJsonObject requested = records.at(2);
    const QJsonObject outcome = records.at(3);
    QCOMPARE(requested.value("target").toString(),
             kIdentity + "/federatedIdentityCredentials/github-pull-requests");
    QCOMPARE(requested.value("identity").toObject().value("username").toString(),
             QStringLiteral("carla@sandbox.restoredesk.invalid"));
    QCOMPARE(requested.value("params").toObject().value("subject").toString(),
             QStringLiteral("repo:fabrikam/backup-drills:pull_request"));
    QCOMPARE(outcome.value("ref").toInteger(), requested.value("seq").toInteger());
    QCOMPARE(outcome.value("correlationIds"), requested.value("correlationIds"));
    QCOMPARE(outcome.value("correlationIds").toArray().size(), 1);
    QFile f(log);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY2(!f.readAll().contains("eyJ"), "no token in the audit log");
}

void TestCliAccessE2E::ficCreateRefusedWhenTheLogCannotBeWritten()
{
    // The log's folder is a file: nothing can be recorded, so nothing may be created.
    QFile blocker(m_dir.filePath("blocked"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QByteArray tag = workloadToken("repo:fabrikam/backup-drills:ref:refs/tags/v1");
    const Run r = cli({ "--api-base", m_sandbox.api(), "--access-token", token("carla"), "--config",
                        m_dir.filePath("cli.conf"), "--no-keychain", "--audit-log",
                        m_dir.filePath("blocked/audit.jsonl"), "fic", "create", "--identity", kIdentity,
                        "--token", "-", "--yes" },
                      tag);
    QVERIFY2(r.exitCode == 1, r.err.constData());
    QVERIFY2(r.err.contains("nothing was created"), r.err.constData());
    QCOMPARE(as("carla", { "fic", "test", "--identity", kIdentity, "--token", "-" }, tag).exitCode, 7);
}

void TestCliAccessE2E::ficCreateAsksAndDoesNotReplaceSilently()
{
    const QString log = m_dir.filePath("confirm/audit.jsonl");
    auto run = [&](const QByteArray &workload, const QStringList &args, const QByteArray &input,
                   const QByteArray &inputAfterStderr = {}, std::function<void()> inChild = {}) {
        return cli(QStringList { "--api-base", m_sandbox.api(), "--access-token", token("carla"), "--config",
                                 m_dir.filePath("cli.conf"), "--no-keychain", "--audit-log", log, "fic",
                                 "create", "--identity", kIdentity, "--token", QString::fromLatin1(workload),
                                 "--name", "confirm-drill" }
                       + args,
                   input, inputAfterStderr, std::move(inChild));
    };
    const QByteArray a = workloadToken("repo:fabrikam/backup-drills:environment:confirm-a");
    const QByteArray b = workloadToken("repo:fabrikam/backup-drills:environment:confirm-b");
    // Declined: the preview is shown, and the question before the answer is read (answered only
    // once it is on standard error, as an operator would), nothing is sent.
    const Run declined = run(a, {}, "n\n", "Create it? [y/N] ");
    QVERIFY2(declined.exitCode == 1, declined.err.constData());
    QVERIFY(declined.err.contains("PUT "));
    QVERIFY2(declined.errBeforeInput.contains("PUT ")
                 && declined.errBeforeInput.endsWith("Create it? [y/N] "),
             declined.errBeforeInput.constData());
    QCOMPARE(as("carla", { "fic", "test", "--identity", kIdentity, "--token", "-" }, a).exitCode, 7);
    // A "y" to a question that could not be shown (standard error failing, with the preview) is no.
    if (Test::hasDevFull()) {
        const Run unseen = run(a, {}, "y\n", {}, Test::putStandardErrorOnDevFull);
        QCOMPARE(unseen.exitCode, 1);
        QVERIFY(unseen.out.isEmpty()); // "Created …", had it been
        QVERIFY(readLog(log).isEmpty()); // a create is recorded as requested before it is sent
        QCOMPARE(as("carla", { "fic", "test", "--identity", kIdentity, "--token", "-" }, a).exitCode, 7);
    } else {
        qInfo("no writable /dev/full here: a create with a failing standard error is not checked");
    }
    // Confirmed.
    const Run created = run(a, {}, "y\n");
    QVERIFY2(created.exitCode == 0, created.err.constData());
    QCOMPARE(as("carla", { "fic", "test", "--identity", kIdentity, "--token", "-" }, a).exitCode, 0);
    // The same name for another subject: refused unless --replace, even with --yes.
    const Run taken = run(b, { "--yes" }, {});
    QVERIFY2(taken.exitCode == 1, taken.err.constData());
    QVERIFY2(taken.err.contains("confirm-drill") && taken.err.contains("--replace"), taken.err.constData());
    QCOMPARE(as("carla", { "fic", "test", "--identity", kIdentity, "--token", "-" }, a).exitCode, 0);
    const Run replaced = run(b, { "--yes", "--replace" }, {});
    QVERIFY2(replaced.exitCode == 0, replaced.err.constData());
    QVERIFY(replaced.err.contains("Replacing federated credential confirm-drill"));
    QCOMPARE(as("carla", { "fic", "test", "--identity", kIdentity, "--token", "-" }, b).exitCode, 0);
    QCOMPARE(as("carla", { "fic", "test", "--identity", kIdentity, "--token", "-" }, a).exitCode, 7);
    // A token on standard input leaves no one to ask: --yes is needed.
    const Run piped = cli({ "--api-base", m_sandbox.api(), "--access-token", token("carla"), "--config",
                            m_dir.filePath("cli.conf"), "--no-keychain", "--audit-log", log, "fic", "create",
                            "--identity", kIdentity, "--token", "-", "--name", "confirm-piped" },
                          workloadToken("repo:fabrikam/backup-drills:environment:confirm-c"));
    QVERIFY2(piped.exitCode == 2, piped.err.constData());
    QVERIFY(piped.err.contains("--yes"));
}

void TestCliAccessE2E::verifyFetchesOnlyTheIssuersKeys()
{
    // An issuer of our own: the CLI may ask it for its discovery document and its keys, nothing more.
    CannedHttpServer issuer;
    QVERIFY(issuer.start());
    const QString iss = issuer.url(QString()).toString();
    TestSigner signer(QStringLiteral("ES256"), QStringLiteral("k1"));
    const QByteArray config = QJsonDocument(QJsonObject { { "issuer", iss },
                                                          { "authorization_endpoint", iss + "/authorize" },
                                                          { "token_endpoint", iss + "/token" },
                                                          { "jwks_uri", iss + "/keys" } })
                                  .toJson(QJsonDocument::Compact);
    const QByteArray jwks = QJsonDocument(QJsonObject { { "keys", QJsonArray { signer.publicJwk() } } })
                                .toJson(QJsonDocument::Compact);
    issuer.setHandler([&](const CannedHttpServer::Seen &seen) {
        if (seen.target == "/.well-known/openid-configuration")
            return CannedHttpServer::response(200, config);
        if (seen.target == "/keys")
            return CannedHttpServer::response(200, jwks);
        return CannedHttpServer::response(404, "{}");
    });
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray signedToken = signer.sign(
        {},
        QJsonObject {
            { "iss", iss }, { "sub", "kai" }, { "aud", "api" }, { "iat", now }, { "exp", now + 600 } });
    const Run ok = cli({ "--output", "json", "token", "inspect", "-", "--verify" }, signedToken);
    QVERIFY2(ok.exitCode == 0, ok.err.constData());
    QVERIFY(ok.object().value("verified").toBool());
    QCOMPARE(ok.object().value("verification").toObject().value("keys").toString(), iss + "/keys");
    QStringList asked;
    for (const auto &seen : issuer.requests())
        asked << QString::fromLatin1(seen.method + ' ' + seen.target);
    QCOMPARE(asked, QStringList({ "GET /.well-known/openid-configuration", "GET /keys" }));
    for (const auto &seen : issuer.requests())
        QVERIFY(!seen.headers.contains("authorization")); // the token went nowhere

    // Another key under the same kid: the signature fails, and nothing more is fetched.
    TestSigner forger(QStringLiteral("ES256"), QStringLiteral("k1"));
    const QByteArray forged
        = forger.sign({}, QJsonObject { { "iss", iss }, { "sub", "kai" }, { "exp", now + 600 } });
    Run bad = cli({ "token", "inspect", "-", "--verify" }, forged);
    QCOMPARE(bad.exitCode, 3);
    QCOMPARE(issuer.requests().size(), 4);
    // A kid the keys do not have (rotated?): the keys are fetched again once, then it fails.
    TestSigner rotated(QStringLiteral("ES256"), QStringLiteral("k2"));
    const QByteArray unknownKid
        = rotated.sign({}, QJsonObject { { "iss", iss }, { "sub", "kai" }, { "exp", now + 600 } });
    bad = cli({ "--output", "json", "token", "inspect", "-", "--verify" }, unknownKid);
    QCOMPARE(bad.exitCode, 3);
    QCOMPARE(bad.object().value("verification").toObject().value("reason").toString(),
             QStringLiteral("unknown_kid"));
    QCOMPARE(issuer.requests().size(), 7);
    QCOMPARE(issuer.requests().last().target, QByteArray("/keys"));

    // Not HTTPS and not loopback: nothing is fetched at all.
    const QByteArray remote = signer.sign(
        {}, QJsonObject { { "iss", "http://issuer.example" }, { "sub", "kai" }, { "exp", now + 600 } });
    const int before = int(issuer.requests().size());
    const Run insecure = cli({ "token", "inspect", "-", "--verify" }, remote);
    QCOMPARE(insecure.exitCode, 1);
    QVERIFY2(insecure.err.contains("issuer.example"), insecure.err.constData());
    QCOMPARE(int(issuer.requests().size()), before);
}

void TestCliAccessE2E::verifySandboxToken()
{
    const QByteArray t = token("rita").toUtf8();
    const Run ok = cli({ "--output", "json", "token", "inspect", "-", "--verify" }, t);
    QVERIFY2(ok.exitCode == 0, ok.err.constData());
    QVERIFY(ok.object().value("verified").toBool());
    QVERIFY(
        ok.object().value("verification").toObject().value("keys").toString().startsWith(m_sandbox.issuer()));
    QByteArray tampered = t;
    tampered[tampered.size() - 5] = tampered.at(tampered.size() - 5) == 'A' ? 'B' : 'A';
    QCOMPARE(cli({ "token", "inspect", "-", "--verify" }, tampered).exitCode, 3);
}

void TestCliAccessE2E::verifyTokenOfAnotherIssuer()
{
    TestIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    BrowserSignIn signIn;
    signIn.authorizationEndpoint = idp.issuer() + QStringLiteral("/auth");
    signIn.tokenEndpoint = idp.issuer() + QStringLiteral("/token");
    signIn.scope = QStringLiteral("openid profile");
    signIn.user = QStringLiteral("alice");
    const auto r = signIn.run();
    QVERIFY2(r.granted, qPrintable(r.diagnostics));
    QCOMPARE(Jose::Jwt::parse(r.accessToken.toUtf8())->claims.value("iss").toString(), idp.issuer());
    const Run ok = cli({ "--output", "json", "token", "inspect", "-", "--verify" }, r.accessToken.toUtf8());
    QVERIFY2(ok.exitCode == 0, (ok.err + ok.out).constData());
    QVERIFY(ok.object().value("verified").toBool());
    QVERIFY(ok.object().value("verification").toObject().value("keys").toString().startsWith(idp.issuer()));
    const Run id = cli({ "--output", "json", "token", "inspect", "-", "--verify" }, r.idToken.toUtf8());
    QCOMPARE(id.exitCode, 0);
    QVERIFY(id.object().value("verified").toBool());
}

QTEST_MAIN(TestCliAccessE2E)
#include "tst_cli_access_e2e.moc"
