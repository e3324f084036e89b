#include "auth/profile.h"
#include "auth/profilestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace RestoreDesk;
using namespace RestoreDesk::Auth;

class TestProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void azurePresets_data();
    void azurePresets();
    void validation_data();
    void validation();
    void storeRoundTripAndExport();
    void importRefusesSecrets();
    void browserCommandNeverTravels();
    void roleMappingTravelsWithTheProfile();
    void caBundleNeverTravels();
};

void TestProfile::azurePresets_data()
{
    QTest::addColumn<QString>("cloud");
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QString>("scope");
    QTest::newRow("public") << "public"
                            << "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"
                            << "https://management.azure.com/user_impersonation";
    QTest::newRow("usgov") << "usgov"
                           << "https://login.microsoftonline.us/contoso.onmicrosoft.com/v2.0"
                           << "https://management.usgovcloudapi.net/user_impersonation";
    QTest::newRow("china") << "china"
                           << "https://login.partner.microsoftonline.cn/contoso.onmicrosoft.com/v2.0"
                           << "https://management.chinacloudapi.cn/user_impersonation";
}

void TestProfile::azurePresets()
{
    QFETCH(QString, cloud);
    QFETCH(QString, issuer);
    QFETCH(QString, scope);
    const Profile p = Profile::azure(QStringLiteral("contoso.onmicrosoft.com"),
                                     QStringLiteral("11111111-2222-3333-4444-555555555555"), cloud);
    QCOMPARE(p.issuer, issuer);
    QVERIFY(p.scopes.contains(scope));
    QVERIFY(p.scopes.contains(QStringLiteral("offline_access")));
    QCOMPARE(p.redirectHost, QStringLiteral("localhost")); // Entra accepts http://localhost only
    QVERIFY(p.validate().ok());
}

void TestProfile::validation_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("code");
    QTest::newRow("https ok") << "https://idp.example.com/realms/ops"
                              << "console"
                              << "";
    QTest::newRow("loopback http ok") << "http://127.0.0.1:8080/oidc"
                                      << "console"
                                      << "";
    QTest::newRow("localhost http ok") << "http://localhost:8080"
                                       << "console"
                                       << "";
    QTest::newRow("plain http elsewhere") << "http://idp.example.com"
                                          << "console"
                                          << "insecure_issuer";
    QTest::newRow("private network is not loopback") << "http://10.0.0.5"
                                                     << "console"
                                                     << "insecure_issuer";
    QTest::newRow("no client") << "https://idp.example.com"
                               << ""
                               << "invalid_profile";
    QTest::newRow("not a url") << "ftp://idp.example.com"
                               << "console"
                               << "invalid_profile";
    QTest::newRow("query in issuer") << "https://idp.example.com/?x=1"
                                     << "console"
                                     << "invalid_profile";
}

void TestProfile::validation()
{
    QFETCH(QString, issuer);
    QFETCH(QString, clientId);
    QFETCH(QString, code);
    const auto r = Profile::genericOidc(issuer, clientId).validate();
    QCOMPARE(r.ok(), code.isEmpty());
    if (!code.isEmpty())
        QCOMPARE(r.error().code, code);
}

void TestProfile::storeRoundTripAndExport()
{
    QTemporaryDir dir;
    ProfileStore store(dir.filePath(QStringLiteral("settings.conf")));
    Profile p = Profile::genericOidc(QStringLiteral("https://keycloak.example/realms/ops"),
                                     QStringLiteral("restoredesk"));
    p.name = QStringLiteral("Keycloak / ops");
    p.roleClaims = { QStringLiteral("realm_access.roles") };
    p.browserCommand = { QStringLiteral("firefox"), QStringLiteral("--new-window") };
    QVERIFY(store.save(p).ok());
    store.setCurrent(p.name);
    const auto loaded = store.load(p.name);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->toJson(), p.toJson());
    QCOMPARE(store.names(), QStringList { p.name });
    QCOMPARE(store.current(), p.name);
    QCOMPARE(loaded->browserCommand, p.browserCommand); // kept, as a setting of this machine
    const QString file = dir.filePath(QStringLiteral("ops.json"));
    QVERIFY(ProfileStore::exportTo(p, file).ok());
    const auto imported = ProfileStore::importFrom(file);
    QVERIFY(imported.ok());
    QCOMPARE(imported->profile.toJson(), p.toJson());
    QVERIFY(imported->profile.browserCommand.isEmpty());
    QVERIFY(imported->dropped.isEmpty());
    store.remove(p.name);
    QVERIFY(store.names().isEmpty());
    QVERIFY(store.current().isEmpty());
}

void TestProfile::importRefusesSecrets()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("bad.json"));
    QJsonObject o = Profile::genericOidc(QStringLiteral("https://idp.example"), QStringLiteral("c")).toJson();
    o.insert(QStringLiteral("clientSecret"), QStringLiteral("hunter2"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(o).toJson());
    f.close();
    const auto imported = ProfileStore::importFrom(file);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error().code, QStringLiteral("secret_in_profile"));
    QCOMPARE(imported.error().args, QStringList { QStringLiteral("clientSecret") });
    QCOMPARE(ProfileStore::importFrom(dir.filePath(QStringLiteral("missing.json"))).error().code,
             QStringLiteral("import_failed"));
}

// Defect: an imported profile could run a program. The browser command is this machine's
// setting: export never writes it, import never reads it and says it was dropped.
// Defect: the CA bundle (a path on this machine, naming which CAs to trust) was exported and
// imported with the profile.
void TestProfile::caBundleNeverTravels()
{
    QTemporaryDir dir;
    Profile p = Profile::genericOidc(QStringLiteral("https://idp.example"), QStringLiteral("c"));
    p.name = QStringLiteral("Shared");
    p.caBundle = QStringLiteral("/home/op/corp-ca.pem");
    QVERIFY(!p.toJson().contains(QStringLiteral("caBundle")));

    QJsonObject hostile = p.toJson();
    hostile.insert(QStringLiteral("caBundle"), QStringLiteral("/tmp/attacker-ca.pem"));
    const QString file = dir.filePath(QStringLiteral("hostile.json"));
    QFile h(file);
    QVERIFY(h.open(QIODevice::WriteOnly));
    h.write(QJsonDocument(hostile).toJson());
    h.close();
    const auto imported = ProfileStore::importFrom(file);
    QVERIFY(imported.ok());
    QVERIFY(imported->profile.caBundle.isEmpty());
    QCOMPARE(imported->dropped, QStringList { QStringLiteral("caBundle") });

    // Kept on this machine, and read from older settings that kept it in the profile's JSON.
    ProfileStore store(dir.filePath(QStringLiteral("settings.conf")));
    QVERIFY(store.save(p).ok());
    QCOMPARE(store.load(p.name)->caBundle, p.caBundle);
    {
        QSettings legacy(dir.filePath(QStringLiteral("settings.conf")), QSettings::IniFormat);
        const QString group
            = QStringLiteral("profiles/") + QString::fromLatin1(QUrl::toPercentEncoding(p.name));
        QJsonObject old = p.toJson();
        old.insert(QStringLiteral("caBundle"), QStringLiteral("/etc/old-ca.pem"));
        legacy.remove(group + QStringLiteral("/caBundle"));
        legacy.setValue(group + QStringLiteral("/json"), QJsonDocument(old).toJson(QJsonDocument::Compact));
    }
    ProfileStore reread(dir.filePath(QStringLiteral("settings.conf")));
    QCOMPARE(reread.load(p.name)->caBundle, QStringLiteral("/etc/old-ca.pem"));
}

void TestProfile::browserCommandNeverTravels()
{
    QTemporaryDir dir;
    Profile p = Profile::genericOidc(QStringLiteral("https://idp.example"), QStringLiteral("c"));
    p.name = QStringLiteral("Shared");
    p.browserCommand
        = { QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("touch /tmp/pwned") };
    const QString exported = dir.filePath(QStringLiteral("shared.json"));
    QVERIFY(ProfileStore::exportTo(p, exported).ok());
    QFile f(exported);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY2(!text.contains("browserCommand") && !text.contains("/bin/sh"), text.constData());
    f.close();

    // A hostile file that carries one anyway.
    QJsonObject hostile = p.toJson();
    hostile.insert(QStringLiteral("browserCommand"),
                   QJsonArray { QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("id") });
    hostile.insert(QStringLiteral("somethingNew"), 1);
    const QString hostileFile = dir.filePath(QStringLiteral("hostile.json"));
    QFile h(hostileFile);
    QVERIFY(h.open(QIODevice::WriteOnly));
    h.write(QJsonDocument(hostile).toJson());
    h.close();
    const auto imported = ProfileStore::importFrom(hostileFile);
    QVERIFY(imported.ok());
    QVERIFY(imported->profile.browserCommand.isEmpty());
    QCOMPARE(imported->dropped,
             (QStringList { QStringLiteral("browserCommand"), QStringLiteral("somethingNew") }));

    // Saving the imported profile stores no command either.
    ProfileStore store(dir.filePath(QStringLiteral("settings.conf")));
    QVERIFY(store.save(imported->profile).ok());
    QVERIFY(store.load(p.name)->browserCommand.isEmpty());
}

void TestProfile::roleMappingTravelsWithTheProfile()
{
    Auth::Profile p = Auth::Profile::genericOidc(QStringLiteral("https://sso.example/realms/ops"),
                                                 QStringLiteral("restoredesk"));
    p.name = QStringLiteral("ops");
    const QJsonObject mapping { { "roleMapping", QJsonObject { { "backup-operators", "Backup Operator" } } },
                                { "scope", "/subscriptions/s" } };
    p.roleMapping = mapping;
    QCOMPARE(p.toJson().value("roleMapping").toObject(), mapping);
    QStringList dropped;
    const auto back = Auth::Profile::fromJson(p.toJson(), &dropped);
    QVERIFY(back.ok());
    QVERIFY2(dropped.isEmpty(), qPrintable(dropped.join(',')));
    QCOMPARE(back->roleMapping, mapping);
    // None stated: nothing written.
    p.roleMapping = {};
    QVERIFY(!p.toJson().contains("roleMapping"));
    // Not an object: the file is refused, not half read.
    QJsonObject bad = p.toJson();
    bad.insert("roleMapping", "backup-operators=Backup Operator");
    QVERIFY(!Auth::Profile::fromJson(bad).ok());
}

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
