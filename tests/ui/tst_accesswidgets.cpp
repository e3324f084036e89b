// The access views offscreen: the claims inspector (paste, drop, session tokens, verification
// with keys at hand or on request, copy for ticket), the federated-credential tester (file,
// verdict, diff, proposal) and the effective-permissions view ("why can't I").
#include "access/claimrolemapping.h"
#include "access/effectiveaccess.h"
#include "auth/idtokenverifier.h"
#include "claimsinspectorwidget.h"
#include "core/qtcompat.h"
#include "effectivepermissionswidget.h"
#include "fictesterwidget.h"
#include "identitypage.h"
#include "jose/randomtoken.h"
#include "testsigner.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using namespace RestoreDesk;
using namespace RestoreDesk::Access;

namespace {

const QDateTime kNow = Compat::utcDateTime(QDate(2026, 11, 30), QTime(10, 0));
const qint64 kT = kNow.toSecsSinceEpoch();
const QString kIssuer = QStringLiteral("https://sso.fabrikam.example/realms/backup");

QByteArray part(const QJsonObject &o)
{
    return Jose::base64UrlEncode(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QByteArray keycloakToken()
{
    const QJsonObject claims { { "iss", kIssuer },
                               { "sub", "kai" },
                               { "aud", "restoredesk-api" },
                               { "typ", "Bearer" },
                               { "iat", kT - 60 },
                               { "exp", kT + 720 },
                               { "realm_access",
                                 QJsonObject { { "roles", QJsonArray { "backup-operators" } } } },
                               { "_claim_names", QJsonObject { { "groups", "src1" } } } };
    return part(QJsonObject { { "alg", "RS256" } }) + '.' + part(claims) + ".c2lnbmF0dXJl";
}

QJsonObject idClaims()
{
    return QJsonObject { { "iss", kIssuer }, { "sub", "kai" },   { "aud", "restoredesk" },
                         { "nonce", "n" },   { "iat", kT - 10 }, { "exp", kT + 3600 } };
}

SignatureKeys keysOf(const Test::TestSigner &signer)
{
    SignatureKeys k;
    k.issuer = kIssuer;
    k.keys = Jose::JwkSet::fromJson(
                 QJsonDocument(QJsonObject { { "keys", QJsonArray { signer.publicJwk() } } }).toJson())
                 .value();
    return k;
}

QByteArray gitHubToken(const QString &sub)
{
    const QJsonObject claims { { "iss", "https://token.actions.githubusercontent.com" },
                               { "sub", sub },
                               { "aud", "api://AzureADTokenExchange" },
                               { "iat", kT - 10 },
                               { "exp", kT + 290 } };
    return part(QJsonObject { { "alg", "RS256" }, { "kid", "gh" } }) + '.' + part(claims) + ".c2ln";
}

void drop(QWidget *target, QMimeData *mime)
{
    const QPoint at(5, 5);
    QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent dropEvent(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &dropEvent);
}

template<typename T>
T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QLatin1String(name));
    if (!c)
        qFatal("no child %s", name);
    return c;
}

} // namespace

class TestAccessWidgets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accessTokenTextSaysEachStatus();
    void inspectorDecodesAPastedToken();
    void inspectorShowsRawTextAndWarnsOnDuplicateKeys();
    void inspectorRefusesMalformedInput();
    void inspectorAcceptsDrops();
    void inspectorVerifiesWithKeysAtHand();
    void inspectorOpensOnTheSessionsOwnToken();
    void inspectorAsksTheHostToFetchKeys();
    void inspectorCopiesForTicketWithoutSignature();
    void testerExplainsTheNearestMiss();
    void testerReportsBadInputInline();
    void permissionsExplainWhyNot();
    void permissionsFromAnAnswerShowNoAssignments();
};

void TestAccessWidgets::inspectorShowsRawTextAndWarnsOnDuplicateKeys()
{
    // Unsorted keys and a repeated `sub`: shown exactly so, and warned about.
    const QByteArray payload = "{\"sub\":\"kai\",\"iss\":\"" + kIssuer.toUtf8()
        + "\",\"sub\":\"admin\",\"exp\":" + QByteArray::number(kT + 600) + "}";
    ClaimsInspectorWidget w;
    w.setClock([] { return kNow; });
    w.show();
    w.inspectPasted(part(QJsonObject { { "alg", "RS256" } }) + '.' + Jose::base64UrlEncode(payload)
                    + ".c2ln");
    QVERIFY(w.inspection());
    const QString raw = child<QPlainTextEdit>(w, "rawJsonEdit")->toPlainText();
    QVERIFY2(raw.contains(QString::fromUtf8(payload)), qPrintable(raw));
    auto warnings = child<QListWidget>(w, "warningsList");
    bool flagged = false;
    for (int i = 0; i < warnings->count(); ++i)
        flagged
            = flagged || warnings->item(i)->data(Qt::UserRole).toString() == QLatin1String("duplicate_keys");
    QVERIFY(flagged);
}

void TestAccessWidgets::inspectorDecodesAPastedToken()
{
    ClaimsInspectorWidget w;
    w.setClock([] { return kNow; });
    w.show();
    w.inspectPasted(keycloakToken());
    QVERIFY(w.inspection());
    QCOMPARE(child<QLabel>(w, "kindLabel")->text(), QStringLiteral("Keycloak access token, from ") + kIssuer);
    auto tree = child<QTreeView>(w, "claimTree");
    QCOMPARE(tree->model()->rowCount(), 2);
    QCOMPARE(tree->model()->rowCount(tree->model()->index(1, 0)), 8);
    QVERIFY(tree->isExpanded(tree->model()->index(1, 0)));
    // The meaning column comes from the catalogue, for nested claims too.
    bool found = false;
    const QModelIndex payload = tree->model()->index(1, 0);
    for (int r = 0; r < tree->model()->rowCount(payload); ++r) {
        const QModelIndex name = tree->model()->index(r, 0, payload);
        if (name.data().toString() != QLatin1String("realm_access"))
            continue;
        const QModelIndex roles = tree->model()->index(0, 0, name);
        QVERIFY(roles.siblingAtColumn(2).data().toString().contains(QStringLiteral("Realm roles")));
        found = true;
    }
    QVERIFY(found);
    auto warnings = child<QListWidget>(w, "warningsList");
    QCOMPARE(warnings->count(), 1);
    QCOMPARE(warnings->item(0)->data(Qt::UserRole).toString(), QStringLiteral("group_overage"));
    QVERIFY(
        child<QLabel>(w, "signatureLabel")->text().contains(QStringLiteral("Not verified by this client")));
    // The decoded text as the token carries it, not re-serialised.
    const QString raw = child<QPlainTextEdit>(w, "rawJsonEdit")->toPlainText();
    QVERIFY2(raw.contains(QStringLiteral("payload:\n")), qPrintable(raw));
    QVERIFY2(raw.contains(QString::fromUtf8(w.inspection()->rawPayload)), qPrintable(raw));
    QVERIFY(child<QLabel>(w, "errorLabel")->text().isEmpty());
    QVERIFY(child<QPushButton>(w, "copyTicketButton")->isEnabled());
}

void TestAccessWidgets::inspectorRefusesMalformedInput()
{
    ClaimsInspectorWidget w;
    w.show();
    w.inspectPasted("a.b");
    QVERIFY(!w.inspection());
    QVERIFY(child<QLabel>(w, "errorLabel")->text().contains(QStringLiteral("this one has 2.")));
    QVERIFY(!child<QPushButton>(w, "copyTicketButton")->isEnabled());
    QCOMPARE(child<QTreeView>(w, "claimTree")
                 ->model()
                 ->rowCount(child<QTreeView>(w, "claimTree")->model()->index(1, 0)),
             0);
    w.inspectPasted(QByteArray(70 * 1024, 'a'));
    QVERIFY(child<QLabel>(w, "errorLabel")->text().contains(QStringLiteral("more than the 65536")));
}

void TestAccessWidgets::inspectorAcceptsDrops()
{
    ClaimsInspectorWidget w;
    w.setClock([] { return kNow; });
    w.show();
    QWidget *viewport = child<QPlainTextEdit>(w, "tokenEdit")->viewport();
    auto text = new QMimeData;
    text->setText(QString::fromLatin1(keycloakToken()));
    drop(viewport, text);
    delete text;
    QVERIFY(w.inspection());
    QCOMPARE(w.inspection()->jwt.claims.value(QStringLiteral("sub")).toString(), QStringLiteral("kai"));
    // A file holding a token (with a trailing newline, as `echo` writes it).
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("token.jwt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    Test::TestSigner signer(QStringLiteral("RS256"), QStringLiteral("k1"));
    file.write(signer.sign({}, idClaims()) + '\n');
    file.close();
    auto url = new QMimeData;
    url->setUrls({ QUrl::fromLocalFile(file.fileName()) });
    drop(viewport, url);
    delete url;
    QVERIFY(w.inspection());
    QCOMPARE(w.inspection()->use, TokenUse::IdToken);
    // A file too large to be a token is not read.
    QFile big(dir.filePath(QStringLiteral("big.bin")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write(QByteArray(200 * 1024, 'x'));
    big.close();
    auto bigUrl = new QMimeData;
    bigUrl->setUrls({ QUrl::fromLocalFile(big.fileName()) });
    drop(viewport, bigUrl);
    delete bigUrl;
    QVERIFY(child<QLabel>(w, "errorLabel")->text().contains(QStringLiteral("larger than a token")));
}

void TestAccessWidgets::inspectorVerifiesWithKeysAtHand()
{
    Test::TestSigner signer(QStringLiteral("RS256"), QStringLiteral("k1"));
    ClaimsInspectorWidget w;
    w.setClock([] { return kNow; });
    w.show();
    w.setSessionTokens(signer.sign({}, idClaims()), keycloakToken());
    w.showSource(ClaimsInspectorWidget::Source::SessionIdToken);
    QVERIFY(!child<QPlainTextEdit>(w, "tokenEdit")->isVisible());
    QCOMPARE(w.inspection()->use, TokenUse::IdToken);
    QCOMPARE(w.inspection()->signature.state, SignatureStatus::State::NotChecked);
    QVERIFY(!child<QPushButton>(w, "verifyButton")->isEnabled()); // no keys, nobody to fetch them
    w.setVerificationKeys(keysOf(signer));
    QCOMPARE(w.inspection()->signature.state, SignatureStatus::State::Verified);
    QCOMPARE(child<QLabel>(w, "signatureLabel")->text(),
             QStringLiteral("Signature: Verified against %1's keys (key k1).").arg(kIssuer));
    // The session's access token is shown as one, whatever its claims say.
    w.showSource(ClaimsInspectorWidget::Source::SessionAccessToken);
    QCOMPARE(w.inspection()->use, TokenUse::AccessToken);
    QCOMPARE(w.inspection()->signature.state, SignatureStatus::State::NotVerifiable);
    // A forged ID token with the same kid fails against the same keys.
    Test::TestSigner forger(QStringLiteral("RS256"), QStringLiteral("k1"));
    w.inspectPasted(forger.sign({}, idClaims()));
    QCOMPARE(w.inspection()->signature.state, SignatureStatus::State::Failed);
    QVERIFY(child<QLabel>(w, "signatureLabel")->text().contains(QStringLiteral("altered or forged")));
}

void TestAccessWidgets::inspectorOpensOnTheSessionsOwnToken()
{
    Test::TestSigner signer(QStringLiteral("RS256"), QStringLiteral("k1"));
    const QByteArray idToken = signer.sign({}, idClaims());
    ClaimsInspectorWidget w;
    w.setClock([] { return kNow; });
    w.show();
    auto *edit = child<QPlainTextEdit>(w, "tokenEdit");
    // Not signed in: the paste box, nothing decoded.
    QVERIFY(edit->isVisible());
    QVERIFY(!w.inspection());

    // Signing in with nothing pasted opens the page on the operator's own ID token.
    w.setSessionTokens(idToken, keycloakToken());
    QVERIFY(!edit->isVisible());
    QVERIFY(w.inspection());
    QCOMPARE(w.inspection()->use, TokenUse::IdToken);
    QCOMPARE(child<QComboBox>(w, "sourceCombo")->currentText(), QStringLiteral("Session ID token"));

    // The operator's own choice stays while the session renews its tokens.
    w.showSource(ClaimsInspectorWidget::Source::SessionAccessToken);
    w.setSessionTokens(idToken, keycloakToken());
    QCOMPARE(w.inspection()->use, TokenUse::AccessToken);

    // Signing out: back to the paste box; the session's tokens are not shown any more.
    w.setSessionTokens({}, {});
    QVERIFY(edit->isVisible());
    QVERIFY(!w.inspection());
    QVERIFY(child<QLabel>(w, "errorLabel")->text().isEmpty());

    // Something pasted before signing in is what the page keeps showing.
    Test::TestSigner other(QStringLiteral("RS256"), QStringLiteral("k2"));
    w.inspectPasted(other.sign({}, idClaims()));
    w.setSessionTokens(idToken, keycloakToken());
    QVERIFY(edit->isVisible());
    QCOMPARE(w.inspection()->jwt.keyId(), QStringLiteral("k2"));
}

void TestAccessWidgets::inspectorAsksTheHostToFetchKeys()
{
    Test::TestSigner signer(QStringLiteral("RS256"), QStringLiteral("k1"));
    ClaimsInspectorWidget w;
    w.setClock([] { return kNow; });
    QSignalSpy asked(&w, &ClaimsInspectorWidget::verifyRequested);
    connect(&w, &ClaimsInspectorWidget::verifyRequested, &w, [&](const QString &issuer) {
        w.setVerificationKeys(issuer == kIssuer ? keysOf(signer) : SignatureKeys {});
    });
    w.show();
    w.inspectPasted(signer.sign({}, idClaims()));
    auto verify = child<QPushButton>(w, "verifyButton");
    QVERIFY(verify->isEnabled());
    QVERIFY(verify->toolTip().contains(kIssuer));
    QCOMPARE(asked.count(), 0); // nothing is fetched until asked
    verify->click();
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.first().first().toString(), kIssuer);
    QCOMPARE(w.inspection()->signature.state, SignatureStatus::State::Verified);
    QVERIFY(!verify->isEnabled());
}

void TestAccessWidgets::inspectorCopiesForTicketWithoutSignature()
{
    Test::TestSigner signer(QStringLiteral("RS256"), QStringLiteral("k1"));
    const QByteArray token = signer.sign({}, idClaims());
    ClaimsInspectorWidget w;
    w.show();
    w.inspectPasted(token);
    child<QPushButton>(w, "copyTicketButton")->click();
    const QString copied = QApplication::clipboard()->text();
    QVERIFY(copied.startsWith(QStringLiteral("# Decoded JWT for a ticket: the SIGNATURE WAS REMOVED")));
    QVERIFY(!copied.contains(QString::fromLatin1(token.mid(token.lastIndexOf('.') + 1, 30))));
    QVERIFY(copied.contains(QStringLiteral("\"REMOVED\"")));
    QVERIFY(child<QLabel>(w, "statusLabel")->text().contains(QStringLiteral("signature was removed")));
}

void TestAccessWidgets::testerExplainsTheNearestMiss()
{
    FicTesterWidget w;
    w.setClock([] { return kNow; });
    w.show();
    QVERIFY(w.loadCredentialsFile(
        QStringLiteral(RD_TEST_DATA_DIR "/fic/az-identity-federated-credential-list.json")));
    QCOMPARE(child<QLabel>(w, "sourceLabel")->text(),
             QStringLiteral("3 credential(s) from az-identity-federated-credential-list.json"));
    w.setToken(gitHubToken(QStringLiteral("repo:fabrikam/backup-drills:pull_request")));
    QVERIFY(child<QLabel>(w, "verdictLabel")->text().startsWith(QStringLiteral("AADSTS700213")));
    auto table = child<QTableView>(w, "credentialTable");
    QCOMPARE(table->currentIndex().row(), 0); // github-main, the nearest
    QVERIFY(table->model()->index(0, 4).data().toString().contains(QStringLiteral("pull_request subject")));
    const QString detail = child<QTextBrowser>(w, "detailView")->toHtml();
    QVERIFY(detail.contains(QStringLiteral("line-through")));
    QVERIFY(detail.contains(QStringLiteral("pull_request")));
    // The credential that would accept this token, previewed; creating needs the right.
    QVERIFY(child<QPlainTextEdit>(w, "proposalEdit")
                ->toPlainText()
                .contains(QStringLiteral("\"repo:fabrikam/backup-drills:pull_request\"")));
    auto create = child<QPushButton>(w, "createButton");
    QVERIFY(create->isVisible());
    QVERIFY(!create->isEnabled());
    const QString identity = QStringLiteral(
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id");
    w.setCreateAllowed(true, identity);
    QVERIFY(create->isEnabled());
    QSignalSpy requested(&w, &FicTesterWidget::createRequested);
    create->click();
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).value<FederatedCredential>().subject,
             QStringLiteral("repo:fabrikam/backup-drills:pull_request"));
    QCOMPARE(requested.first().at(1).toString(), identity);
    // A matching token needs no proposal.
    w.setToken(gitHubToken(QStringLiteral("repo:fabrikam/backup-drills:environment:production")));
    QCOMPARE(child<QLabel>(w, "verdictLabel")->text(),
             QStringLiteral("Credential \"github-prod-env\" matches: the exchange would be accepted."));
    QVERIFY(!create->isVisible());
    QCOMPARE(table->currentIndex().row(), 1);
}

void TestAccessWidgets::testerReportsBadInputInline()
{
    FicTesterWidget w;
    w.show();
    QTemporaryDir dir;
    QFile bad(dir.filePath(QStringLiteral("bad.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"([{"name":"x"}])");
    bad.close();
    QVERIFY(!w.loadCredentialsFile(bad.fileName()));
    QVERIFY(child<QLabel>(w, "errorLabel")->text().contains(QStringLiteral("could not be read")));
    QVERIFY(!w.loadCredentialsFile(dir.filePath(QStringLiteral("missing.json"))));
    w.setToken("not a token");
    QVERIFY(child<QLabel>(w, "errorLabel")->text().contains(QStringLiteral("not a JWT")));
    QVERIFY(w.verdict().checks.isEmpty());
}

void TestAccessWidgets::permissionsExplainWhyNot()
{
    RoleAssignment a;
    a.scope = QStringLiteral("/subscriptions/s");
    for (const RoleDefinition &r : RoleDefinition::builtInBackupRoles()) {
        if (r.roleName == QLatin1String("Backup Reader"))
            a.roleDefinitionId = r.id;
    }
    a.principalId = QStringLiteral("g1");
    const EffectiveAccess access(
        PermissionEvaluator(RoleDefinition::builtInBackupRoles(), { a }),
        PrincipalContext::fromClaims({ { "oid", "me" }, { "groups", QJsonArray { "g1" } } }));
    EffectivePermissionsWidget w;
    w.show();
    const QString vault
        = QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v");
    w.setAccess(access, vault);
    QVERIFY(child<QLabel>(w, "scopeLabel")->text().contains(vault));
    auto operations = child<QTableView>(w, "operationTable");
    QCOMPARE(operations->model()->rowCount(), int(BackupOperation::all().size()));
    QCOMPARE(operations->model()->index(0, 1).data().toString(), QStringLiteral("allowed"));
    QVERIFY(w.explanationText().contains(QStringLiteral("through group g1, claim groups")));
    w.selectOperation(BackupOperation::Id::Restore);
    QVERIFY(w.explanationText().contains(QStringLiteral("Why can't I restore?")));
    QVERIFY(w.explanationText().contains(QStringLiteral("Backup Operator or Backup Contributor")));
    auto assignments = child<QTableView>(w, "assignmentTable");
    QVERIFY(assignments->isVisible());
    QCOMPARE(assignments->model()->rowCount(), 1);
    QCOMPARE(assignments->model()->index(0, 2).data().toString(),
             QStringLiteral("through group g1 (claim groups)"));
    auto mapping = child<QListWidget>(w, "mappingList");
    QVERIFY(!mapping->isVisible());
    w.setMapping(
        { MappingMatch { "roles", "backup-operators", "Backup Operator", "/subscriptions/s", true } },
        { Membership { "everyone", "groups", false } });
    QVERIFY(mapping->isVisible());
    QCOMPARE(mapping->item(0)->text(),
             QStringLiteral(
                 "Your `roles` claim contains `backup-operators` → Backup Operator at /subscriptions/s"));
    QVERIFY(mapping->item(1)->text().contains(QStringLiteral("maps to no role")));
}

void TestAccessWidgets::permissionsFromAnAnswerShowNoAssignments()
{
    const EffectiveAccess access
        = EffectiveAccess::fromPermissions({ { QStringLiteral("/subscriptions/s/resourceGroups/rg"), {} } });
    EffectivePermissionsWidget w;
    w.show();
    w.setAccess(access, QStringLiteral("/subscriptions/s/resourceGroups/rg"));
    QVERIFY(!child<QTableView>(w, "assignmentTable")->isVisible());
    QVERIFY(child<QLabel>(w, "sourceLabel")
                ->text()
                .contains(QStringLiteral("Microsoft.Authorization/permissions")));
    QVERIFY(w.explanationText().contains(QStringLiteral("your effective permissions at")));
}

// Each verdict on an access token in words, with its arguments in their places: none left
// unfilled, none dropped (a token that could not be checked says why, and is never "forged").
void TestAccessWidgets::accessTokenTextSaysEachStatus()
{
    using Status = Auth::AccessTokenView::Status;
    const QString issuer = QStringLiteral("https://issuer.example");
    const QList<QPair<Status, QStringList>> cases {
        { Status::Opaque, {} },
        { Status::NotForClient, { issuer } },
        { Status::BadSignature, { issuer, QStringLiteral("bad_signature") } },
        { Status::NotVerifiable, { issuer, QStringLiteral("libcrypto.so.3 could not be loaded") } },
        { Status::OtherAudience, { issuer, QStringLiteral("api://other"), QStringLiteral("api://backup") } },
        { Status::Expired, { issuer } },
        { Status::Verified, { issuer, QStringLiteral("api://backup"), QStringLiteral("k1") } },
    };
    for (const auto &[status, args] : cases) {
        Auth::AccessTokenView view;
        view.status = status;
        view.args = args;
        const QString text = IdentityPage::accessTokenText(view);
        QVERIFY2(!text.isEmpty() && !text.contains(QLatin1Char('%')), qPrintable(text));
        for (const QString &a : args)
            QVERIFY2(text.contains(a), qPrintable(text + QStringLiteral(" / ") + a));
    }
    // And in their places, where the sentence does not take them in order.
    Auth::AccessTokenView view;
    view.status = Status::NotVerifiable;
    view.args = { issuer, QStringLiteral("why") };
    QCOMPARE(IdentityPage::accessTokenText(view),
             QStringLiteral(
                 "Decoded, not verified: this client could not check https://issuer.example's signature "
                 "(why)."));
    view.status = Status::Verified;
    view.args = { issuer, QStringLiteral("api://backup"), QStringLiteral("k1") };
    QCOMPARE(
        IdentityPage::accessTokenText(view),
        QStringLiteral("Verified by this client: an RFC 9068 access token signed by https://issuer.example "
                       "(key k1) for api://backup."));
}

QTEST_MAIN(TestAccessWidgets)
#include "tst_accesswidgets.moc"
