#include "profiledialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace RestoreDesk;

class TestProfileDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void azurePresetFillsIssuerAndScopes();
    void invalidInputIsExplainedInline();
    void editingKeepsEveryField();
    void roleMappingIsEditedAndChecked();
};

namespace {
QLineEdit *edit(QDialog &d, const char *name)
{
    return d.findChild<QLineEdit *>(QLatin1String(name));
}
} // namespace

void TestProfileDialog::azurePresetFillsIssuerAndScopes()
{
    ProfileDialog d;
    d.show();
    QTest::keyClicks(edit(d, "nameEdit"), "Production");
    QTest::keyClicks(edit(d, "tenantEdit"), "contoso.onmicrosoft.com");
    QTest::keyClicks(edit(d, "clientIdEdit"), "11111111-2222-3333-4444-555555555555");
    QCOMPARE(edit(d, "issuerEdit")->text(),
             QStringLiteral("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"));
    QVERIFY(edit(d, "issuerEdit")->isReadOnly());
    QVERIFY(edit(d, "scopesEdit")
                ->text()
                .contains(QStringLiteral("https://management.azure.com/user_impersonation")));
    auto cloud = d.findChild<QComboBox *>(QStringLiteral("cloudCombo"));
    cloud->setCurrentIndex(cloud->findData(QStringLiteral("usgov")));
    QCOMPARE(edit(d, "issuerEdit")->text(),
             QStringLiteral("https://login.microsoftonline.us/contoso.onmicrosoft.com/v2.0"));
    d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
    QCOMPARE(d.result(), int(QDialog::Accepted));
    const Auth::Profile p = d.profile();
    QCOMPARE(p.kind, Auth::Profile::Kind::Azure);
    QCOMPARE(p.name, QStringLiteral("Production"));
    QCOMPARE(p.redirectHost, QStringLiteral("localhost"));
    QCOMPARE(p.apiBase, QStringLiteral("https://management.usgovcloudapi.net"));
}

void TestProfileDialog::invalidInputIsExplainedInline()
{
    ProfileDialog d;
    d.show();
    auto preset = d.findChild<QComboBox *>(QStringLiteral("presetCombo"));
    preset->setCurrentIndex(preset->findData(int(Auth::Profile::Kind::Oidc)));
    QVERIFY(!edit(d, "issuerEdit")->isReadOnly());
    auto save = d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
    save->click();
    QVERIFY(d.isVisible());
    QVERIFY(d.findChild<QLabel *>(QStringLiteral("errorLabel"))->text().contains(QStringLiteral("name")));
    QTest::keyClicks(edit(d, "nameEdit"), "Keycloak");
    edit(d, "issuerEdit")->setText(QStringLiteral("http://keycloak.example.com/realms/ops"));
    QTest::keyClicks(edit(d, "clientIdEdit"), "restoredesk");
    save->click();
    QVERIFY(d.isVisible());
    QVERIFY(d.findChild<QLabel *>(QStringLiteral("errorLabel"))->text().contains(QStringLiteral("HTTPS")));
    edit(d, "issuerEdit")->setText(QStringLiteral("https://keycloak.example.com/realms/ops"));
    edit(d, "browserCommandEdit")->setText(QStringLiteral("firefox 'unterminated"));
    save->click();
    QVERIFY(d.findChild<QLabel *>(QStringLiteral("errorLabel"))->text().contains(QStringLiteral("quote")));
    edit(d, "browserCommandEdit")->setText(QStringLiteral("'/opt/my browser/firefox' --new-window"));
    save->click();
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QCOMPARE(d.profile().browserCommand,
             (QStringList { QStringLiteral("/opt/my browser/firefox"), QStringLiteral("--new-window") }));
}

void TestProfileDialog::editingKeepsEveryField()
{
    Auth::Profile p = Auth::Profile::genericOidc(QStringLiteral("https://idp.example/realms/ops"),
                                                 QStringLiteral("console"));
    p.name = QStringLiteral("Ops");
    p.roleClaims = { QStringLiteral("realm_access.roles"), QStringLiteral("resource_access.console.roles") };
    p.prompt = QStringLiteral("consent");
    p.apiBase = QStringLiteral("https://backup.example");
    p.roleMapping
        = QJsonObject { { "roleMapping", QJsonObject { { "backup-operators", "Backup Operator" } } },
                        { "scope", "/subscriptions/s" } };
    ProfileDialog d;
    d.setProfile(p);
    QCOMPARE(d.profile().toJson(), p.toJson());
}

void TestProfileDialog::roleMappingIsEditedAndChecked()
{
    Auth::Profile p = Auth::Profile::genericOidc(QStringLiteral("https://idp.example/realms/ops"),
                                                 QStringLiteral("console"));
    p.name = QStringLiteral("Ops");
    ProfileDialog d;
    d.setProfile(p);
    d.show();
    auto mapping = d.findChild<QPlainTextEdit *>(QStringLiteral("roleMappingEdit"));
    QVERIFY(mapping && mapping->isEnabled());
    auto save = d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
    auto error = d.findChild<QLabel *>(QStringLiteral("errorLabel"));
    mapping->setPlainText(QStringLiteral("{\"roleMapping\": "));
    save->click();
    QVERIFY(d.isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("role mapping")), qPrintable(error->text()));
    mapping->setPlainText(QStringLiteral("{\"roleMapping\": {\"backup-operators\": 7}}"));
    save->click();
    QVERIFY(d.isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("mapping")), qPrintable(error->text()));
    mapping->setPlainText(QStringLiteral(
        "{\"roleMapping\": {\"backup-operators\": \"Backup Operator\"}, \"scope\": \"/subscriptions/s\"}"));
    save->click();
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QCOMPARE(d.profile().roleMapping.value("scope").toString(), QStringLiteral("/subscriptions/s"));
    // Azure RBAC maps no claims: the field is off there.
    auto preset = d.findChild<QComboBox *>(QStringLiteral("presetCombo"));
    preset->setCurrentIndex(preset->findData(int(Auth::Profile::Kind::Azure)));
    QVERIFY(!mapping->isEnabled());
    QVERIFY(d.profile().roleMapping.isEmpty());
}

QTEST_MAIN(TestProfileDialog)
#include "tst_profiledialog.moc"
