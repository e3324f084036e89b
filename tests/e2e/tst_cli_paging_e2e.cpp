// restoredesk-cli against a scripted ARM server on 127.0.0.1 whose pages repeat what an earlier
// page held (a list that shifted while it was paged, an id spelled another way): every entry is
// listed once. Ids given as arguments are sent in canonical form, and a URL, a query or a
// fragment in one is a usage error (exit 2) that sends nothing. `points list` puts SQL log points
// (time ranges only) by the end of their range, newest first. An --all-vaults listing whose
// output cannot be written stops paging, exits 9 and is recorded as cancelled.
#include "cannedhttpserver.h"
#include "clirun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <unistd.h>

using namespace RestoreDesk::Test;

namespace {

const QString kVault
    = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-test/"
                     "providers/Microsoft.RecoveryServices/vaults/rsv-test");
const QString kContainer = QStringLiteral("IaasVMContainer;iaasvmcontainerv2;rg-test;%1");
const QString kItemName = QStringLiteral("VM;iaasvmcontainerv2;rg-test;%1");

// The id of VM `vm`'s protected item in the vault `vault` (by default rsv-test).
QString itemId(const QString &vm, bool withFabric = true, const QString &vault = kVault)
{
    return vault + (withFabric ? QStringLiteral("/backupFabrics/Azure") : QString())
        + QStringLiteral("/protectionContainers/") + kContainer.arg(vm) + QStringLiteral("/protectedItems/")
        + kItemName.arg(vm);
}

QJsonObject item(const QString &id, const QString &vm)
{
    return { { QStringLiteral("id"), id },
             { QStringLiteral("name"), kItemName.arg(vm) },
             { QStringLiteral("properties"),
               QJsonObject { { QStringLiteral("protectedItemType"),
                               QStringLiteral("Microsoft.Compute/virtualMachines") },
                             { QStringLiteral("workloadType"), QStringLiteral("VM") },
                             { QStringLiteral("friendlyName"), vm },
                             { QStringLiteral("healthStatus"), QStringLiteral("Passed") } } } };
}

QJsonObject job(const QString &name, const QString &start)
{
    return { { QStringLiteral("id"), kVault + QStringLiteral("/backupJobs/") + name },
             { QStringLiteral("name"), name },
             { QStringLiteral("properties"),
               QJsonObject { { QStringLiteral("jobType"), QStringLiteral("AzureIaaSVMJob") },
                             { QStringLiteral("operation"), QStringLiteral("Backup") },
                             { QStringLiteral("status"), QStringLiteral("Completed") },
                             { QStringLiteral("entityFriendlyName"), QStringLiteral("vm1") },
                             { QStringLiteral("startTime"), start } } } };
}

QByteArray page(const QJsonArray &values, const QUrl &next = {})
{
    QJsonObject o { { QStringLiteral("value"), values } };
    if (next.isValid())
        o.insert(QStringLiteral("nextLink"), next.toString());
    return CannedHttpServer::response(200, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// The one subscription of the --all-vaults listings.
QByteArray subscriptionPage()
{
    return page({ QJsonObject {
        { QStringLiteral("id"), QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000") },
        { QStringLiteral("subscriptionId"), QStringLiteral("00000000-0000-0000-0000-000000000000") },
        { QStringLiteral("displayName"), QStringLiteral("Test") },
        { QStringLiteral("state"), QStringLiteral("Enabled") } } });
}

// Run in the child before the program (async-signal-safe): its standard output a pipe whose
// reading end is already closed, a reader that went away before the first byte.
void stdoutToAGoneReader()
{
    int fds[2];
    if (::pipe(fds) == 0) {
        ::close(fds[0]);
        ::dup2(fds[1], STDOUT_FILENO);
        ::close(fds[1]);
    }
}

// A vault as the vaults listing gives it.
QJsonObject vaultObject(const QString &id, const QString &name)
{
    return { { QStringLiteral("id"), id },
             { QStringLiteral("name"), name },
             { QStringLiteral("type"), QStringLiteral("Microsoft.RecoveryServices/vaults") },
             { QStringLiteral("location"), QStringLiteral("westeurope") } };
}

QStringList names(const QJsonArray &rows)
{
    QStringList out;
    for (const QJsonValue &v : rows)
        out << v.toObject().value(QStringLiteral("name")).toString();
    return out;
}

} // namespace

class TestCliPagingE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void itemsListShowsEachItemOnce();
    void allVaultsJsonShowsEachItemOnce();
    void allVaultsJsonKeepsTheServicesOrder();
    void allVaultsStopsWhenItsOutputIsLost();
    void allVaultsWaitForANonBlockingReader();
    void allVaultsWithMixedFailuresExitWithTheMostTelling();
    void jobsListShowsEachJobOnce();
    void idArgumentsAreSentCanonical();
    void idArgumentsWithUrlPartsAreRefused_data();
    void idArgumentsWithUrlPartsAreRefused();
    void logPointsSortByTheEndOfTheirRange();
    void refusalWithoutTheActionNamesTheListingsAction_data();
    void refusalWithoutTheActionNamesTheListingsAction();

private:
    CliRun cli(const QStringList &args, std::function<void()> inChild = {});
    QList<QByteArray> paths() const;

    QTemporaryDir m_dir;
    std::unique_ptr<CannedHttpServer> m_server;
};

void TestCliPagingE2E::init()
{
    m_server = std::make_unique<CannedHttpServer>();
    QVERIFY(m_server->start());
}

CliRun TestCliPagingE2E::cli(const QStringList &args, std::function<void()> inChild)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("COLUMNS"));
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.insert(QStringLiteral("RESTOREDESK_NO_KEYCHAIN"), QStringLiteral("1"));
    env.insert(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"), QStringLiteral("opaque-test-token"));
    CliRunOptions options;
    options.environment = env;
    options.timeoutMs = 60000;
    options.inChild = std::move(inChild);
    const QStringList all { QStringLiteral("--config"),    m_dir.filePath(QStringLiteral("cli.conf")),
                            QStringLiteral("--audit-log"), m_dir.filePath(QStringLiteral("audit.jsonl")),
                            QStringLiteral("--api-base"),  m_server->url(QStringLiteral("/")).toString(),
                            QStringLiteral("--output"),    QStringLiteral("json") };
    return runCli(QStringLiteral(RD_CLI_BINARY), all + args, options);
}

QList<QByteArray> TestCliPagingE2E::paths() const
{
    QList<QByteArray> out;
    for (const CannedHttpServer::Seen &s : m_server->requests())
        out << s.target.left(s.target.indexOf('?'));
    return out;
}

void TestCliPagingE2E::itemsListShowsEachItemOnce()
{
    // Page 2 repeats vm2 (spelled without backupFabrics and in other case) and page 1's vm1.
    m_server->setHandler([this](const CannedHttpServer::Seen &s) {
        if (!s.target.contains("page=2"))
            return page({ item(itemId(QStringLiteral("vm1")), QStringLiteral("vm1")),
                          item(itemId(QStringLiteral("vm2")), QStringLiteral("vm2")) },
                        m_server->url(QString::fromUtf8(s.target) + QStringLiteral("&page=2")));
        return page({ item(itemId(QStringLiteral("vm2"), false).toLower(), QStringLiteral("vm2")),
                      item(itemId(QStringLiteral("vm1")), QStringLiteral("vm1")),
                      item(itemId(QStringLiteral("vm3")), QStringLiteral("vm3")) });
    });
    const CliRun r
        = cli({ QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("--vault"), kVault });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(m_server->requests().size(), 2);
    const QJsonArray rows = r.json().array();
    QCOMPARE(rows.size(), 3);
    QStringList got = names(rows);
    got.sort(Qt::CaseInsensitive);
    QCOMPARE(got.size(), 3);
    QVERIFY2(got.at(0).contains(QStringLiteral("vm1"), Qt::CaseInsensitive), qPrintable(got.join(u',')));
    QVERIFY2(got.at(1).contains(QStringLiteral("vm2"), Qt::CaseInsensitive), qPrintable(got.join(u',')));
    QVERIFY2(got.at(2).contains(QStringLiteral("vm3"), Qt::CaseInsensitive), qPrintable(got.join(u',')));
    QVERIFY2(r.err.contains("3 protected items"), r.err.constData());
}

// The same with --all-vaults, whose JSON rows are written vault by vault as each completes.
void TestCliPagingE2E::allVaultsJsonShowsEachItemOnce()
{
    m_server->setHandler([this](const CannedHttpServer::Seen &s) {
        const QString target = QString::fromUtf8(s.target);
        if (target.startsWith(QStringLiteral("/subscriptions?")))
            return subscriptionPage();
        if (target.contains(QStringLiteral("/vaults?")))
            return page({ vaultObject(kVault, QStringLiteral("rsv-test")) });
        if (!target.contains(QStringLiteral("page=2")))
            return page({ item(itemId(QStringLiteral("vm1")), QStringLiteral("vm1")),
                          item(itemId(QStringLiteral("vm2")), QStringLiteral("vm2")) },
                        m_server->url(target + QStringLiteral("&page=2")));
        return page({ item(itemId(QStringLiteral("vm2"), false).toLower(), QStringLiteral("vm2")),
                      item(itemId(QStringLiteral("vm1")), QStringLiteral("vm1")),
                      item(itemId(QStringLiteral("vm3")), QStringLiteral("vm3")) });
    });
    const CliRun r = cli({ QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("--all-vaults") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray rows = r.json().array();
    QStringList got = names(rows);
    got.sort(Qt::CaseInsensitive);
    QCOMPARE(got.size(), 3);
    QVERIFY2(got.at(0).contains(QStringLiteral("vm1"), Qt::CaseInsensitive), qPrintable(got.join(u',')));
    QVERIFY2(got.at(1).contains(QStringLiteral("vm2"), Qt::CaseInsensitive), qPrintable(got.join(u',')));
    QVERIFY2(got.at(2).contains(QStringLiteral("vm3"), Qt::CaseInsensitive), qPrintable(got.join(u',')));
}

// Vaults of many items have their rows formatted on worker threads, small ones in place; either
// way the rows come in the service's order of vaults, each vault's in its listing's order, each
// item once (a repeat on a later page takes the first one's place).
void TestCliPagingE2E::allVaultsJsonKeepsTheServicesOrder()
{
    const QString rg
        = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-test/"
                         "providers/Microsoft.RecoveryServices/vaults/");
    const QStringList vaults { QStringLiteral("rsv-a"), QStringLiteral("rsv-b"), QStringLiteral("rsv-c"),
                               QStringLiteral("rsv-d") };
    const auto idIn = [&rg](const QString &vault, const QString &vm) { return itemId(vm, true, rg + vault); };
    const auto items = [&idIn](const QString &vault, int from, int to) {
        QJsonArray out;
        for (int i = from; i < to; ++i) {
            const QString vm = vault.right(1) + QString::number(i);
            out.append(item(idIn(vault, vm), vm));
        }
        return out;
    };
    m_server->setHandler([&](const CannedHttpServer::Seen &s) {
        const QString target = QString::fromUtf8(s.target);
        if (target.startsWith(QStringLiteral("/subscriptions?")))
            return subscriptionPage();
        if (target.contains(QStringLiteral("/vaults?"))) {
            QJsonArray list;
            for (const QString &v : vaults)
                list.append(vaultObject(rg + v, v));
            return page(list);
        }
        if (target.contains(QStringLiteral("/rsv-a/"))) {
            if (!target.contains(QStringLiteral("page=2")))
                return page(items(QStringLiteral("rsv-a"), 0, 20),
                            m_server->url(target + QStringLiteral("&page=2")));
            QJsonArray second = items(QStringLiteral("rsv-a"), 20, 40);
            // a19 again, its id in other case, with another name: it takes a19's place.
            QJsonObject again = item(idIn(QStringLiteral("rsv-a"), QStringLiteral("a19")).toUpper(),
                                     QStringLiteral("a19-again"));
            second.prepend(again);
            return page(second);
        }
        if (target.contains(QStringLiteral("/rsv-b/")))
            return page(items(QStringLiteral("rsv-b"), 0, 3));
        if (target.contains(QStringLiteral("/rsv-c/")))
            return page(items(QStringLiteral("rsv-c"), 0, 25));
        return page({});
    });
    const CliRun r = cli({ QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("--all-vaults") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QStringList expected;
    for (int i = 0; i < 40; ++i)
        expected << (i == 19 ? QStringLiteral("a19-again") : QStringLiteral("a%1").arg(i));
    for (int i = 0; i < 3; ++i)
        expected << QStringLiteral("b%1").arg(i);
    for (int i = 0; i < 25; ++i)
        expected << QStringLiteral("c%1").arg(i);
    QStringList got;
    QStringList vaultOfRow;
    for (const QJsonValue &row : r.json().array()) {
        got << row.toObject().value(QStringLiteral("friendlyName")).toString();
        vaultOfRow << row.toObject().value(QStringLiteral("vault")).toString();
    }
    QCOMPARE(got, expected);
    QCOMPARE(vaultOfRow.count(QStringLiteral("rsv-a")), 40);
    QCOMPARE(vaultOfRow.last(), QStringLiteral("rsv-c"));
    QVERIFY2(r.err.contains("68 protected items in 4 vaults"), r.err.constData());
}

// The reader went away (standard output a pipe whose reading end is closed): the listing stops
// at the first rows it cannot write, not after every page of every vault. rsv-a's 100 rows are
// written as soon as they are complete; rsv-b pages on and on (a nextLink on each page), which a
// listing that kept going would follow to its 300th page. Exit 9, quiet (a closed pipe), and the
// audit log records the read as cancelled because its output was lost. A listing shorter than one
// write (64 KB) is read to its end first: recorded as succeeded, with outputLost, and exit 9.
void TestCliPagingE2E::allVaultsStopsWhenItsOutputIsLost()
{
    const QString rg
        = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-test/"
                         "providers/Microsoft.RecoveryServices/vaults/");
    constexpr int kLongChain = 300;
    int pagesOfB = 0;
    const auto longChain = [&](const CannedHttpServer::Seen &s) {
        const QString target = QString::fromUtf8(s.target);
        if (target.startsWith(QStringLiteral("/subscriptions?")))
            return subscriptionPage();
        if (target.contains(QStringLiteral("/vaults?"))) {
            QJsonArray list;
            for (const QString &v : { QStringLiteral("rsv-a"), QStringLiteral("rsv-b") })
                list.append(vaultObject(rg + v, v));
            return page(list);
        }
        const bool inA = target.contains(QStringLiteral("/rsv-a/"));
        if (!inA)
            ++pagesOfB;
        QJsonArray values;
        for (int i = 0; i < (inA ? 100 : 1); ++i) {
            const QString vm = (inA ? QStringLiteral("a%1") : QStringLiteral("b%1-%2").arg(pagesOfB)).arg(i);
            values.append(
                item(itemId(vm, true, rg + (inA ? QStringLiteral("rsv-a") : QStringLiteral("rsv-b"))), vm));
        }
        if (inA || pagesOfB >= kLongChain)
            return page(values);
        return page(values, m_server->url(QStringLiteral("/b-next?page=%1").arg(pagesOfB + 1)));
    };
    m_server->setHandler(longChain);
    const QStringList args { QStringLiteral("items"), QStringLiteral("list"),
                             QStringLiteral("--all-vaults") };
    const CliRun r = cli(args, stdoutToAGoneReader);
    QVERIFY2(r.exitCode == 9, r.err.constData());
    QVERIFY2(!r.err.contains("could not write"), r.err.constData()); // a reader that left: quiet
    QVERIFY2(pagesOfB < kLongChain / 2, qPrintable(QStringLiteral("%1 pages of rsv-b read").arg(pagesOfB)));
    QFile log(m_dir.filePath(QStringLiteral("audit.jsonl")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = log.readAll().trimmed().split('\n');
    const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
    QCOMPARE(last.value(QStringLiteral("type")).toString(), QStringLiteral("estate-read"));
    QCOMPARE(last.value(QStringLiteral("outcome")).toString(), QStringLiteral("cancelled"));
    const QJsonObject params = last.value(QStringLiteral("params")).toObject();
    QCOMPARE(params.value(QStringLiteral("error")).toString(), QStringLiteral("output_lost"));
    QCOMPARE(params.value(QStringLiteral("listed")).toInt(), 100); // rsv-a's, read when the loss was seen
    QCOMPARE(params.value(QStringLiteral("vaults")).toInt(), 1);

    // A short listing (only rsv-b, its chain cut to 3 pages of one item): read to its end.
    pagesOfB = 0;
    m_server->setHandler([&](const CannedHttpServer::Seen &s) {
        const QString target = QString::fromUtf8(s.target);
        if (target.startsWith(QStringLiteral("/subscriptions?")))
            return subscriptionPage();
        if (target.contains(QStringLiteral("/vaults?")))
            return page({ vaultObject(rg + QStringLiteral("rsv-b"), QStringLiteral("rsv-b")) });
        ++pagesOfB;
        const QString vm = QStringLiteral("b%1").arg(pagesOfB);
        const QJsonArray values { item(itemId(vm, true, rg + QStringLiteral("rsv-b")), vm) };
        return pagesOfB < 3 ? page(values, m_server->url(QStringLiteral("/b-next?page=%1").arg(pagesOfB + 1)))
                            : page(values);
    });
    const CliRun shortOne = cli(args, stdoutToAGoneReader);
    QVERIFY2(shortOne.exitCode == 9, shortOne.err.constData());
    QCOMPARE(pagesOfB, 3);
    QVERIFY(log.seek(0));
    const QJsonObject read = QJsonDocument::fromJson(log.readAll().trimmed().split('\n').last()).object();
    QCOMPARE(read.value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(read.value(QStringLiteral("params")).toObject().value(QStringLiteral("outputLost")).toBool(),
             true);

    // The same long listing into a pipe that is read: every page, exit 0 (the stop above is the
    // lost output's doing, not the chain's).
    pagesOfB = 0;
    m_server->setHandler(longChain);
    const CliRun whole = cli(args);
    QVERIFY2(whole.exitCode == 0, whole.err.constData());
    QCOMPARE(pagesOfB, kLongChain);
    QCOMPARE(whole.json().array().size(), 100 + kLongChain);
}

// Standard output and error non-blocking (a flag on the open files, which a parent such as a
// Node.js tool shares and may have set) and both pipes one page small: writes find them full
// again and again. The listing waits for its reader and comes whole, and so do the 40 failures
// said on standard error (over 10 KB), exit 1: not cut short with "Resource temporarily
// unavailable" (exit 9, or lines missing).
void TestCliPagingE2E::allVaultsWaitForANonBlockingReader()
{
    const QString rg
        = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-test/"
                         "providers/Microsoft.RecoveryServices/vaults/");
    constexpr int kItems = 400; // about 300 KB of JSON
    constexpr int kGone = 40;
    m_server->setHandler([rg, this](const CannedHttpServer::Seen &s) {
        const QString target = QString::fromUtf8(s.target);
        if (target.startsWith(QStringLiteral("/subscriptions?")))
            return subscriptionPage();
        if (target.contains(QStringLiteral("/vaults?"))) {
            QJsonArray list { vaultObject(rg + QStringLiteral("rsv-a"), QStringLiteral("rsv-a")) };
            for (int i = 0; i < kGone; ++i)
                list.append(vaultObject(rg + QStringLiteral("rsv-gone-%1").arg(i),
                                        QStringLiteral("rsv-gone-%1").arg(i)));
            return page(list);
        }
        if (target.contains(QStringLiteral("/rsv-gone-")))
            return CannedHttpServer::response(
                404, R"({"error":{"code":"ResourceNotFound","message":"The vault was not found."}})");
        QJsonArray values;
        for (int i = 0; i < kItems; ++i) {
            const QString vm = QStringLiteral("vm%1").arg(i);
            values.append(item(itemId(vm, true, rg + QStringLiteral("rsv-a")), vm));
        }
        return page(values);
    });
    const QStringList args { QStringLiteral("items"), QStringLiteral("list"),
                             QStringLiteral("--all-vaults") };
    const CliRun r = cli(args, makeStandardStreamsNonBlocking);
    QVERIFY2(r.exitCode == 1, r.err.constData());
    QCOMPARE(r.json().array().size(), kItems);
    QVERIFY2(r.err.size() > 10 * 1024, r.err.constData());
    for (int i = 0; i < kGone; ++i)
        QVERIFY2(
            r.err.contains(QStringLiteral("in vault rsv-gone-%1 failed: ResourceNotFound").arg(i).toUtf8()),
            r.err.constData());
    QVERIFY2(r.err.contains("400 protected items"), r.err.constData());
}

// One vault's items refused with 401 (the environment's token cannot be renewed), another's gone
// (404), a third read: each failure said on its own line, the readable vault listed all the same,
// and the exit code the most telling one (3, authentication, over 1), with the vaults listed in
// either order (the 401 vault's first, or last; their pages are asked for in that order).
void TestCliPagingE2E::allVaultsWithMixedFailuresExitWithTheMostTelling()
{
    const QString rg
        = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-test/"
                         "providers/Microsoft.RecoveryServices/vaults/");
    for (const bool authFirst : { true, false }) {
        const QStringList order = authFirst
            ? QStringList { QStringLiteral("rsv-denied"), QStringLiteral("rsv-gone"),
                            QStringLiteral("rsv-ok") }
            : QStringList { QStringLiteral("rsv-ok"), QStringLiteral("rsv-gone"),
                            QStringLiteral("rsv-denied") };
        m_server->setHandler([rg, order, this](const CannedHttpServer::Seen &s) {
            const QString target = QString::fromUtf8(s.target);
            if (target.startsWith(QStringLiteral("/subscriptions?")))
                return subscriptionPage();
            if (target.contains(QStringLiteral("/vaults?"))) {
                QJsonArray list;
                for (const QString &v : order)
                    list.append(vaultObject(rg + v, v));
                return page(list);
            }
            if (target.contains(QStringLiteral("/rsv-denied/")))
                return CannedHttpServer::response(
                    401,
                    R"({"error":{"code":"InvalidAuthenticationToken","message":"The token is expired."}})");
            if (target.contains(QStringLiteral("/rsv-gone/")))
                return CannedHttpServer::response(
                    404, R"({"error":{"code":"ResourceNotFound","message":"The vault was not found."}})");
            return page({ item(itemId(QStringLiteral("vm1"), true, rg + QStringLiteral("rsv-ok")),
                               QStringLiteral("vm1")) });
        });
        const CliRun r
            = cli({ QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("--all-vaults") });
        QVERIFY2(r.exitCode == 3, r.err.constData());
        QVERIFY2(r.err.contains("listing the protected items in vault rsv-denied failed"), r.err.constData());
        QVERIFY2(r.err.contains("listing the protected items in vault rsv-gone failed"), r.err.constData());
        QVERIFY2(!r.err.contains("opaque-test-token"), r.err.constData());
        const QStringList listed = names(r.json().array());
        QCOMPARE(listed.size(), 1);
        QVERIFY2(listed.first().endsWith(QStringLiteral(";vm1")), qPrintable(listed.first()));
        // In the audit log: each failure a "failed" record of its own, then the listing's, which
        // counts the vaults left incomplete.
        QFile log(m_dir.filePath(QStringLiteral("audit.jsonl")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = log.readAll().trimmed().split('\n');
        QVERIFY(lines.size() >= 3);
        QStringList errors;
        for (qsizetype i = lines.size() - 3; i < lines.size() - 1; ++i) {
            const QJsonObject failed = QJsonDocument::fromJson(lines.at(i)).object();
            QCOMPARE(failed.value(QStringLiteral("outcome")).toString(), QStringLiteral("failed"));
            errors << failed.value(QStringLiteral("params"))
                          .toObject()
                          .value(QStringLiteral("error"))
                          .toString();
        }
        errors.sort();
        QCOMPARE(errors,
                 (QStringList { QStringLiteral("InvalidAuthenticationToken"),
                                QStringLiteral("ResourceNotFound") }));
        const QJsonObject listing = QJsonDocument::fromJson(lines.last()).object();
        QCOMPARE(
            listing.value(QStringLiteral("params")).toObject().value(QStringLiteral("incomplete")).toInt(),
            2);
    }
}

void TestCliPagingE2E::jobsListShowsEachJobOnce()
{
    // A job started while the list was paged: everything moved down by one, so page 2 starts
    // with the last job of page 1.
    m_server->setHandler([this](const CannedHttpServer::Seen &s) {
        if (!s.target.contains("page=2"))
            return page({ job(QStringLiteral("j4"), QStringLiteral("2026-11-28T04:00:00Z")),
                          job(QStringLiteral("j3"), QStringLiteral("2026-11-28T03:00:00Z")) },
                        m_server->url(QString::fromUtf8(s.target) + QStringLiteral("&page=2")));
        return page({ job(QStringLiteral("j3"), QStringLiteral("2026-11-28T03:00:00Z")),
                      job(QStringLiteral("j2"), QStringLiteral("2026-11-28T02:00:00Z")),
                      job(QStringLiteral("j1"), QStringLiteral("2026-11-28T01:00:00Z")) });
    });
    const CliRun r
        = cli({ QStringLiteral("jobs"), QStringLiteral("list"), QStringLiteral("--vault"), kVault });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(names(r.json().array()),
             (QStringList { QStringLiteral("j4"), QStringLiteral("j3"), QStringLiteral("j2"),
                            QStringLiteral("j1") }));
}

void TestCliPagingE2E::idArgumentsAreSentCanonical()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(
            200,
            QJsonDocument(item(itemId(QStringLiteral("vm1")), QStringLiteral("vm1")))
                .toJson(QJsonDocument::Compact));
    });
    // Lower-case segments, no backupFabrics segment: sent as the API's specification spells it.
    QString given = itemId(QStringLiteral("vm1"), false);
    given.replace(QStringLiteral("/resourceGroups/"), QStringLiteral("/resourcegroups/"));
    given.replace(QStringLiteral("/protectedItems/"), QStringLiteral("/protecteditems/"));
    const CliRun r = cli({ QStringLiteral("items"), QStringLiteral("show"), given });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(m_server->requests().size(), 1);
    const QByteArray path = paths().first();
    QCOMPARE(QUrl::fromPercentEncoding(path), itemId(QStringLiteral("vm1")));
}

void TestCliPagingE2E::idArgumentsWithUrlPartsAreRefused_data()
{
    QTest::addColumn<QStringList>("args");
    const QString item = itemId(QStringLiteral("vm1"));
    QTest::newRow("query") << QStringList { "items", "show", item + "?api-version=2000-01-01" };
    QTest::newRow("query in --vault") << QStringList { "items", "list", "--vault", kVault + "?$filter=x" };
    QTest::newRow("fragment") << QStringList { "vaults", "show", kVault + "#x" };
    QTest::newRow("full URL") << QStringList { "vaults", "show", "https://management.azure.com" + kVault };
    QTest::newRow("scheme-relative URL") << QStringList { "vaults", "show", "http:" + kVault };
    QTest::newRow("job with query") << QStringList { "jobs", "show", kVault + "/backupJobs/j1?x=1" };
    QTest::newRow("points with URL") << QStringList { "points", "list", "--item",
                                                      "https://example.invalid" + item };
}

void TestCliPagingE2E::idArgumentsWithUrlPartsAreRefused()
{
    QFETCH(QStringList, args);
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(404, "{}"); });
    const CliRun r = cli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("without a scheme, host, query or fragment"), r.err.constData());
    QVERIFY(r.out.isEmpty());
    QCOMPARE(m_server->requests().size(), 0);
}

void TestCliPagingE2E::logPointsSortByTheEndOfTheirRange()
{
    const QString item = kVault
        + QStringLiteral("/backupFabrics/Azure/protectionContainers/VMAppContainer;compute;rg-test;sqlvm/"
                         "protectedItems/SQLDataBase;mssqlserver;db1");
    const auto full = [&](const QString &name, const QString &time) {
        return QJsonObject {
            { QStringLiteral("id"), item + QStringLiteral("/recoveryPoints/") + name },
            { QStringLiteral("name"), name },
            { QStringLiteral("properties"),
              QJsonObject { { QStringLiteral("objectType"), QStringLiteral("AzureWorkloadSQLRecoveryPoint") },
                            { QStringLiteral("type"), QStringLiteral("Full") },
                            { QStringLiteral("recoveryPointTimeInUTC"), time } } }
        };
    };
    const QJsonObject log {
        { QStringLiteral("id"), item + QStringLiteral("/recoveryPoints/DefaultRangeRecoveryPoint") },
        { QStringLiteral("name"), QStringLiteral("DefaultRangeRecoveryPoint") },
        { QStringLiteral("properties"),
          QJsonObject {
              { QStringLiteral("objectType"), QStringLiteral("AzureWorkloadSQLPointInTimeRecoveryPoint") },
              { QStringLiteral("type"), QStringLiteral("Log") },
              { QStringLiteral("timeRanges"),
                QJsonArray { QJsonObject {
                    { QStringLiteral("startTime"), QStringLiteral("2026-11-27T00:00:00Z") },
                    { QStringLiteral("endTime"), QStringLiteral("2026-11-28T12:00:00Z") } } } } } }
    };
    m_server->setHandler([=](const CannedHttpServer::Seen &) {
        return page({ full(QStringLiteral("full-old"), QStringLiteral("2026-11-26T00:00:00Z")), log,
                      full(QStringLiteral("full-new"), QStringLiteral("2026-11-28T00:00:00Z")) });
    });
    const CliRun r
        = cli({ QStringLiteral("points"), QStringLiteral("list"), QStringLiteral("--item"), item });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(names(r.json().array()),
             (QStringList { QStringLiteral("DefaultRangeRecoveryPoint"), QStringLiteral("full-new"),
                            QStringLiteral("full-old") }));
}

// A 403 whose message names no action (a deny assignment's or a gateway's wording): the line and
// the audit record still name the action the listing needs, as the console's "No access" does.
void TestCliPagingE2E::refusalWithoutTheActionNamesTheListingsAction_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("action");
    const QString sub = QStringLiteral("00000000-0000-0000-0000-000000000000");
    QTest::newRow("subscriptions list")
        << QStringList { QStringLiteral("subscriptions"), QStringLiteral("list") }
        << QStringLiteral("Microsoft.Resources/subscriptions/read");
    QTest::newRow("vaults list") << QStringList { QStringLiteral("vaults"), QStringLiteral("list"),
                                                  QStringLiteral("--subscription"), sub }
                                 << QStringLiteral("Microsoft.RecoveryServices/Vaults/read");
    QTest::newRow("vaults show") << QStringList { QStringLiteral("vaults"), QStringLiteral("show"), kVault }
                                 << QStringLiteral("Microsoft.RecoveryServices/Vaults/read");
    QTest::newRow("items list") << QStringList {
        QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("--vault"), kVault
    } << QStringLiteral("Microsoft.RecoveryServices/Vaults/backupProtectedItems/read");
    QTest::newRow("items show") << QStringList { QStringLiteral("items"), QStringLiteral("show"),
                                                 itemId(QStringLiteral("vm1")) }
                                << QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/"
                                                  "protectionContainers/protectedItems/read");
    QTest::newRow("policies list") << QStringList { QStringLiteral("policies"), QStringLiteral("list"),
                                                    QStringLiteral("--vault"), kVault }
                                   << QStringLiteral("Microsoft.RecoveryServices/Vaults/backupPolicies/read");
    QTest::newRow("jobs list") << QStringList { QStringLiteral("jobs"), QStringLiteral("list"),
                                                QStringLiteral("--vault"), kVault }
                               << QStringLiteral("Microsoft.RecoveryServices/Vaults/backupJobs/read");
    QTest::newRow("points list") << QStringList { QStringLiteral("points"), QStringLiteral("list"),
                                                  QStringLiteral("--item"), itemId(QStringLiteral("vm1")) }
                                 << QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/"
                                                   "protectionContainers/protectedItems/recoveryPoints/read");
}

void TestCliPagingE2E::refusalWithoutTheActionNamesTheListingsAction()
{
    QFETCH(QStringList, args);
    QFETCH(QString, action);
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(
            403, R"({"error":{"code":"AuthorizationFailed","message":"Access is denied by policy."}})");
    });
    const CliRun r = cli(args);
    QCOMPARE(r.exitCode, 6);
    QVERIFY2(r.err.contains("missing permission: " + action.toUtf8()), r.err.constData());
    QVERIFY2(r.err.contains("Access is denied by policy."), r.err.constData());
    QFile log(m_dir.filePath(QStringLiteral("audit.jsonl")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = log.readAll().trimmed().split('\n');
    const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
    QCOMPARE(last.value(QStringLiteral("outcome")).toString(), QStringLiteral("denied"));
    QCOMPARE(last[QStringLiteral("params")][QStringLiteral("missingAction")].toString(), action);
}

QTEST_GUILESS_MAIN(TestCliPagingE2E)
#include "tst_cli_paging_e2e.moc"
