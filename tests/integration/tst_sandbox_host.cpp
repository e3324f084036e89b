// SandboxHost runs the sandbox on its own thread and hands the console the people of the
// tenant data (for its sign-in page) by the time `ready` fires.
#include "sandbox/sandboxhost.h"
#include "sandbox/tenant.h"
#include "testprocesses.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Sandbox;

class TestSandboxHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void peopleOfTheBuiltInTenant();
    void peopleOfADataFile();
};

void TestSandboxHost::peopleOfTheBuiltInTenant()
{
    SandboxHost host;
    QVERIFY(host.people().isEmpty());
    QSignalSpy ready(&host, &SandboxHost::ready);
    QList<SandboxPerson> atReady;
    connect(&host, &SandboxHost::ready, this, [&] { atReady = host.people(); });
    host.start(SandboxOptions());
    QVERIFY(ready.wait(30000));
    QVERIFY(host.isReady());

    // Exactly the tenant's users, in order, with their role summaries.
    const auto tenant = Tenant::builtIn(QDateTime::currentDateTimeUtc());
    QVERIFY(tenant.ok());
    QCOMPARE(atReady.size(), tenant->users.size());
    QVERIFY(atReady.size() >= 4);
    for (int i = 0; i < atReady.size(); ++i) {
        QCOMPARE(atReady.at(i).username, tenant->users.at(i).username);
        QCOMPARE(atReady.at(i).name, tenant->users.at(i).name);
        QCOMPARE(atReady.at(i).roles, tenant->users.at(i).roleSummary);
    }
    const auto oscar = std::find_if(atReady.cbegin(), atReady.cend(), [](const SandboxPerson &p) {
        return p.username == QLatin1String("oscar");
    });
    QVERIFY(oscar != atReady.cend());
    QCOMPARE(oscar->name, QStringLiteral("Oscar Operator"));
    QVERIFY(!oscar->roles.isEmpty());
    QVERIFY(oscar->roles.join(QLatin1Char(';')).contains(QStringLiteral("Backup Operator")));
    const auto nora = std::find_if(atReady.cbegin(), atReady.cend(), [](const SandboxPerson &p) {
        return p.username == QLatin1String("nora");
    });
    QVERIFY(nora != atReady.cend());
    QVERIFY(nora->roles.isEmpty()); // no access: an empty summary, worded by the console
}

void TestSandboxHost::peopleOfADataFile()
{
    // Another tenant, other people: nothing about them is fixed in the code.
    QFile seed(Test::testDataDirectory() + QStringLiteral("/../../resources/sandbox/tenant.json"));
    QVERIFY2(seed.open(QIODevice::ReadOnly), qPrintable(seed.fileName()));
    QJsonObject root = QJsonDocument::fromJson(seed.readAll()).object();
    QJsonArray users = root.value(QStringLiteral("users")).toArray();
    QVERIFY(!users.isEmpty());
    users.append(
        QJsonObject { { QStringLiteral("username"), QStringLiteral("zoe") },
                      { QStringLiteral("name"), QStringLiteral("Zoë Zimmermann") },
                      { QStringLiteral("oid"), QStringLiteral("f6b9d3e7-8a02-43c4-8f60-7b8c9d0e1f06") } });
    root.insert(QStringLiteral("users"), users);
    QTemporaryDir dir;
    QFile data(dir.filePath(QStringLiteral("tenant.json")));
    QVERIFY(data.open(QIODevice::WriteOnly));
    data.write(QJsonDocument(root).toJson());
    data.close();

    SandboxHost host;
    QSignalSpy ready(&host, &SandboxHost::ready);
    SandboxOptions options;
    options.dataFile = data.fileName();
    host.start(options);
    QVERIFY(ready.wait(30000));
    const QList<SandboxPerson> people = host.people();
    QCOMPARE(people.size(), users.size());
    QCOMPARE(people.last().username, QStringLiteral("zoe"));
    QCOMPARE(people.last().name, QStringLiteral("Zoë Zimmermann"));
    QVERIFY(people.last().roles.isEmpty());
    QVERIFY(!people.first().roles.isEmpty());
}

QTEST_GUILESS_MAIN(TestSandboxHost)
#include "tst_sandbox_host.moc"
