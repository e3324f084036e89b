// The federated-credential tester: credentials read from the API's answers (the spec examples in
// tests/data/arm) and from az output, a matching and a near-miss token for each Entra error
// code, per-field character diffs, flexible credentials, and the create-from-token proposal.
#include "access/accesscodes.h"
#include "access/claimsexpression.h"
#include "access/federatedcredentialmatcher.h"
#include "core/qtcompat.h"
#include "text/errortext.h"
#include "text/fictext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Access;

namespace {

const QDateTime kNow = Compat::utcDateTime(QDate(2026, 11, 30), QTime(10, 0));
const qint64 kT = kNow.toSecsSinceEpoch();
const QString kAksIssuer = QStringLiteral("https://oidc.prod-aks.azure.com/TenantGUID/IssuerGUID");
const QString kAksSubject = QStringLiteral("system:serviceaccount:ns:svcaccount");
const QString kGitHub = QStringLiteral("https://token.actions.githubusercontent.com");
const QString kExchange = QStringLiteral("api://AzureADTokenExchange");

QByteArray readData(const QString &relative)
{
    QFile f(QStringLiteral(RD_TEST_DATA_DIR "/") + relative);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// A spec example holds the answer under responses.<status>.body.
QByteArray exampleBody(const QString &file, const char *status = "200")
{
    const QJsonObject example = QJsonDocument::fromJson(readData(QStringLiteral("arm/") + file)).object();
    const QJsonObject body = example.value("responses")
                                 .toObject()
                                 .value(QLatin1String(status))
                                 .toObject()
                                 .value("body")
                                 .toObject();
    return QJsonDocument(body).toJson();
}

QList<FederatedCredential> load(const QString &source)
{
    QByteArray doc;
    if (source == QLatin1String("list"))
        doc = exampleBody(QStringLiteral("FederatedIdentityCredentialList.json"));
    else if (source == QLatin1String("get"))
        doc = exampleBody(QStringLiteral("FederatedIdentityCredentialGet.json"));
    else if (source == QLatin1String("create"))
        doc = exampleBody(QStringLiteral("FederatedIdentityCredentialCreate.json"), "201");
    else if (source == QLatin1String("az"))
        doc = readData(QStringLiteral("fic/az-identity-federated-credential-list.json"));
    else if (source == QLatin1String("flexible"))
        doc = readData(QStringLiteral("fic/az-ad-app-federated-credential-list.json"));
    else if (source == QLatin1String("none"))
        doc = "{\"value\": []}";
    auto list = FederatedCredential::listFromJson(doc);
    return list ? list.value() : QList<FederatedCredential>();
}

QJsonObject token(const QString &iss, const QString &sub, const QJsonValue &aud = QJsonValue(kExchange),
                  qint64 exp = kT + 300)
{
    return QJsonObject { { "iss", iss },     { "sub", sub },     { "aud", aud },
                         { "iat", kT - 60 }, { "nbf", kT - 60 }, { "exp", exp } };
}

QJsonObject
gitHubToken(const QString &sub,
            const QString &workflowRef
            = QStringLiteral("fabrikam/workflows/.github/workflows/restore-drill.yml@refs/heads/main"))
{
    QJsonObject t = token(kGitHub, sub);
    t.insert("job_workflow_ref", workflowRef);
    t.insert("runner_environment", "github-hosted");
    t.insert("repository", "fabrikam/backup-drills");
    return t;
}

FicMatchOptions options()
{
    FicMatchOptions o;
    o.clock = [] { return kNow; };
    return o;
}

} // namespace

class TestFederatedCredentials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEveryShape_data();
    void readsEveryShape();
    void refusesBadDocuments_data();
    void refusesBadDocuments();
    void matching_data();
    void matching();
    void verdictSentences();
    void diffs_data();
    void diffs();
    void subjectForms_data();
    void subjectForms();
    void expressions_data();
    void expressions();
    void wildcards_data();
    void wildcards();
    void proposalFromToken();
    void validateNew_data();
    void validateNew();
};

void TestFederatedCredentials::readsEveryShape_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("firstName");
    QTest::addColumn<QString>("firstIssuer");
    QTest::newRow("API list (spec example)") << "list" << 1 << "ficResourceName" << kAksIssuer;
    QTest::newRow("API get (spec example)") << "get" << 1 << "ficResourceName" << kAksIssuer;
    QTest::newRow("API create answer (spec example)") << "create" << 1 << "ficResourceName" << kAksIssuer;
    QTest::newRow("az identity federated-credential list") << "az" << 3 << "github-main" << kGitHub;
    QTest::newRow("az ad app (flexible)") << "flexible" << 3 << "drills-any-branch" << kGitHub;
    QTest::newRow("empty list") << "none" << 0 << ""
                                << "";
}

void TestFederatedCredentials::readsEveryShape()
{
    QFETCH(QString, source);
    QFETCH(int, count);
    QFETCH(QString, firstName);
    QFETCH(QString, firstIssuer);
    const QList<FederatedCredential> list = load(source);
    QCOMPARE(list.size(), count);
    if (count == 0)
        return;
    QCOMPARE(list.first().name, firstName);
    QCOMPARE(list.first().issuer, firstIssuer);
    QCOMPARE(list.first().audiences, QStringList { kExchange });
    if (source == QLatin1String("flexible")) {
        QVERIFY(list.first().isFlexible());
        QCOMPARE(list.first().languageVersion, 1);
        QVERIFY(list.first().subject.isEmpty());
    } else {
        QVERIFY(!list.first().isFlexible());
        QVERIFY(!list.first().subject.isEmpty());
    }
}

void TestFederatedCredentials::refusesBadDocuments_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not JSON") << QByteArray("issuer=x") << "Not valid JSON";
    QTest::newRow("no issuer") << QByteArray(R"([{"name":"a","subject":"s","audiences":["x"]}])")
                               << "no issuer";
    QTest::newRow("neither subject nor expression")
        << QByteArray(R"([{"name":"a","issuer":"https://i","audiences":["x"]}])") << "either a subject";
    QTest::newRow("both subject and expression") << QByteArray(
        R"([{"name":"a","issuer":"https://i","subject":"s","claimsMatchingExpression":{"value":"v"},"audiences":["x"]}])")
                                                 << "either a subject";
    QTest::newRow("audiences not an array")
        << QByteArray(R"([{"name":"a","issuer":"https://i","subject":"s","audiences":"x"}])")
        << "no audiences array";
    QTest::newRow("audience not a string")
        << QByteArray(R"([{"name":"a","issuer":"https://i","subject":"s","audiences":[1]}])")
        << "not a string";
    QTest::newRow("entry not an object") << QByteArray(R"([42])") << "Entry 1 is not an object";
    QTest::newRow("too large") << QByteArray(FederatedCredential::kMaxDocumentSize + 1, ' ') << "larger than";
}

void TestFederatedCredentials::refusesBadDocuments()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, mentions);
    const auto list = FederatedCredential::listFromJson(document);
    QVERIFY(!list.ok());
    QCOMPARE(list.error().code, QString(Access::Codes::InvalidCredentials));
    QVERIFY2(list.error().detail.contains(mentions), qPrintable(list.error().detail));
    QVERIFY(Text::describe(list.error()).contains(QStringLiteral("az identity federated-credential list")));
}

void TestFederatedCredentials::matching_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<QString>("aadsts");
    QTest::addColumn<QString>("credential"); // the match, else the nearest miss
    QTest::addColumn<int>("field"); // FieldCheck::Field that differs (-1: none)
    QTest::addColumn<int>("outcome");
    using F = FieldCheck::Field;
    using O = FieldCheck::Outcome;
    // The spec examples (AKS service account).
    QTest::newRow("70025 matching: list example") << "list" << token(kAksIssuer, kAksSubject) << ""
                                                  << "ficResourceName" << -1 << -1;
    QTest::newRow("get example matches") << "get" << token(kAksIssuer, kAksSubject) << ""
                                         << "ficResourceName" << -1 << -1;
    QTest::newRow("create example matches") << "create" << token(kAksIssuer, kAksSubject) << ""
                                            << "ficResourceName" << -1 << -1;
    QTest::newRow("70025 no credentials at all")
        << "none" << token(kAksIssuer, kAksSubject) << QString(AadSts::NoCredentials) << "" << -1 << -1;
    QTest::newRow("700211 matching") << "list" << token(kAksIssuer, kAksSubject) << ""
                                     << "ficResourceName" << -1 << -1;
    QTest::newRow("700211 issuer with a trailing slash")
        << "list" << token(kAksIssuer + "/", kAksSubject) << QString(AadSts::IssuerMismatch)
        << "ficResourceName" << int(F::Issuer) << int(O::TrailingSlash);
    QTest::newRow("700211 issuer in other case")
        << "list" << token("https://oidc.prod-aks.azure.com/tenantguid/IssuerGUID", kAksSubject)
        << QString(AadSts::IssuerMismatch) << "ficResourceName" << int(F::Issuer) << int(O::CaseOnly);
    QTest::newRow("700211 issuer missing its trailing slash (seed)")
        << "az"
        << token("https://oidc.prod-aks.azure.com/5f1c6a52-8d3e-4b0a-9c7e-2a4b6d8e0f11/"
                 "8b7d6c5e-4f3a-4b2c-9d1e-0f9e8d7c6b5a",
                 "system:serviceaccount:drills:restore-runner")
        << QString(AadSts::IssuerMismatch) << "aks-drill-runner" << int(F::Issuer) << int(O::TrailingSlash);
    QTest::newRow("700213 matching") << "az" << gitHubToken("repo:fabrikam/backup-drills:ref:refs/heads/main")
                                     << ""
                                     << "github-main" << -1 << -1;
    QTest::newRow("700213 other service account")
        << "list" << token(kAksIssuer, "system:serviceaccount:ns:other") << QString(AadSts::SubjectMismatch)
        << "ficResourceName" << int(F::Subject) << int(O::Different);
    QTest::newRow("700213 pull_request vs branch")
        << "az" << gitHubToken("repo:fabrikam/backup-drills:pull_request") << QString(AadSts::SubjectMismatch)
        << "github-main" << int(F::Subject) << int(O::SubjectForm);
    QTest::newRow("700213 branch vs environment")
        << "az" << gitHubToken("repo:fabrikam/backup-drills:ref:refs/heads/release")
        << QString(AadSts::SubjectMismatch) << "github-main" << int(F::Subject) << int(O::Different);
    QTest::newRow("7002138 matching")
        << "az" << gitHubToken("repo:fabrikam/backup-drills:environment:production") << ""
        << "github-prod-env" << -1 << -1;
    QTest::newRow("7002138 environment in other case")
        << "az" << gitHubToken("repo:fabrikam/backup-drills:environment:Production")
        << QString(AadSts::SubjectCaseMismatch) << "github-prod-env" << int(F::Subject) << int(O::CaseOnly);
    QTest::newRow("7002138 namespace in other case")
        << "list" << token(kAksIssuer, "system:serviceaccount:NS:svcaccount")
        << QString(AadSts::SubjectCaseMismatch) << "ficResourceName" << int(F::Subject) << int(O::CaseOnly);
    QTest::newRow("70021 matching") << "list"
                                    << token(kAksIssuer, kAksSubject, QJsonArray { "other", kExchange }) << ""
                                    << "ficResourceName" << -1 << -1;
    QTest::newRow("70021 audience with a trailing slash")
        << "list" << token(kAksIssuer, kAksSubject, kExchange + "/") << QString(AadSts::NoMatchingRecord)
        << "ficResourceName" << int(F::Audience) << int(O::TrailingSlash);
    QTest::newRow("70021 audience in other case")
        << "list" << token(kAksIssuer, kAksSubject, QStringLiteral("api://azureadtokenexchange"))
        << QString(AadSts::NoMatchingRecord) << "ficResourceName" << int(F::Audience) << int(O::CaseOnly);
    QTest::newRow("70021 no audience")
        << "list" << token(kAksIssuer, kAksSubject, QJsonValue()) << QString(AadSts::NoMatchingRecord)
        << "ficResourceName" << int(F::Audience) << int(O::Missing);
    QTest::newRow("700024 matching but expired")
        << "list" << token(kAksIssuer, kAksSubject, kExchange, kT - 3600)
        << QString(AadSts::AssertionTimeInvalid) << "ficResourceName" << -1 << -1;
    QTest::newRow("700024 matching, inside the skew")
        << "list" << token(kAksIssuer, kAksSubject, kExchange, kT - 120) << ""
        << "ficResourceName" << -1 << -1;
    // Flexible credentials (app registration).
    QTest::newRow("flexible: wildcard branch matches")
        << "flexible" << gitHubToken("repo:fabrikam/backup-vms:ref:refs/heads/feature/x") << ""
        << "drills-any-branch" << -1 << -1;
    QTest::newRow("flexible: eq and eq match")
        << "flexible"
        << gitHubToken("repo:fabrikam/backup-drills:environment:staging", QStringLiteral("other")) << ""
        << "drills-staging-hosted" << -1 << -1;
    QTest::newRow("flexible: workflow outside the pattern")
        << "flexible"
        << gitHubToken("repo:fabrikam/backup-vms:ref:refs/heads/main",
                       QStringLiteral("evil/fork.yml@refs/heads/main"))
        << QString(AadSts::NoMatchingRecord) << "drills-any-branch" << int(F::Clause)
        << int(O::PatternMismatch);
    QTest::newRow("flexible: subject outside every pattern")
        << "flexible" << gitHubToken("repo:contoso/backup-vms:ref:refs/heads/main")
        << QString(AadSts::SubjectMismatch) << "drills-any-branch" << int(F::Clause)
        << int(O::PatternMismatch);
    QTest::newRow("flexible: eq is case-sensitive")
        << "flexible"
        << gitHubToken("repo:fabrikam/backup-drills:environment:Staging", QStringLiteral("other"))
        << QString(AadSts::SubjectCaseMismatch) << "drills-staging-hosted" << int(F::Clause)
        << int(O::CaseOnly);
}

void TestFederatedCredentials::matching()
{
    QFETCH(QString, source);
    QFETCH(QJsonObject, claims);
    QFETCH(QString, aadsts);
    QFETCH(QString, credential);
    QFETCH(int, field);
    QFETCH(int, outcome);
    const QList<FederatedCredential> credentials = load(source);
    QVERIFY(source == QLatin1String("none") || !credentials.isEmpty());
    const FicVerdict v = matchFederatedCredentials(credentials, claims, options());
    QCOMPARE(v.aadsts, aadsts);
    QCOMPARE(v.checks.size(), credentials.size());
    if (credential.isEmpty())
        return;
    const int index = v.matchIndex >= 0 ? v.matchIndex : v.nearestIndex;
    QVERIFY(index >= 0);
    QCOMPARE(v.checks.at(index).credential.name, credential);
    if (field < 0) {
        QVERIFY(v.matchIndex >= 0);
        return;
    }
    QCOMPARE(v.matchIndex, -1);
    const CredentialCheck &near = v.checks.at(index);
    bool found = false;
    for (const FieldCheck &f : near.fields) {
        if (!f.matches() && int(f.field) == field) {
            QCOMPARE(int(f.outcome), outcome);
            found = true;
            break;
        }
    }
    QVERIFY2(found, "the differing field is reported");
    // The malformed flexible credential is reported, and never hides the others.
    if (source == QLatin1String("flexible")) {
        QVERIFY(v.checks.last().expressionError.has_value());
        QCOMPARE(v.checks.last().expressionError->code, QString(Access::Codes::InvalidClaimsExpression));
        QVERIFY(!v.checks.last().matches);
    }
}

void TestFederatedCredentials::verdictSentences()
{
    const QList<FederatedCredential> az = load(QStringLiteral("az"));
    const FicVerdict v
        = matchFederatedCredentials(az, gitHubToken("repo:fabrikam/backup-drills:pull_request"), options());
    const QString text = Text::verdictText(v);
    QVERIFY2(text.startsWith(QStringLiteral("AADSTS700213")), qPrintable(text));
    QVERIFY2(text.contains(
                 QStringLiteral("is a pull_request subject, but the credential expects a branch subject")),
             qPrintable(text));
    QVERIFY2(
        text.contains(QStringLiteral("repo:fabrikam/backup-drills:[-ref:refs/heads/main-]{+pull_request+}")),
        qPrintable(text));
    const FicVerdict ok = matchFederatedCredentials(
        az, gitHubToken("repo:fabrikam/backup-drills:ref:refs/heads/main"), options());
    QCOMPARE(Text::verdictText(ok),
             QStringLiteral("Credential \"github-main\" matches: the exchange would be accepted."));
    for (const QString &code : { QString(AadSts::NoMatchingRecord), QString(AadSts::IssuerMismatch),
                                 QString(AadSts::SubjectMismatch), QString(AadSts::SubjectCaseMismatch),
                                 QString(AadSts::AssertionTimeInvalid), QString(AadSts::NoCredentials) })
        QVERIFY2(Text::aadstsText(code).startsWith(code + QLatin1Char(':')), qPrintable(code));
    const FicVerdict slash = matchFederatedCredentials(load(QStringLiteral("list")),
                                                       token(kAksIssuer + "/", kAksSubject), options());
    QVERIFY(Text::verdictText(slash).contains(QStringLiteral("the token has one, the credential does not")));
    const FicVerdict broken = matchFederatedCredentials(
        { load(QStringLiteral("flexible")).last() }, gitHubToken("repo:fabrikam/x:pull_request"), options());
    QVERIFY2(Text::verdictText(broken).contains(QStringLiteral("expression is invalid")),
             qPrintable(Text::verdictText(broken)));
}

void TestFederatedCredentials::diffs_data()
{
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("annotated");
    QTest::addColumn<int>("changed");
    QTest::newRow("equal") << "abc"
                           << "abc"
                           << "abc" << 0;
    QTest::newRow("trailing slash added") << "https://x/y"
                                          << "https://x/y/"
                                          << "https://x/y{+/+}" << 1;
    QTest::newRow("one letter case") << "environment:production"
                                     << "environment:Production"
                                     << "environment:[-p-]{+P+}roduction" << 2;
    QTest::newRow("middle replaced") << "repo:o/r:ref:refs/heads/main"
                                     << "repo:o/r:pull_request"
                                     << "repo:o/r:[-ref:refs/heads/main-]{+pull_request+}" << 31;
    QTest::newRow("empty expected") << ""
                                    << "x"
                                    << "{+x+}" << 1;
    QTest::newRow("empty actual") << "x"
                                  << ""
                                  << "[-x-]" << 1;
    const QString longA(600, QLatin1Char('a'));
    const QString longB = QString(300, QLatin1Char('a')) + QString(300, QLatin1Char('b'));
    QTest::newRow("long inputs fall back to one run each") << longA << longB
                                                           << QString(300, QLatin1Char('a')) + "[-"
            + QString(300, QLatin1Char('a')) + "-]{+" + QString(300, QLatin1Char('b')) + "+}"
                                                           << 600;
}

void TestFederatedCredentials::diffs()
{
    QFETCH(QString, expected);
    QFETCH(QString, actual);
    QFETCH(QString, annotated);
    QFETCH(int, changed);
    const TextDiff d = TextDiff::compute(expected, actual);
    QCOMPARE(d.annotated(), annotated);
    QCOMPARE(d.changedCharacters(), changed);
    QCOMPARE(d.identical(), changed == 0);
}

void TestFederatedCredentials::subjectForms_data()
{
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("form");
    QTest::newRow("branch") << "repo:o/r:ref:refs/heads/main"
                            << "branch";
    QTest::newRow("tag") << "repo:o/r:ref:refs/tags/v1"
                         << "tag";
    QTest::newRow("environment") << "repo:o/r:environment:prod"
                                 << "environment";
    QTest::newRow("pull request") << "repo:o/r:pull_request"
                                  << "pull_request";
    QTest::newRow("kubernetes") << "system:serviceaccount:ns:name"
                                << "kubernetes";
    QTest::newRow("unknown") << "some-subject"
                             << "";
    QTest::newRow("repo without kind") << "repo:o/r"
                                       << "";
}

void TestFederatedCredentials::subjectForms()
{
    QFETCH(QString, subject);
    QFETCH(QString, form);
    QCOMPARE(subjectForm(subject), form);
}

void TestFederatedCredentials::expressions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("clauses");
    QTest::addColumn<int>("errorAt"); // 1-based position, 0 when valid
    QTest::newRow("one eq") << "claims['sub'] eq 'a'" << 1 << 0;
    QTest::newRow("matches and eq")
        << "claims['sub'] matches 'repo:o/*' and claims['ref'] eq 'refs/heads/main'" << 2 << 0;
    QTest::newRow("surrounding space") << "  claims['sub'] eq 'a'  " << 1 << 0;
    QTest::newRow("empty comparand") << "claims['x'] eq ''" << 1 << 0;
    QTest::newRow("empty") << "" << 0 << 1;
    QTest::newRow("unknown operator") << "claims['sub'] like 'a'" << 0 << 15;
    QTest::newRow("upper-case operator") << "claims['sub'] EQ 'a'" << 0 << 15;
    QTest::newRow("double quotes") << "claims[\"sub\"] eq 'a'" << 0 << 8;
    QTest::newRow("unterminated value") << "claims['sub'] eq 'a" << 0 << 18;
    QTest::newRow("or is not in the language") << "claims['a'] eq 'x' or claims['b'] eq 'y'" << 0 << 20;
    QTest::newRow("dangling and") << "claims['a'] eq 'x' and" << 0 << 23;
    QTest::newRow("no space before operator") << "claims['a']eq 'x'" << 0 << 12;
    QTest::newRow("empty claim name") << "claims[''] eq 'x'" << 0 << 8;
    QTest::newRow("not a claim lookup") << "sub eq 'x'" << 0 << 1;
    QTest::newRow("too long") << "claims['a'] eq '" + QString(5000, QLatin1Char('x')) + "'" << 0 << 4097;
}

void TestFederatedCredentials::expressions()
{
    QFETCH(QString, text);
    QFETCH(int, clauses);
    QFETCH(int, errorAt);
    const auto e = ClaimsExpression::parse(text);
    if (errorAt == 0) {
        QVERIFY2(e.ok(), e.ok() ? "" : qPrintable(e.error().toString()));
        QCOMPARE(e->clauses().size(), clauses);
        return;
    }
    QVERIFY(!e.ok());
    QCOMPARE(e.error().code, QString(Access::Codes::InvalidClaimsExpression));
    QCOMPARE(e.error().args, QStringList { QString::number(errorAt) });
    QVERIFY(Text::describe(e.error()).contains(QStringLiteral("at character %1").arg(errorAt)));
}

void TestFederatedCredentials::wildcards_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("matches");
    QTest::newRow("star tail") << "repo:o/*"
                               << "repo:o/r:ref:refs/heads/main" << true;
    QTest::newRow("star empty") << "a*b"
                                << "ab" << true;
    QTest::newRow("question one char") << "v?"
                                       << "v1" << true;
    QTest::newRow("question not zero") << "v?"
                                       << "v" << false;
    QTest::newRow("case-sensitive") << "Repo:*"
                                    << "repo:x" << false;
    QTest::newRow("two stars") << "repo:*/backup-*:ref:*"
                               << "repo:fabrikam/backup-vms:ref:refs/heads/x" << true;
    QTest::newRow("literal dot") << "a.b"
                                 << "aXb" << false;
    QTest::newRow("empty pattern") << ""
                                   << "" << true;
}

void TestFederatedCredentials::wildcards()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, matches);
    QCOMPARE(wildcardMatches(pattern, text), matches);
}

void TestFederatedCredentials::proposalFromToken()
{
    const QJsonObject claims = gitHubToken("repo:fabrikam/backup-drills:environment:staging");
    const FederatedCredential c = FederatedCredential::proposeFromToken(claims);
    QCOMPARE(c.issuer, kGitHub);
    QCOMPARE(c.subject, QStringLiteral("repo:fabrikam/backup-drills:environment:staging"));
    QCOMPARE(c.audiences, QStringList { kExchange });
    QCOMPARE(c.name, QStringLiteral("repo-fabrikam-backup-drills-environment-staging"));
    QVERIFY(FederatedCredential::isValidName(c.name));
    QCOMPARE(c.creationBody(),
             QJsonObject({ { "properties",
                             QJsonObject { { "issuer", kGitHub },
                                           { "subject", c.subject },
                                           { "audiences", QJsonArray { kExchange } } } } }));
    QVERIFY(FederatedCredential::validateNew(c, load(QStringLiteral("az"))).ok());
    // The proposal matches the token it came from.
    QVERIFY(matchFederatedCredentials({ c }, claims, options()).succeeds());
    QVERIFY(Text::proposalAudienceWarning(c).isEmpty());
    // The token's own audience when it names one: the exchange needs aud to contain it.
    QJsonObject custom = claims;
    custom.insert("aud", "https://github.com/fabrikam");
    const FederatedCredential own = FederatedCredential::proposeFromToken(custom);
    QCOMPARE(own.audiences, QStringList { "https://github.com/fabrikam" });
    QVERIFY(matchFederatedCredentials({ own }, custom, options()).succeeds());
    QVERIFY(Text::proposalAudienceWarning(own).contains(QStringLiteral("https://github.com/fabrikam")));
    custom.insert("aud", QJsonArray { "https://github.com/fabrikam", kExchange });
    QCOMPARE(FederatedCredential::proposeFromToken(custom).audiences, QStringList { kExchange });
    custom.insert("aud", QJsonArray { "urn:a", "urn:b" });
    QCOMPARE(FederatedCredential::proposeFromToken(custom).audiences, QStringList { "urn:a" });
    custom.insert("aud", QJsonArray { "urn:only" });
    QCOMPARE(FederatedCredential::proposeFromToken(custom).audiences, QStringList { "urn:only" });
    QCOMPARE(FederatedCredential::suggestName(QStringLiteral("::")), QStringLiteral("xxx"));
    QCOMPARE(FederatedCredential::suggestName(QString(300, QLatin1Char('a'))).size(), 120);
}

void TestFederatedCredentials::validateNew_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<int>("existing");
    QTest::addColumn<QString>("code");
    QTest::newRow("fine") << "new-cred" << kGitHub << "repo:o/r:pull_request" << 3 << "";
    QTest::newRow("bad name") << "-x" << kGitHub << "s" << 3 << QString(Access::Codes::InvalidCredentialName);
    QTest::newRow("http issuer") << "cred"
                                 << "http://idp"
                                 << "s" << 3 << QString(Access::Codes::CredentialIssuerNotHttps);
    QTest::newRow("no subject") << "cred" << kGitHub << "" << 3
                                << QString(Access::Codes::CredentialIncomplete);
    QTest::newRow("duplicate issuer and subject")
        << "cred" << kGitHub << "repo:fabrikam/backup-drills:ref:refs/heads/main" << 3
        << QString(Access::Codes::CredentialDuplicate);
    // A PUT to a taken name replaces that credential: only when asked for (Replace::Allow).
    QTest::newRow("a taken name is refused")
        << "github-main" << kGitHub << "repo:fabrikam/backup-drills:ref:refs/heads/main" << 3
        << QString(Access::Codes::CredentialNameTaken);
    QTest::newRow("twenty already") << "cred" << kGitHub << "s" << 20
                                    << QString(Access::Codes::CredentialLimitReached);
}

void TestFederatedCredentials::validateNew()
{
    QFETCH(QString, name);
    QFETCH(QString, issuer);
    QFETCH(QString, subject);
    QFETCH(int, existing);
    QFETCH(QString, code);
    QList<FederatedCredential> list = load(QStringLiteral("az"));
    for (int i = int(list.size()); i < existing; ++i) {
        FederatedCredential filler;
        filler.name = QStringLiteral("filler-%1").arg(i);
        filler.issuer = kGitHub;
        filler.subject = QStringLiteral("repo:o/r:ref:refs/heads/b%1").arg(i);
        filler.audiences = { kExchange };
        list << filler;
    }
    FederatedCredential c;
    c.name = name;
    c.issuer = issuer;
    c.subject = subject;
    c.audiences = { kExchange };
    const Result<void> r = FederatedCredential::validateNew(c, list);
    QCOMPARE(r.ok() ? QString() : r.error().code, code);
    if (code == QLatin1String(Access::Codes::CredentialNameTaken)) {
        QVERIFY(Text::describe(r.error()).contains(name));
        QVERIFY(FederatedCredential::validateNew(c, list, FederatedCredential::Replace::Allow).ok());
    }
    if (!r.ok())
        QVERIFY(!Text::describe(r.error()).contains(QLatin1Char('%')));
}

QTEST_GUILESS_MAIN(TestFederatedCredentials)
#include "tst_federatedcredentials.moc"
