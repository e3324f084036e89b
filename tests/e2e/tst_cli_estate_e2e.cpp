// restoredesk-cli's estate verbs as a script would run them, against the in-process sandbox with
// two items per page, called with --api-base and an access token alone (no sign-in, no browser):
// every verb in text and in JSON (JSON alone on standard output, an array for a list, an object
// for one thing, full ids and names, the table's fields in camelCase, UTC times; text in local
// time, ids shortened only on a narrow terminal), every page read and said so, the jobs window
// stated, exit codes 0/1/2/3/6 with one line on standard error naming what a 403 misses, an
// estate-read audit record per run, and throttled answers retried to a complete list.
#include "cannedhttpserver.h"
#include "clirun.h"
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

const QString kSales = kProdWeu
    + QStringLiteral("/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg-db-prod;vm-sql-01/"
                     "protectedItems/SQLDataBase;mssqlserver;sales");
const QString kWeb01
    = kProdWeu
    + QStringLiteral(
          "/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-web-prod;"
          "vm-web-01/protectedItems/VM;iaasvmcontainerv2;rg-web-prod;vm-web-01");
constexpr int kPageSize = 2;

// "LAST RECOVERY POINT" -> "lastRecoveryPoint"
QString camelCase(const QString &header)
{
    const QStringList words = header.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString out;
    for (const QString &w : words)
        out += out.isEmpty() ? w : w.left(1).toUpper() + w.mid(1);
    return out;
}

int pagesFor(qsizetype n)
{
    return n == 0 ? 1 : int((n + kPageSize - 1) / kPageSize);
}

} // namespace

class TestCliEstateE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void apiBaseAndAccessTokenAlone();
    void listsInTextAndJson_data();
    void listsInTextAndJson();
    void allVaultsRowsComeByVaultInOrder();
    void showsInTextAndJson_data();
    void showsInTextAndJson();
    void jsonTimesAreUtcAndTextTimesLocal();
    void jobsListStatesItsWindow();
    void narrowTerminalShortensIdsOnly();
    void exitCodes_data();
    void exitCodes();
    void refusalNamesTheMissingAction();
    void jsonModeKeepsFailuresOffStandardOutput();
    void everyVerbHasHelpWithAnExample_data();
    void everyVerbHasHelpWithAnExample();
    void eachRunIsAudited();
    void throttledAnswersAreRetriedToTheEnd();
    void pointsAndJobsAreNewestFirst_data();
    void pointsAndJobsAreNewestFirst();
    void itemsShowTakesTheContainerFromTheId();
    void pointsWithoutRetentionShowThePolicysRule();
    void unreadableSubscriptionsAreNotBlamedOnRoles();
    void allVaultsWarnsOfUnreadableEntries_data();
    void allVaultsWarnsOfUnreadableEntries();

private:
    using Run = Test::CliRun;
    // Runs the CLI with `user`'s access token (none when empty), against `api` (the sandbox when
    // empty, no --api-base when "none").
    Run cli(const QStringList &args, const QString &user = QStringLiteral("carla"),
            const QHash<QString, QString> &env = {}, const QString &api = {});
    QString token(const QString &user);
    QString auditLog() const { return m_dir.filePath(QStringLiteral("audit/audit.jsonl")); }
    const Sandbox::SandboxVault &vault(const QString &id);

    QTemporaryDir m_dir;
    SandboxHarness m_sandbox;
    QHash<QString, QString> m_tokens;
};

void TestCliEstateE2E::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.pageSize = kPageSize;
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
}

QString TestCliEstateE2E::token(const QString &user)
{
    if (!m_tokens.contains(user))
        m_tokens.insert(user, m_sandbox.signIn(user).accessToken);
    return m_tokens.value(user);
}

const Sandbox::SandboxVault &TestCliEstateE2E::vault(const QString &id)
{
    Sandbox::SandboxVault *v = m_sandbox.server().tenant().vault(id);
    return v ? *v : m_sandbox.server().tenant().vaults.first();
}

TestCliEstateE2E::Run TestCliEstateE2E::cli(const QStringList &args, const QString &user,
                                            const QHash<QString, QString> &extraEnv, const QString &api)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("COLUMNS"));
    env.remove(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"));
    env.remove(QStringLiteral("QT_LOGGING_RULES")); // standard error as an operator sees it
    env.insert(QStringLiteral("TZ"), QStringLiteral("Asia/Kolkata")); // local time is not UTC here
    env.insert(QStringLiteral("RESTOREDESK_NO_KEYCHAIN"), QStringLiteral("1"));
    if (!user.isEmpty())
        env.insert(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"), token(user));
    for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it)
        env.insert(it.key(), it.value());
    QStringList all { QStringLiteral("--config"), m_dir.filePath(QStringLiteral("cli.conf")),
                      QStringLiteral("--audit-log"), auditLog() };
    if (api != QLatin1String("none")) // "none": no --api-base at all
        all << QStringLiteral("--api-base") << (api.isEmpty() ? m_sandbox.api() : api);
    Test::CliRunOptions options;
    options.environment = env;
    return Test::runCli(QStringLiteral(RD_CLI_BINARY), all + args, options);
}

// The operator's bare-token path: no profile, no config, no environment token: only
// --api-base URL --access-token TOKEN (a token from the sandbox's issuer, as `az account
// get-access-token` would give one) and the verb.
void TestCliEstateE2E::apiBaseAndAccessTokenAlone()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"));
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.remove(QStringLiteral("COLUMNS"));
    // Nothing saved anywhere it could find: a home of its own.
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_STATE_HOME"), home.filePath(QStringLiteral("state")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("RESTOREDESK_NO_KEYCHAIN"), QStringLiteral("1"));
    Test::CliRunOptions options;
    options.environment = env;
    const Run r
        = Test::runCli(QStringLiteral(RD_CLI_BINARY),
                       { QStringLiteral("--api-base"), m_sandbox.api(), QStringLiteral("--access-token"),
                         token(QStringLiteral("rita")), QStringLiteral("vaults"), QStringLiteral("list") },
                       options);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString out = QString::fromUtf8(r.out);
    const auto &vaults = m_sandbox.server().tenant().vaults;
    QVERIFY(!vaults.isEmpty());
    for (const Sandbox::SandboxVault &v : vaults) {
        const QString name = v.resource.value(QStringLiteral("name")).toString();
        QVERIFY2(out.contains(name), qPrintable(name + QLatin1Char('\n') + out));
    }
    QVERIFY2(!r.err.contains(token(QStringLiteral("rita")).toUtf8()), "the token was echoed");
}

void TestCliEstateE2E::listsInTextAndJson_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("pages"); // -1: several listings (vaults of every subscription)
    Sandbox::Tenant &t = m_sandbox.server().tenant();
    const Sandbox::SandboxVault &weu = vault(kProdWeu);
    int sqlItems = 0;
    for (const Sandbox::SandboxItem &i : weu.items)
        sqlItems += i.kind == QLatin1String("sql") ? 1 : 0;
    const Sandbox::SandboxItem *web01 = t.item(*t.vault(kProdWeu), kWeb01);
    QVERIFY(web01);
    int sinceNov = 0;
    for (const QJsonObject &p : web01->recoveryPoints) {
        const QDateTime when = QDateTime::fromString(
            p[QStringLiteral("properties")][QStringLiteral("recoveryPointTime")].toString(),
            Qt::ISODateWithMs);
        sinceNov
            += when >= QDateTime::fromString(QStringLiteral("2026-11-01T00:00:00Z"), Qt::ISODate) ? 1 : 0;
    }
    int failed = 0;
    for (const Sandbox::SandboxJob &j : weu.jobs)
        failed += j.finalStatus == QLatin1String("Failed") ? 1 : 0;

    QTest::newRow("subscriptions list") << QStringList { "subscriptions", "list" } << 2 << 1;
    QTest::newRow("vaults list (every subscription)") << QStringList { "vaults", "list" } << 4 << -1;
    QTest::newRow("vaults list --subscription")
        << QStringList { "vaults", "list", "--subscription", kProdSubscription } << 2 << 1;
    QTest::newRow("policies list") << QStringList { "policies", "list", "--vault", kProdWeu }
                                   << int(weu.policies.size()) << pagesFor(weu.policies.size());
    QTest::newRow("items list") << QStringList { "items", "list", "--vault", kProdWeu }
                                << int(weu.items.size()) << pagesFor(weu.items.size());
    int allItems = 0;
    int allSql = 0;
    for (const Sandbox::SandboxVault &v : t.vaults) {
        allItems += int(v.items.size());
        for (const Sandbox::SandboxItem &i : v.items)
            allSql += i.kind == QLatin1String("sql") ? 1 : 0;
    }
    QVERIFY(allItems > int(weu.items.size())); // more than one vault has items
    QTest::newRow("items list --all-vaults")
        << QStringList { "items", "list", "--all-vaults" } << allItems << -1;
    QTest::newRow("items list --all-vaults --type sql")
        << QStringList { "items", "list", "--all-vaults", "--type", "sql" } << allSql << -1;
    QTest::newRow("items list --type sql")
        << QStringList { "items", "list", "--vault", kProdWeu, "--type", "sql" } << sqlItems
        << pagesFor(sqlItems);
    QTest::newRow("points list") << QStringList { "points", "list", "--item", kWeb01 }
                                 << int(web01->recoveryPoints.size())
                                 << pagesFor(web01->recoveryPoints.size());
    QTest::newRow("points list --from")
        << QStringList { "points", "list", "--item", kWeb01, "--from", "2026-11-01T00:00:00Z" } << sinceNov
        << pagesFor(sinceNov);
    QTest::newRow("jobs list") << QStringList { "jobs", "list", "--vault", kProdWeu } << int(weu.jobs.size())
                               << pagesFor(weu.jobs.size());
    QTest::newRow("jobs list --status Failed")
        << QStringList { "jobs", "list", "--vault", kProdWeu, "--status", "failed" } << failed
        << pagesFor(failed);
}

void TestCliEstateE2E::listsInTextAndJson()
{
    QFETCH(QStringList, args);
    QFETCH(int, count);
    QFETCH(int, pages);

    const Run json = cli(QStringList { QStringLiteral("--output"), QStringLiteral("json") } + args);
    QVERIFY2(json.exitCode == 0, json.err.constData());
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(json.out, &parse);
    QVERIFY2(parse.error == QJsonParseError::NoError,
             qPrintable(parse.errorString())); // nothing else on stdout
    QVERIFY(doc.isArray());
    const QJsonArray array = doc.array();
    QCOMPARE(array.size(), count);
    QSet<QString> ids;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        QVERIFY(o.value(QStringLiteral("id")).toString().startsWith(QLatin1Char('/')));
        QVERIFY(!o.value(QStringLiteral("name")).toString().isEmpty());
        QVERIFY(!o.value(QStringLiteral("id")).toString().contains(QChar(0x2026))); // never shortened
        ids.insert(o.value(QStringLiteral("id")).toString().toLower());
    }
    QCOMPARE(ids.size(), count); // nothing twice
    // Progress and the coverage line go to standard error in JSON mode.
    QVERIFY2(json.err.contains("every nextLink followed to the end"), json.err.constData());

    const Run text = cli(args);
    QVERIFY2(text.exitCode == 0, text.err.constData());
    const QStringList lines = QString::fromUtf8(text.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QString summary = lines.last();
    QVERIFY2(summary.contains(QStringLiteral("every nextLink followed to the end")), qPrintable(summary));
    QVERIFY2(summary.startsWith(QString::number(count) + QLatin1Char(' ')), qPrintable(summary));
    if (pages > 0)
        QVERIFY2(summary.contains(QStringLiteral(" %1 page%2,").arg(pages).arg(pages == 1 ? "" : "s")),
                 qPrintable(summary));
    // The table: a header and one row per thing, and the JSON names every header's field.
    int header = 0; // the first line in capitals (a heading line may come before it)
    while (header < lines.size() && lines.at(header) != lines.at(header).toUpper())
        ++header;
    const QString head = lines.value(header);
    if (count > 0) {
        QVERIFY(head == head.toUpper());
        const QStringList columns
            = head.split(QRegularExpression(QStringLiteral("\\s{2,}")), Qt::SkipEmptyParts);
        QVERIFY(columns.size() >= 3);
        for (const QString &c : columns)
            QVERIFY2(array.first().toObject().contains(camelCase(c)), qPrintable(camelCase(c)));
        QCOMPARE(int(lines.size()) - header - 2, count); // minus the header and the summary
    }
}

// items list --all-vaults --output json writes each vault's rows as soon as that vault and every
// vault before it are complete: still each vault's rows together and in the order `items list
// --vault` gives them, and the vaults of a subscription together.
void TestCliEstateE2E::allVaultsRowsComeByVaultInOrder()
{
    const Run all = cli({ QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("items"),
                          QStringLiteral("list"), QStringLiteral("--all-vaults") });
    QVERIFY2(all.exitCode == 0, all.err.constData());
    const QJsonArray rows = QJsonDocument::fromJson(all.out).array();
    QVERIFY(!rows.isEmpty());
    QStringList vaults; // as first met, in the case the ids give
    QHash<QString, QStringList> idsOf;
    for (const QJsonValue &row : rows) {
        const QString id = row.toObject().value(QStringLiteral("id")).toString();
        const QString vault = id.left(id.indexOf(QStringLiteral("/backupFabrics/"), 0, Qt::CaseInsensitive));
        QVERIFY2(!vault.isEmpty(), qPrintable(id));
        if (vaults.isEmpty() || vaults.last().compare(vault, Qt::CaseInsensitive) != 0) {
            QVERIFY2(!vaults.contains(vault, Qt::CaseInsensitive),
                     qPrintable(vault + QStringLiteral(": split")));
            vaults << vault;
        }
        idsOf[vault.toLower()] << id;
    }
    QVERIFY(vaults.size() > 1);
    QStringList subscriptions;
    for (const QString &vault : std::as_const(vaults)) {
        const QString subscription = vault.section(QLatin1Char('/'), 0, 2).toLower();
        if (subscriptions.isEmpty() || subscriptions.last() != subscription) {
            QVERIFY2(!subscriptions.contains(subscription),
                     qPrintable(subscription + QStringLiteral(": split")));
            subscriptions << subscription;
        }
        const Run one = cli({ QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("items"),
                              QStringLiteral("list"), QStringLiteral("--vault"), vault });
        QVERIFY2(one.exitCode == 0, one.err.constData());
        QStringList ids;
        for (const QJsonValue &row : QJsonDocument::fromJson(one.out).array())
            ids << row.toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(idsOf.value(vault.toLower()), ids);
    }
}

void TestCliEstateE2E::showsInTextAndJson_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("mustShow"); // a field of the text, then its value
    const Sandbox::SandboxVault &weu = vault(kProdWeu);
    const QString jobId = kProdWeu + QStringLiteral("/backupJobs/") + weu.jobs.first().id;
    QTest::newRow("vaults show") << QStringList { "vaults", "show", kProdWeu } << kProdWeu
                                 << "soft delete state: Enabled";
    QTest::newRow("policies show") << QStringList { "policies", "show",
                                                    kProdWeu + "/backupPolicies/vm-daily-gold" }
                                   << kProdWeu + "/backupPolicies/vm-daily-gold"
                                   << "retention: daily 30 d, weekly 12 w, monthly 12 mo, yearly 5 y";
    QTest::newRow("items show") << QStringList { "items", "show", kSales } << kSales << "kind: SQL database";
    QTest::newRow("jobs show") << QStringList { "jobs", "show", jobId } << jobId << "tasks:";
}

void TestCliEstateE2E::showsInTextAndJson()
{
    QFETCH(QStringList, args);
    QFETCH(QString, id);
    QFETCH(QString, mustShow);
    const Run json = cli(QStringList { QStringLiteral("--output"), QStringLiteral("json") } + args);
    QVERIFY2(json.exitCode == 0, json.err.constData());
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(json.out, &parse);
    QVERIFY2(parse.error == QJsonParseError::NoError, qPrintable(parse.errorString()));
    QVERIFY(doc.isObject());
    QCOMPARE(doc.object().value(QStringLiteral("id")).toString().toLower(), id.toLower());
    QVERIFY(!doc.object().value(QStringLiteral("name")).toString().isEmpty());

    const Run text = cli(args);
    QVERIFY2(text.exitCode == 0, text.err.constData());
    const QString out = QString::fromUtf8(text.out).simplified();
    QVERIFY2(out.contains(mustShow), qPrintable(out));
    QVERIFY(out.contains(QStringLiteral("id: ") + id));
    // Every field the text shows is a field of the JSON object.
    for (const QString &line : QString::fromUtf8(text.out).split(QLatin1Char('\n'))) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (line.startsWith(QLatin1Char(' ')) || colon <= 0)
            continue;
        QVERIFY2(doc.object().contains(camelCase(line.left(colon))), qPrintable(line));
    }
}

void TestCliEstateE2E::jsonTimesAreUtcAndTextTimesLocal()
{
    const Run json = cli({ QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("items"),
                           QStringLiteral("show"), kSales });
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QString iso = json.json().object().value(QStringLiteral("lastRecoveryPoint")).toString();
    QVERIFY2(iso.endsWith(QLatin1Char('Z')), qPrintable(iso));
    const QDateTime utc = QDateTime::fromString(iso, Qt::ISODate);
    QVERIFY(utc.isValid());
    // India is 5:30 ahead: the text shows the same moment there.
    const Run text = cli({ QStringLiteral("items"), QStringLiteral("show"), kSales });
    const QString local = utc.addSecs(5 * 3600 + 1800).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    QVERIFY2(QRegularExpression(QStringLiteral("last recovery point: +%1\n").arg(local))
                 .match(QString::fromUtf8(text.out))
                 .hasMatch(),
             text.out.constData());
}

void TestCliEstateE2E::jobsListStatesItsWindow()
{
    const Run all
        = cli({ QStringLiteral("jobs"), QStringLiteral("list"), QStringLiteral("--vault"), kProdWeu });
    QVERIFY2(all.exitCode == 0, all.err.constData());
    const QString first = QString::fromUtf8(all.out).section(QLatin1Char('\n'), 0, 0);
    QVERIFY2(first.contains(QStringLiteral("no time window sent")), qPrintable(first));

    // Since 26 hours ago: the sandbox's jobs of the last day and a bit, and the line says since when.
    const QDateTime since = QDateTime::fromString(
        QDateTime::currentDateTimeUtc().addSecs(-26 * 3600).toString(Qt::ISODate), Qt::ISODate);
    int expected = 0;
    for (const Sandbox::SandboxJob &j : vault(kProdWeu).jobs)
        expected += j.start >= since ? 1 : 0;
    QVERIFY(expected > 0 && expected < vault(kProdWeu).jobs.size());
    const Run window = cli({ QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("jobs"),
                             QStringLiteral("list"), QStringLiteral("--vault"), kProdWeu,
                             QStringLiteral("--since"), since.toString(Qt::ISODate) });
    QVERIFY2(window.exitCode == 0, window.err.constData());
    QCOMPARE(window.json().array().size(), expected);
    QVERIFY2(
        window.err.contains(
            "since "
            + since.toOffsetFromUtc(5 * 3600 + 1800).toString(QStringLiteral("yyyy-MM-dd HH:mm")).toUtf8()),
        window.err.constData());
    QVERIFY(window.err.contains(since.toString(QStringLiteral("yyyy-MM-dd HH:mm")).toUtf8() + " UTC"));
}

void TestCliEstateE2E::narrowTerminalShortensIdsOnly()
{
    const QStringList args { QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("--vault"),
                             kProdWeu };
    const Run wide
        = cli(args, QStringLiteral("carla"), { { QStringLiteral("COLUMNS"), QStringLiteral("1000") } });
    QVERIFY(wide.out.contains(kWeb01.toUtf8())); // whole ids when there is room
    QVERIFY(!wide.out.contains("\xe2\x80\xa6")); // no "…" anywhere
    const Run narrow
        = cli(args, QStringLiteral("carla"), { { QStringLiteral("COLUMNS"), QStringLiteral("120") } });
    QVERIFY2(narrow.exitCode == 0, narrow.err.constData());
    for (const QString &line : QString::fromUtf8(narrow.out).split(QLatin1Char('\n'))) {
        if (!line.contains(QStringLiteral("every nextLink"))) // the closing sentence is prose, not table
            QVERIFY2(line.size() <= 120, qPrintable(line));
    }
    QVERIFY(!narrow.out.contains(kWeb01.toUtf8()));
    // The row of vm-web-01: its name whole, its id shortened in the middle, the item's name kept.
    const auto row = QRegularExpression(QStringLiteral("^vm-web-01 .* (/\\S*\u2026\\S*vm-web-01)$"),
                                        QRegularExpression::MultilineOption)
                         .match(QString::fromUtf8(narrow.out));
    QVERIFY2(row.hasMatch(), narrow.out.constData());
    // JSON is never shortened, however narrow the terminal.
    const Run json = cli(QStringList { QStringLiteral("--output"), QStringLiteral("json") } + args,
                         QStringLiteral("carla"), { { QStringLiteral("COLUMNS"), QStringLiteral("40") } });
    QVERIFY(json.out.contains(kWeb01.toUtf8()));
}

void TestCliEstateE2E::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("user"); // "!garbage": a token that is no token
    QTest::addColumn<QString>("api");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("0: done") << QStringList { "subscriptions", "list" } << "rita"
                             << "" << 0 << "";
    QTest::newRow("1: no such vault (404)") << QStringList { "vaults", "show", kProdWeu + "x" } << "carla"
                                            << "" << 1 << "ResourceNotFound";
    QTest::newRow("1: no such job (404)")
        << QStringList { "jobs", "show", kProdWeu + "/backupJobs/nope" } << "carla"
        << "" << 1 << "BMSUserErrorJobNotFound";
    QTest::newRow("1: the API does not answer") << QStringList { "subscriptions", "list" } << "carla"
                                                << "http://127.0.0.1:1" << 1 << "connection_refused";
    QTest::newRow("2: --vault missing") << QStringList { "items", "list" } << "carla"
                                        << "" << 2 << "give the vault id";
    QTest::newRow("2: --vault and --all-vaults")
        << QStringList { "items", "list", "--vault", kProdWeu, "--all-vaults" } << "carla"
        << "" << 2 << "not both";
    QTest::newRow("2: not a vault id")
        << QStringList { "policies", "list", "--vault", kProdSubscription } << "carla"
        << "" << 2 << "is not a vault id";
    QTest::newRow("2: bad --type") << QStringList { "items", "list", "--vault", kProdWeu, "--type", "disk" }
                                   << "carla"
                                   << "" << 2 << "--type must be";
    QTest::newRow("2: bad --since") << QStringList { "jobs",   "list",    "--vault",
                                                     kProdWeu, "--since", "yesterday" }
                                    << "carla"
                                    << "" << 2 << "ISO 8601";
    QTest::newRow("2: bad --status")
        << QStringList { "jobs", "list", "--vault", kProdWeu, "--status", "Done" } << "carla"
        << "" << 2 << "--status must be";
    QTest::newRow("2: --from after --to")
        << QStringList { "points", "list", "--item", kWeb01, "--from", "2026-11-02", "--to", "2026-11-01" }
        << "carla"
        << "" << 2 << "--from is after --to";
    QTest::newRow("2: show without an id") << QStringList { "items", "show" } << "carla"
                                           << "" << 2 << "give the id";
    QTest::newRow("2: extra argument") << QStringList { "subscriptions", "list", "extra" } << "carla"
                                       << "" << 2 << "unexpected argument";
    QTest::newRow("2: unknown verb") << QStringList { "vaults", "delete" } << "carla"
                                     << "" << 2 << "unknown verb";
    QTest::newRow("2: a token, no API base, no profile") << QStringList { "subscriptions", "list" } << "carla"
                                                         << "none" << 2 << "--access-token needs --api-base";
    QTest::newRow("2: neither a token nor a profile") << QStringList { "subscriptions", "list" } << ""
                                                      << "" << 2 << "No profile";
    QTest::newRow("3: a token the API refuses (401, not renewable)")
        << QStringList { "subscriptions", "list" } << "!garbage"
        << "" << 3 << "token_not_renewable";
    QTest::newRow("6: refused (403)")
        << QStringList { "jobs", "list", "--vault", kDevEus } << "oscar"
        << "" << 6 << "missing permission: Microsoft.RecoveryServices/Vaults/backupJobs/read";
}

void TestCliEstateE2E::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(QString, user);
    QFETCH(QString, api);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    QHash<QString, QString> env;
    if (user == QLatin1String("!garbage")) {
        user.clear();
        env.insert(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"), QStringLiteral("not-a-token"));
    }
    const Run r = cli(args, user, env, api);
    QCOMPARE(r.exitCode, exitCode);
    if (exitCode == 0) {
        QVERIFY(r.err.isEmpty());
        return;
    }
    QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1); // one line
    QVERIFY(r.out.isEmpty());
    QVERIFY(!r.err.contains("eyJ")); // never a token
}

void TestCliEstateE2E::refusalNamesTheMissingAction()
{
    const struct
    {
        QStringList args;
        const char *action;
    } cases[] = {
        { { QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("--vault"), kProdWeu },
          "Microsoft.RecoveryServices/Vaults/backupProtectedItems/read" },
        { { QStringLiteral("policies"), QStringLiteral("list"), QStringLiteral("--vault"), kProdWeu },
          "Microsoft.RecoveryServices/Vaults/backupPolicies/read" },
        { { QStringLiteral("vaults"), QStringLiteral("show"), kProdWeu },
          "Microsoft.RecoveryServices/Vaults/read" },
        { { QStringLiteral("points"), QStringLiteral("list"), QStringLiteral("--item"), kWeb01 },
          "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/"
          "recoveryPoints/read" },
    };
    for (const auto &c : cases) {
        const Run r = cli(c.args, QStringLiteral("nora"));
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains(QByteArray("missing permission: ") + c.action), r.err.constData());
        QVERIFY(r.err.contains("AuthorizationFailed"));
        QVERIFY(r.err.contains("correlation id "));
        QVERIFY(r.out.isEmpty());
    }
    // What nora may list is empty, and that is no error.
    const Run subs = cli({ QStringLiteral("--output"), QStringLiteral("json"),
                           QStringLiteral("subscriptions"), QStringLiteral("list") },
                         QStringLiteral("nora"));
    QCOMPARE(subs.exitCode, 0);
    QCOMPARE(subs.json().array().size(), 0);
    // ... but it is explained: the permission no assignment grants, on standard error, in text
    // and in JSON (whose standard output stays the plain empty array), for subscriptions and vaults.
    const QByteArray missing("Microsoft.Resources/subscriptions/read");
    QVERIFY2(subs.err.contains(missing), subs.err.constData());
    QVERIFY(!subs.out.contains(missing));
    for (const QString &noun : { QStringLiteral("subscriptions"), QStringLiteral("vaults") }) {
        const Run text = cli({ noun, QStringLiteral("list") }, QStringLiteral("nora"));
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.err.contains(missing), text.err.constData());
        QVERIFY2(text.err.contains("note: this identity sees no subscriptions"), text.err.constData());
        const Run json
            = cli({ QStringLiteral("--output"), QStringLiteral("json"), noun, QStringLiteral("list") },
                  QStringLiteral("nora"));
        QCOMPARE(json.exitCode, 0);
        QCOMPARE(json.json().array().size(), 0);
        QVERIFY2(json.err.contains(missing), json.err.constData());
        QVERIFY(!json.out.contains(missing));
    }
}

void TestCliEstateE2E::jsonModeKeepsFailuresOffStandardOutput()
{
    const Run denied = cli({ QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("items"),
                             QStringLiteral("list"), QStringLiteral("--vault"), kProdWeu },
                           QStringLiteral("nora"));
    QCOMPARE(denied.exitCode, 6);
    QVERIFY(denied.out.isEmpty());
    const Run usage = cli({ QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("items"),
                            QStringLiteral("list") });
    QCOMPARE(usage.exitCode, 2);
    QVERIFY(usage.out.isEmpty());
    const Run unreachable = cli({ QStringLiteral("--output"), QStringLiteral("json"),
                                  QStringLiteral("subscriptions"), QStringLiteral("list") },
                                QStringLiteral("carla"), {}, QStringLiteral("http://127.0.0.1:1"));
    QCOMPARE(unreachable.exitCode, 1);
    QVERIFY(unreachable.out.isEmpty());
    QVERIFY2(unreachable.err.contains("connection_refused"), unreachable.err.constData());
}

void TestCliEstateE2E::everyVerbHasHelpWithAnExample_data()
{
    QTest::addColumn<QStringList>("words");
    for (const char *v :
         { "subscriptions list", "vaults list", "vaults show", "policies list", "policies show", "items list",
           "items show", "points list", "jobs list", "jobs show" })
        QTest::newRow(v) << QString::fromLatin1(v).split(QLatin1Char(' '));
}

void TestCliEstateE2E::everyVerbHasHelpWithAnExample()
{
    QFETCH(QStringList, words);
    const Run r = cli(words + QStringList { QStringLiteral("--help") }, QString());
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.startsWith(QStringLiteral("Usage: restoredesk-cli [global options] ")
                            + words.join(QLatin1Char(' '))),
             qPrintable(out));
    QVERIFY(out.contains(QStringLiteral("Example:\n  restoredesk-cli ")));
    QVERIFY(!out.contains(QStringLiteral("Commands:"))); // not the overview
}

void TestCliEstateE2E::eachRunIsAudited()
{
    QFile::remove(auditLog());
    QCOMPARE(cli({ QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("--vault"), kProdWeu })
                 .exitCode,
             0);
    QCOMPARE(cli({ QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("--vault"), kProdWeu },
                 QStringLiteral("nora"))
                 .exitCode,
             6);
    const Run list = cli({ QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("audit"),
                           QStringLiteral("list"), QStringLiteral("--type"), QStringLiteral("estate-read") },
                         QString());
    QVERIFY2(list.exitCode == 0, list.err.constData());
    const QJsonArray records = list.json().array();
    QCOMPARE(records.size(), 2);
    const QJsonObject read = records.at(0).toObject();
    QCOMPARE(read.value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(read.value(QStringLiteral("target")).toString(), kProdWeu);
    QCOMPARE(read[QStringLiteral("identity")][QStringLiteral("username")].toString(),
             QStringLiteral("carla@sandbox.restoredesk.invalid"));
    QCOMPARE(read[QStringLiteral("identity")][QStringLiteral("issuer")].toString(), m_sandbox.issuer());
    QCOMPARE(read[QStringLiteral("params")][QStringLiteral("verb")].toString(), QStringLiteral("items list"));
    QCOMPARE(read[QStringLiteral("params")][QStringLiteral("count")].toInt(),
             int(vault(kProdWeu).items.size()));
    QCOMPARE(read[QStringLiteral("params")][QStringLiteral("identityVerified")].toBool(),
             false); // a bare token
    const QJsonObject refused = records.at(1).toObject();
    QCOMPARE(refused.value(QStringLiteral("outcome")).toString(), QStringLiteral("denied"));
    QCOMPARE(refused[QStringLiteral("identity")][QStringLiteral("username")].toString(),
             QStringLiteral("nora@sandbox.restoredesk.invalid"));
    QCOMPARE(refused[QStringLiteral("params")][QStringLiteral("missingAction")].toString(),
             QStringLiteral("Microsoft.RecoveryServices/Vaults/backupProtectedItems/read"));
    QCOMPARE(refused[QStringLiteral("correlationIds")].toArray().size(), 1);
    QFile f(auditLog());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!f.readAll().contains("eyJ")); // never a token
}

void TestCliEstateE2E::throttledAnswersAreRetriedToTheEnd()
{
    SandboxHarness flaky;
    Sandbox::SandboxOptions options;
    options.pageSize = kPageSize;
    options.throttleRate = 0.3;
    options.errorRate = 0.1;
    options.retryAfterSeconds = 0;
    options.seed = 99;
    QString error;
    QVERIFY2(flaky.start(options, &error), qPrintable(error));
    const QString token = flaky.signIn(QStringLiteral("rita")).accessToken;
    const Run r
        = cli({ QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("--stats"),
                QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("--vault"), kProdWeu },
              QString(), { { QStringLiteral("RESTOREDESK_ACCESS_TOKEN"), token } }, flaky.api());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().array().size(), flaky.server().tenant().vault(kProdWeu)->items.size());
    const auto stats = QRegularExpression(QStringLiteral("transport: (\\d+) requests, (\\d+) retries"))
                           .match(QString::fromUtf8(r.err));
    QVERIFY2(stats.hasMatch(), r.err.constData());
    const int pages = pagesFor(flaky.server().tenant().vault(kProdWeu)->items.size());
    QVERIFY(stats.captured(2).toInt() > 0); // some answers were 429/5xx, and were retried
    QCOMPARE(stats.captured(1).toInt(), pages + stats.captured(2).toInt());
}

void TestCliEstateE2E::pointsAndJobsAreNewestFirst_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("timeField");
    QTest::newRow("points list") << QStringList { "points", "list", "--item", kWeb01 } << "time";
    QTest::newRow("jobs list") << QStringList { "jobs", "list", "--vault", kProdWeu } << "startTime";
}

void TestCliEstateE2E::pointsAndJobsAreNewestFirst()
{
    QFETCH(QStringList, args);
    QFETCH(QString, timeField);
    // The help promises newest first, whatever order the service's pages come in.
    const Run json = cli(QStringList { QStringLiteral("--output"), QStringLiteral("json") } + args);
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonArray array = json.json().array();
    QVERIFY(array.size() > 2);
    QList<QDateTime> times;
    for (const QJsonValue &v : array) {
        const QDateTime t = QDateTime::fromString(v.toObject().value(timeField).toString(), Qt::ISODate);
        QVERIFY2(t.isValid(), qPrintable(v.toObject().value(timeField).toString()));
        times << t;
    }
    for (qsizetype i = 1; i < times.size(); ++i)
        QVERIFY2(times.at(i - 1) >= times.at(i),
                 qPrintable(QStringLiteral("row %1 (%2) is newer than row %3 (%4)")
                                .arg(i)
                                .arg(times.at(i).toString(Qt::ISODate))
                                .arg(i - 1)
                                .arg(times.at(i - 1).toString(Qt::ISODate))));
    // The text table is in the same order.
    const Run text = cli(args);
    QVERIFY2(text.exitCode == 0, text.err.constData());
    const QString out = QString::fromUtf8(text.out);
    qsizetype last = -1;
    for (const QJsonValue &v : array) {
        const QString name = v.toObject().value(QStringLiteral("name")).toString();
        const qsizetype at = out.indexOf(name, last + 1);
        QVERIFY2(at > last, qPrintable(name));
        last = at;
    }
}

void TestCliEstateE2E::itemsShowTakesTheContainerFromTheId()
{
    // Names come from the id's path segments; Azure Backup's properties.containerName drops
    // the first part ("iaasvmcontainerv2;rg-web-prod;vm-web-01").
    const Run json = cli({ QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("items"),
                           QStringLiteral("show"), kWeb01 });
    QVERIFY2(json.exitCode == 0, json.err.constData());
    QCOMPARE(json.json().object().value(QStringLiteral("containerName")).toString(),
             QStringLiteral("IaasVMContainer;iaasvmcontainerv2;rg-web-prod;vm-web-01"));
    const Run text = cli({ QStringLiteral("items"), QStringLiteral("show"), kWeb01 });
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY2(text.out.contains("IaasVMContainer;iaasvmcontainerv2;rg-web-prod;vm-web-01"),
             text.out.constData());
}

// A service that sends recovery points without their retention (the sandbox's
// --points-without-retention): `points list` works out each point's rule from the item's policy,
// marked retentionComputed, and it is the rule the service names when it does send one.
void TestCliEstateE2E::pointsWithoutRetentionShowThePolicysRule()
{
    const QStringList args { QStringLiteral("--output"), QStringLiteral("json"),   QStringLiteral("points"),
                             QStringLiteral("list"),     QStringLiteral("--item"), kWeb01 };
    const Run sent = cli(args);
    QCOMPARE(sent.exitCode, 0);
    QHash<QString, QString> ruleOf; // point name -> the rule the service sent
    for (const QJsonValue &v : sent.json().array()) {
        const QJsonObject p = v.toObject();
        QVERIFY(!p.value(QStringLiteral("retentionComputed")).toBool());
        ruleOf.insert(p.value(QStringLiteral("name")).toString(),
                      p.value(QStringLiteral("retentionRule")).toString());
    }
    QVERIFY(!ruleOf.isEmpty());

    SandboxHarness bare;
    Sandbox::SandboxOptions options;
    options.pageSize = kPageSize;
    options.pointsWithoutRetention = true;
    QString error;
    QVERIFY2(bare.start(options, &error), qPrintable(error));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.insert(QStringLiteral("RESTOREDESK_NO_KEYCHAIN"), QStringLiteral("1"));
    env.insert(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"), bare.signIn(QStringLiteral("carla")).accessToken);
    Test::CliRunOptions runOptions;
    runOptions.environment = env;
    const QStringList common { QStringLiteral("--config"),    m_dir.filePath(QStringLiteral("bare.conf")),
                               QStringLiteral("--audit-log"), m_dir.filePath(QStringLiteral("bare.jsonl")),
                               QStringLiteral("--api-base"),  bare.api() };
    const Run computed = Test::runCli(QStringLiteral(RD_CLI_BINARY), common + args, runOptions);
    QVERIFY2(computed.exitCode == 0, computed.err.constData());
    const QJsonArray points = computed.json().array();
    QCOMPARE(points.size(), ruleOf.size());
    for (const QJsonValue &v : points) {
        const QJsonObject p = v.toObject();
        const QString name = p.value(QStringLiteral("name")).toString();
        QVERIFY2(p.value(QStringLiteral("retentionComputed")).toBool(), qPrintable(name));
        QVERIFY(!p.value(QStringLiteral("retentionRule")).toString().isEmpty());
        QCOMPARE(p.value(QStringLiteral("retentionRule")).toString(), ruleOf.value(name));
    }
    QVERIFY(Sandbox::SandboxOptions::usage().contains(QStringLiteral("--points-without-retention")));
}

// Defect: `vaults list` explained an empty result as "this identity sees no subscriptions" (no
// role assignment) even when subscriptions were listed but could not be read; those are warned
// about as unreadable entries instead.
void TestCliEstateE2E::unreadableSubscriptionsAreNotBlamedOnRoles()
{
    CannedHttpServer server;
    QVERIFY(server.start());
    server.setHandler([](const CannedHttpServer::Seen &s) {
        if (s.target.startsWith("/subscriptions?"))
            return CannedHttpServer::response(
                200, R"({"value":[{"id":"/subscriptions/x/resourceGroups/not-a-subscription"}]})");
        return CannedHttpServer::response(404, "{}");
    });
    const QString api = server.url(QStringLiteral("/")).toString();
    const Run r = cli({ QStringLiteral("vaults"), QStringLiteral("list") }, QStringLiteral("carla"), {}, api);
    QVERIFY2(!r.err.contains("sees no subscriptions"), r.err.constData());
    QVERIFY2(r.err.contains("could not be read"), r.err.constData());
    QCOMPARE(r.exitCode, 1);
    // With nothing listed at all, it is explained as before.
    server.setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, R"({"value":[]})"); });
    const Run none
        = cli({ QStringLiteral("vaults"), QStringLiteral("list") }, QStringLiteral("carla"), {}, api);
    QCOMPARE(none.exitCode, 0);
    QVERIFY2(none.err.contains("sees no subscriptions"), none.err.constData());
}

void TestCliEstateE2E::allVaultsWarnsOfUnreadableEntries_data()
{
    QTest::addColumn<QString>("broken");
    QTest::addColumn<QString>("output");
    for (const char *output : { "text", "json" }) {
        QTest::addRow("vault outside its subscription, %s", output)
            << QStringLiteral("vault") << QString::fromLatin1(output);
        QTest::addRow("item without properties, %s", output)
            << QStringLiteral("item") << QString::fromLatin1(output);
    }
}

// Defect: `items list --all-vaults` exited 0 when the listing of a subscription's vaults had
// entries it could not read. As `vaults list` does, it warns on standard error and exits 1 (the
// list is not the whole estate); the rest is listed all the same.
void TestCliEstateE2E::allVaultsWarnsOfUnreadableEntries()
{
    QFETCH(QString, broken);
    QFETCH(QString, output);
    SandboxHarness sandbox;
    Sandbox::SandboxOptions options;
    options.pageSize = kPageSize;
    QString error;
    QVERIFY2(sandbox.start(options, &error), qPrintable(error));
    Sandbox::Tenant &tenant = sandbox.server().tenant();
    Sandbox::SandboxVault *weu = tenant.vault(kProdWeu);
    QVERIFY(weu);
    const qsizetype readable = weu->items.size();
    if (broken == QLatin1String("vault")) {
        // Listed under the production subscription, with an id in the development one.
        Sandbox::SandboxVault intruder = *weu;
        intruder.resource.insert(
            QStringLiteral("id"),
            QString(kDevEus).replace(QStringLiteral("rsv-dev-eus"), QStringLiteral("rsv-intruder")));
        intruder.resource.insert(QStringLiteral("name"), QStringLiteral("rsv-intruder"));
        intruder.items.clear();
        intruder.jobs.clear();
        tenant.vaults << intruder;
    } else {
        Sandbox::SandboxItem item;
        const QString id
            = kProdWeu
            + QStringLiteral(
                  "/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg;vm-x/"
                  "protectedItems/VM;iaasvmcontainerv2;rg;vm-x");
        item.resource = QJsonObject { { QStringLiteral("id"), id },
                                      { QStringLiteral("name"), id.section(QLatin1Char('/'), -1) } };
        weu->items << item;
    }
    const QString token = sandbox.signIn(QStringLiteral("rita")).accessToken;
    const Run r = cli({ QStringLiteral("--output"), output, QStringLiteral("items"), QStringLiteral("list"),
                        QStringLiteral("--all-vaults") },
                      QString(), { { QStringLiteral("RESTOREDESK_ACCESS_TOKEN"), token } }, sandbox.api());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("warning: 1 entry of the list could not be read"), r.err.constData());
    QVERIFY2(r.err.contains(broken == QLatin1String("vault") ? "rsv-intruder" : "properties"),
             r.err.constData());
    QVERIFY2(QString::fromUtf8(r.err).count(QStringLiteral("left out")) == 1, r.err.constData());
    // The others are listed all the same (standard output holds the rows only).
    if (output == QLatin1String("json")) {
        qsizetype fromWeu = 0;
        for (const QJsonValue &row : r.json().array())
            fromWeu += row.toObject()
                           .value(QStringLiteral("id"))
                           .toString()
                           .startsWith(kProdWeu, Qt::CaseInsensitive);
        QCOMPARE(fromWeu, readable);
    } else {
        QVERIFY2(r.out.contains("rsv-prod-weu"), r.out.constData());
    }
}

QTEST_GUILESS_MAIN(TestCliEstateE2E)
#include "tst_cli_estate_e2e.moc"
