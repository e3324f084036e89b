// Token inspection: kinds, claim meanings per issuer flavour, warnings, malformed input refused
// cleanly, the signature status stated exactly, and the ticket copy without its signature.
#include "access/accesscodes.h"
#include "access/federatedcredentialmatcher.h"
#include "access/tokeninspection.h"
#include "core/qtcompat.h"
#include "jose/randomtoken.h"
#include "testsigner.h"
#include "text/claimtext.h"
#include "text/errortext.h"
#include "text/tokentext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Access;

namespace {

const QDateTime kNow = Compat::utcDateTime(QDate(2026, 11, 30), QTime(10, 0));
const qint64 kT = kNow.toSecsSinceEpoch();
const QString kTenant = QStringLiteral("5f1c6a52-8d3e-4b0a-9c7e-2a4b6d8e0f11");

QByteArray part(const QJsonObject &o)
{
    return Jose::base64UrlEncode(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QByteArray unsignedJwt(const QJsonObject &claims, QJsonObject header = {})
{
    if (!header.contains(QStringLiteral("alg")))
        header.insert(QStringLiteral("alg"), QStringLiteral("RS256"));
    return part(header) + '.' + part(claims) + '.' + Jose::base64UrlEncode("not-a-real-signature");
}

QJsonObject entraV1Access()
{
    return QJsonObject { { "aud", "https://management.core.windows.net/" },
                         { "iss", "https://sts.windows.net/" + kTenant + "/" },
                         { "iat", kT - 300 },
                         { "nbf", kT - 300 },
                         { "exp", kT + 3600 },
                         { "acr", "1" },
                         { "aio", "AVQAq/8YAAAA" },
                         { "amr", QJsonArray { "pwd", "mfa" } },
                         { "appid", "04b07795-8ddb-461a-bbee-02f9e1bf7b46" },
                         { "appidacr", "0" },
                         { "idtyp", "user" },
                         { "ipaddr", "203.0.113.7" },
                         { "name", "Oscar Operator" },
                         { "oid", "b2d5f9a3-4c6e-4f80-8b2c-3d4e5f6a7b02" },
                         { "rh", "0.AQ" },
                         { "scp", "user_impersonation" },
                         { "sub", "pairwise-subject" },
                         { "tid", kTenant },
                         { "unique_name", "oscar@fabrikam.example" },
                         { "upn", "oscar@fabrikam.example" },
                         { "uti", "uti-1" },
                         { "ver", "1.0" },
                         { "wids", QJsonArray { "b79fbf4d-3ef9-4689-8143-76b194e85509" } } };
}

QJsonObject entraV2Access()
{
    return QJsonObject { { "aud", "6e74172b-be56-4843-9ff4-e66a39bb12e3" },
                         { "iss", "https://login.microsoftonline.com/" + kTenant + "/v2.0" },
                         { "iat", kT - 60 },
                         { "nbf", kT - 60 },
                         { "exp", kT + 3600 },
                         { "azp", "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f" },
                         { "azpacr", "2" },
                         { "oid", "f6b9d3e7-8002-43c4-8f60-7b8c9d0e1f06" },
                         { "roles", QJsonArray { "Backup.Read" } },
                         { "idtyp", "app" },
                         { "sub", "f6b9d3e7-8002-43c4-8f60-7b8c9d0e1f06" },
                         { "tid", kTenant },
                         { "ver", "2.0" } };
}

QJsonObject entraV1Id()
{
    return QJsonObject { { "aud", "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f" },
                         { "iss", "https://sts.windows.net/" + kTenant + "/" },
                         { "iat", kT - 60 },
                         { "nbf", kT - 60 },
                         { "exp", kT + 3600 },
                         { "amr", QJsonArray { "pwd" } },
                         { "name", "Rita Reader" },
                         { "oid", "a1c4e8f2-3b5d-4e7f-9a1b-2c3d4e5f6a01" },
                         { "sub", "s" },
                         { "tid", kTenant },
                         { "unique_name", "rita@fabrikam.example" },
                         { "ver", "1.0" } };
}

QJsonObject entraV2Id()
{
    return QJsonObject { { "aud", "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f" },
                         { "iss", "https://login.microsoftonline.com/" + kTenant + "/v2.0" },
                         { "iat", kT - 60 },
                         { "nbf", kT - 60 },
                         { "exp", kT + 3600 },
                         { "nonce", "n-0S6_WzA2Mj" },
                         { "name", "Rita Reader" },
                         { "oid", "a1c4e8f2-3b5d-4e7f-9a1b-2c3d4e5f6a01" },
                         { "preferred_username", "rita@fabrikam.example" },
                         { "rh", "0.AQ" },
                         { "sub", "s" },
                         { "tid", kTenant },
                         { "uti", "u" },
                         { "ver", "2.0" } };
}

QJsonObject keycloakAccess()
{
    return QJsonObject {
        { "iss", "https://sso.fabrikam.example/realms/backup" },
        { "aud", "restoredesk-api" },
        { "sub", "0b3f2c1e-keycloak-user" },
        { "typ", "Bearer" },
        { "azp", "restoredesk" },
        { "iat", kT - 30 },
        { "exp", kT + 270 },
        { "scope", "openid profile" },
        { "realm_access", QJsonObject { { "roles", QJsonArray { "backup-operators", "offline_access" } } } },
        { "resource_access",
          QJsonObject { { "restoredesk", QJsonObject { { "roles", QJsonArray { "restore-drills" } } } } } },
        { "preferred_username", "kai" }
    };
}

QJsonObject oktaAccess()
{
    return QJsonObject { { "ver", 1 },
                         { "jti", "AT.x" },
                         { "iss", "https://fabrikam.okta.com/oauth2/default" },
                         { "aud", "api://restoredesk" },
                         { "iat", kT - 10 },
                         { "exp", kT + 3590 },
                         { "cid", "0oa1restoredesk" },
                         { "uid", "00u1okta" },
                         { "scp", QJsonArray { "openid", "backup.read" } },
                         { "sub", "olga@fabrikam.example" },
                         { "groups", QJsonArray { "Backup-Operators", "Everyone" } } };
}

QJsonObject overage()
{
    QJsonObject c = entraV2Id();
    c.insert("_claim_names", QJsonObject { { "groups", "src1" } });
    c.insert("_claim_sources",
             QJsonObject {
                 { "src1",
                   QJsonObject {
                       { "endpoint", "https://graph.microsoft.com/v1.0/users/a1c4/getMemberObjects" } } } });
    return c;
}

QJsonObject fixture(const QString &name)
{
    if (name == QLatin1String("entra-v1-access"))
        return entraV1Access();
    if (name == QLatin1String("entra-v2-access"))
        return entraV2Access();
    if (name == QLatin1String("entra-v1-id"))
        return entraV1Id();
    if (name == QLatin1String("entra-v2-id"))
        return entraV2Id();
    if (name == QLatin1String("keycloak"))
        return keycloakAccess();
    if (name == QLatin1String("okta"))
        return oktaAccess();
    if (name == QLatin1String("overage"))
        return overage();
    return {};
}

InspectOptions options()
{
    InspectOptions o;
    o.clock = [] { return kNow; };
    return o;
}

QStringList codes(const TokenInspection &t)
{
    QStringList out;
    for (const TokenWarning &w : t.warnings)
        out << w.code;
    out.sort();
    return out;
}

} // namespace

class TestTokenInspection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kinds_data();
    void kinds();
    void meanings_data();
    void meanings();
    void valueNotes();
    void entriesAreATreeInPreOrder();
    void timesReadRelativeToTheClock();
    void warnings_data();
    void warnings();
    void warningsHaveSentences();
    void malformed_data();
    void malformed();
    void pastedFormsAreAccepted();
    void timeClaimsOutOfRangeAreClamped();
    void rawTextKeptAndDuplicateKeysFlagged();
    void signature_data();
    void signature();
    void ticketCopyHasNoSignature();
};

void TestTokenInspection::kinds_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("typ");
    QTest::addColumn<int>("flavour");
    QTest::addColumn<int>("use");
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("kindText");
    QTest::newRow("entra v1 access (ARM)") << "entra-v1-access"
                                           << "JWT" << int(TokenFlavour::Entra) << int(TokenUse::AccessToken)
                                           << int(TokenFormat::EntraV1) << "Entra ID v1 access token";
    QTest::newRow("entra v2 access (app-only)")
        << "entra-v2-access"
        << "JWT" << int(TokenFlavour::Entra) << int(TokenUse::AccessToken) << int(TokenFormat::EntraV2)
        << "Entra ID v2 access token";
    QTest::newRow("entra v1 id") << "entra-v1-id"
                                 << "JWT" << int(TokenFlavour::Entra) << int(TokenUse::IdToken)
                                 << int(TokenFormat::EntraV1) << "Entra ID v1 ID token";
    QTest::newRow("entra v2 id") << "entra-v2-id"
                                 << "JWT" << int(TokenFlavour::Entra) << int(TokenUse::IdToken)
                                 << int(TokenFormat::EntraV2) << "Entra ID v2 ID token";
    QTest::newRow("keycloak access") << "keycloak"
                                     << "JWT" << int(TokenFlavour::Keycloak) << int(TokenUse::AccessToken)
                                     << int(TokenFormat::Jwt) << "Keycloak access token";
    QTest::newRow("okta access") << "okta"
                                 << "JWT" << int(TokenFlavour::Okta) << int(TokenUse::AccessToken)
                                 << int(TokenFormat::Jwt) << "Okta access token";
    QTest::newRow("rfc 9068 access (typ at+jwt)")
        << "keycloak"
        << "at+jwt" << int(TokenFlavour::Keycloak) << int(TokenUse::AccessToken) << int(TokenFormat::Rfc9068)
        << "RFC 9068 access token (Keycloak)";
    QTest::newRow("rfc 9068, media type form")
        << "okta"
        << "application/at+jwt" << int(TokenFlavour::Okta) << int(TokenUse::AccessToken)
        << int(TokenFormat::Rfc9068) << "RFC 9068 access token (Okta)";
}

void TestTokenInspection::kinds()
{
    QFETCH(QString, fixture);
    QFETCH(QString, typ);
    QFETCH(int, flavour);
    QFETCH(int, use);
    QFETCH(int, format);
    QFETCH(QString, kindText);
    const auto t = inspectToken(unsignedJwt(::fixture(fixture), QJsonObject { { "typ", typ } }), options());
    QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().toString()));
    QCOMPARE(int(t->flavour), flavour);
    QCOMPARE(int(t->use), use);
    QCOMPARE(int(t->format), format);
    QCOMPARE(Text::tokenKindText(t.value()), kindText);
}

void TestTokenInspection::meanings_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("section");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("mentions");
    const int P = int(ClaimEntry::Section::Payload);
    const int H = int(ClaimEntry::Section::Header);
    QTest::newRow("entra oid is the RBAC key") << "entra-v1-access" << P << "oid"
                                               << "Azure RBAC uses";
    QTest::newRow("entra v1 appid") << "entra-v1-access" << P << "appid"
                                    << "v1 name of azp";
    QTest::newRow("entra scp is delegated") << "entra-v1-access" << P << "scp"
                                            << "Delegated scopes";
    QTest::newRow("entra iss names both versions") << "entra-v1-access" << P << "iss"
                                                   << "sts.windows.net";
    QTest::newRow("entra aio is opaque") << "entra-v1-access" << P << "aio"
                                         << "Ignore";
    QTest::newRow("entra wids") << "entra-v1-access" << P << "wids"
                                << "directory role";
    QTest::newRow("entra v2 azpacr") << "entra-v2-access" << P << "azpacr"
                                     << "2 certificate";
    QTest::newRow("entra v2 idtyp") << "entra-v2-access" << P << "idtyp"
                                    << "app-only";
    QTest::newRow("entra v2 sub is pairwise") << "entra-v2-id" << P << "sub"
                                              << "Pairwise";
    QTest::newRow("standard nonce in an entra id token") << "entra-v2-id" << P << "nonce"
                                                         << "nonce";
    QTest::newRow("standard header alg") << "entra-v2-id" << H << "alg"
                                         << "allow-list";
    QTest::newRow("keycloak realm roles (nested)") << "keycloak" << P << "realm_access.roles"
                                                   << "Realm roles";
    QTest::newRow("keycloak client roles (any client)")
        << "keycloak" << P << "resource_access.restoredesk.roles"
        << "Client roles";
    QTest::newRow("keycloak typ claim") << "keycloak" << P << "typ"
                                        << "Bearer";
    QTest::newRow("keycloak falls back to standard") << "keycloak" << P << "azp"
                                                     << "Authorized party";
    QTest::newRow("okta groups") << "okta" << P << "groups"
                                 << "Okta groups";
    QTest::newRow("okta cid") << "okta" << P << "cid"
                              << "Client id";
    QTest::newRow("overage _claim_names") << "overage" << P << "_claim_names"
                                          << "Group overage";
    QTest::newRow("overage _claim_sources") << "overage" << P << "_claim_sources"
                                            << "Graph";
}

void TestTokenInspection::meanings()
{
    QFETCH(QString, fixture);
    QFETCH(int, section);
    QFETCH(QString, path);
    QFETCH(QString, mentions);
    const auto t = inspectToken(unsignedJwt(::fixture(fixture)), options());
    QVERIFY(t.ok());
    const ClaimEntry *found = nullptr;
    for (const ClaimEntry &e : t->entries) {
        if (int(e.section) == section && e.path == path)
            found = &e;
    }
    QVERIFY2(found, qPrintable(path));
    const QString meaning = Text::claimMeaning(t->flavour, *found);
    QVERIFY2(meaning.contains(mentions), qPrintable(meaning));
}

void TestTokenInspection::valueNotes()
{
    const auto t = inspectToken(unsignedJwt(entraV1Access()), options());
    QVERIFY(t.ok());
    QStringList notes;
    for (const ClaimEntry &e : t->entries) {
        if (e.claim == QLatin1String("amr") || e.claim == QLatin1String("appidacr"))
            notes << Text::claimValueNote(t->flavour, e);
    }
    QVERIFY(notes.contains(QStringLiteral("multi-factor authentication")));
    QVERIFY(notes.contains(QStringLiteral("public client (no secret)")));
    // Unknown flavours and array parents get no note and no meaning for the elements.
    QCOMPARE(Text::claimMeaning(TokenFlavour::Entra, ClaimEntry::Section::Payload, QStringLiteral("amr[0]")),
             QString());
    QCOMPARE(
        Text::claimMeaning(TokenFlavour::Generic, ClaimEntry::Section::Payload, QStringLiteral("no_such")),
        QString());
}

void TestTokenInspection::entriesAreATreeInPreOrder()
{
    const auto t = inspectToken(unsignedJwt(keycloakAccess()), options());
    QVERIFY(t.ok());
    QStringList paths;
    for (const ClaimEntry &e : t->entries) {
        if (e.claim == QLatin1String("resource_access") || e.claim == QLatin1String("realm_access"))
            paths << e.path;
        if (e.parent >= 0) {
            QCOMPARE(t->entries.at(e.parent).depth + 1, e.depth);
            QVERIFY(e.path.startsWith(t->entries.at(e.parent).path));
        }
    }
    QCOMPARE(paths,
             QStringList({ "realm_access", "realm_access.roles", "realm_access.roles[0]",
                           "realm_access.roles[1]", "resource_access", "resource_access.restoredesk",
                           "resource_access.restoredesk.roles", "resource_access.restoredesk.roles[0]" }));
    QCOMPARE(t->entries.first().section, ClaimEntry::Section::Header);
}

void TestTokenInspection::timesReadRelativeToTheClock()
{
    QJsonObject c = entraV2Id();
    c.insert("exp", kT + 12 * 60);
    c.insert("iat", kT - 3 * 60);
    const auto t = inspectToken(unsignedJwt(c), options());
    QVERIFY(t.ok());
    for (const ClaimEntry &e : t->entries) {
        if (e.path == QLatin1String("exp")) {
            QCOMPARE(e.kind, ClaimEntry::Kind::Time);
            QCOMPARE(e.secondsFromNow, 720);
            QCOMPARE(e.time, kNow.addSecs(720));
            const QString text = Text::timeClaimText(e);
            QVERIFY2(text.startsWith(QStringLiteral("2026-11-30 10:12:00 UTC (")), qPrintable(text));
            QVERIFY2(text.endsWith(QStringLiteral("expires in 12 min")), qPrintable(text));
        } else if (e.path == QLatin1String("iat")) {
            QCOMPARE(Text::timeClaimPhrase(e.claim, e.secondsFromNow), QStringLiteral("issued 3 min ago"));
        } else if (e.path == QLatin1String("tid")) {
            QCOMPARE(e.kind, ClaimEntry::Kind::String);
        }
    }
    QCOMPARE(Text::timeClaimPhrase(QStringLiteral("exp"), -3600 * 5), QStringLiteral("expired 5 h ago"));
    QCOMPARE(Text::relativeText(3 * 86400), QStringLiteral("in 3 day(s)"));
}

void TestTokenInspection::warnings_data()
{
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("apiAudience");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("firstArgs");
    const QJsonObject base { { "iss", "https://idp.example" }, { "sub", "s" }, { "aud", "api://x" } };
    auto with = [&base](std::initializer_list<std::pair<const char *, QJsonValue>> extra) {
        QJsonObject o = base;
        for (const auto &[k, v] : extra)
            o.insert(QLatin1String(k), v);
        return o;
    };
    QTest::newRow("healthy") << with({ { "iat", kT - 60 }, { "exp", kT + 3600 } }) << "RS256"
                             << "" << QStringList {} << QStringList {};
    QTest::newRow("expired") << with({ { "iat", kT - 3660 }, { "exp", kT - 60 } }) << "RS256"
                             << "" << QStringList { "expired" }
                             << QStringList { "2026-11-30T09:59:00Z", "60" };
    QTest::newRow("not yet valid") << with({ { "nbf", kT + 900 }, { "exp", kT + 4500 } }) << "RS256"
                                   << "" << QStringList { "not_yet_valid" }
                                   << QStringList { "2026-11-30T10:15:00Z", "900" };
    QTest::newRow("nbf a little ahead is skew")
        << with({ { "nbf", kT + 120 }, { "exp", kT + 3720 } }) << "RS256"
        << "" << QStringList { "clock_skew" } << QStringList { "nbf", "120" };
    QTest::newRow("iat far in the future")
        << with({ { "iat", kT + 3600 }, { "exp", kT + 7200 } }) << "RS256"
        << "" << QStringList { "iat_in_future" } << QStringList { "2026-11-30T11:00:00Z", "3600" };
    QTest::newRow("iat a little ahead is skew")
        << with({ { "iat", kT + 90 }, { "exp", kT + 3690 } }) << "RS256"
        << "" << QStringList { "clock_skew" } << QStringList { "iat", "90" };
    QTest::newRow("iat within a minute is fine")
        << with({ { "iat", kT + 30 }, { "exp", kT + 3630 } }) << "RS256"
        << "" << QStringList {} << QStringList {};
    QTest::newRow("lifetime over 24 h")
        << with({ { "iat", kT - 60 }, { "exp", kT - 60 + 25 * 3600 } }) << "RS256"
        << "" << QStringList { "long_lifetime" } << QStringList { "25" };
    QTest::newRow("lifetime exactly 24 h is fine")
        << with({ { "iat", kT - 60 }, { "exp", kT - 60 + 24 * 3600 } }) << "RS256"
        << "" << QStringList {} << QStringList {};
    QTest::newRow("lifetime under 5 min") << with({ { "iat", kT - 10 }, { "exp", kT + 110 } }) << "RS256"
                                          << "" << QStringList { "short_lifetime" } << QStringList { "120" };
    QTest::newRow("exp before iat") << with({ { "iat", kT - 10 }, { "exp", kT - 20 } }) << "RS256"
                                    << "" << QStringList { "expired", "invalid_lifetime" } << QStringList {};
    QTest::newRow("no exp") << with({ { "iat", kT } }) << "RS256"
                            << "" << QStringList { "missing_exp" } << QStringList {};
    QTest::newRow("exp as a string") << with({ { "iat", kT }, { "exp", "tomorrow" } }) << "RS256"
                                     << "" << QStringList { "time_not_numeric" } << QStringList { "exp" };
    QTest::newRow("alg none") << with({ { "exp", kT + 60 } }) << "none"
                              << "" << QStringList { "alg_none" } << QStringList {};
    QTest::newRow("alg HS256") << with({ { "exp", kT + 60 } }) << "HS256"
                               << "" << QStringList { "alg_hmac" } << QStringList { "HS256" };
    QTest::newRow("alg outside the safe list")
        << with({ { "exp", kT + 60 } }) << "ES512"
        << "" << QStringList { "unusual_alg" } << QStringList { "ES512" };
    QTest::newRow("access token for another API")
        << with({ { "exp", kT + 60 }, { "scp", "User.Read" }, { "aud", "https://graph.microsoft.com" } })
        << "RS256"
        << "https://management.azure.com/" << QStringList { "audience_not_api" }
        << QStringList { "https://graph.microsoft.com", "https://management.azure.com/" };
    QTest::newRow("ARM's older audience is ARM")
        << with({ { "exp", kT + 60 },
                  { "scp", "user_impersonation" },
                  { "aud", "https://management.core.windows.net/" } })
        << "RS256"
        << "https://management.azure.com/" << QStringList {} << QStringList {};
    QTest::newRow("ID tokens are not checked against the API")
        << with({ { "exp", kT + 60 }, { "nonce", "n" }, { "aud", "client" } }) << "RS256"
        << "https://management.azure.com/" << QStringList {} << QStringList {};
    QJsonObject over = overage();
    QTest::newRow("group overage") << over << "RS256"
                                   << "" << QStringList { "group_overage" }
                                   << QStringList {
                                          "https://graph.microsoft.com/v1.0/users/a1c4/getMemberObjects"
                                      };
    QTest::newRow("hasgroups") << with({ { "exp", kT + 60 }, { "hasgroups", true } }) << "RS256"
                               << "" << QStringList { "groups_dropped" } << QStringList {};
}

void TestTokenInspection::warnings()
{
    QFETCH(QJsonObject, claims);
    QFETCH(QString, alg);
    QFETCH(QString, apiAudience);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, firstArgs);
    InspectOptions o = options();
    o.apiAudience = apiAudience;
    const auto t = inspectToken(unsignedJwt(claims, QJsonObject { { "alg", alg } }), o);
    QVERIFY(t.ok());
    QCOMPARE(codes(t.value()), expected);
    if (!firstArgs.isEmpty())
        QCOMPARE(t->warnings.first().args, firstArgs);
}

void TestTokenInspection::warningsHaveSentences()
{
    for (const QLatin1String code : Warnings::All) {
        const QString text
            = Text::warningText(TokenWarning { code, TokenWarning::Severity::Warning, { "A1", "A2", "A3" } });
        QVERIFY2(text != code && text.size() > 20, qPrintable(QString(code)));
        QVERIFY2(!text.contains(QLatin1Char('%')), qPrintable(text));
    }
    const QString overage = Text::warningText(TokenWarning {
        Warnings::GroupOverage, TokenWarning::Severity::Warning, { "https://graph.example/x" } });
    QVERIFY(overage.contains(QStringLiteral("https://graph.example/x")));
    QVERIFY(overage.contains(QStringLiteral("Graph")));
}

void TestTokenInspection::malformed_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    const QByteArray h = part(QJsonObject { { "alg", "RS256" } });
    const QByteArray p = part(QJsonObject { { "sub", "x" } });
    auto nested = [](int depth) {
        QByteArray json = "{\"deep\":";
        for (int i = 0; i < depth; ++i)
            json += '[';
        json += '1';
        for (int i = 0; i < depth; ++i)
            json += ']';
        return Jose::base64UrlEncode(json + '}');
    };
    QTest::newRow("empty") << QByteArray() << "token_empty"
                           << "No token";
    QTest::newRow("only whitespace") << QByteArray(" \n\t ") << "token_empty"
                                     << "No token";
    QTest::newRow("no dots (opaque)") << QByteArray("opaque-access-token") << "token_not_jws"
                                      << "this one has 1.";
    QTest::newRow("one dot") << (h + '.' + p) << "token_not_jws"
                             << "this one has 2.";
    QTest::newRow("four dots (JWE)") << QByteArray("a.b.c.d.e") << "token_encrypted"
                                     << "encrypted";
    QTest::newRow("bad base64 in the payload") << (h + ".*notb64*.c2ln") << "token_malformed"
                                               << "base64url";
    QTest::newRow("header is not JSON")
        << (Jose::base64UrlEncode("nope") + '.' + p + ".c2ln") << "token_malformed"
        << "not valid JSON";
    QTest::newRow("payload is an array")
        << (h + '.' + Jose::base64UrlEncode("[1,2]") + ".c2ln") << "token_malformed"
        << "not an object";
    QTest::newRow("header without alg")
        << (part(QJsonObject { { "typ", "JWT" } }) + '.' + p + ".c2ln") << "token_malformed"
        << "alg";
    QTest::newRow("huge") << QByteArray(Jose::Jwt::kMaxCompactSize + 1, 'a') << "token_too_large"
                          << "65537";
    QTest::newRow("huge with dots") << (h + '.' + QByteArray(Jose::Jwt::kMaxCompactSize, 'A') + ".c2ln")
                                    << "token_too_large"
                                    << "65536";
    QTest::newRow("nested deeper than the limit")
        << (h + '.' + nested(17) + ".c2ln") << "token_nesting_too_deep"
        << "16 levels";
    QTest::newRow("nested past the JSON parser's own limit")
        << (h + '.' + nested(3000) + ".c2ln") << "token_malformed"
        << "JSON";
}

void TestTokenInspection::malformed()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    const auto t = inspectToken(token, options());
    QVERIFY(!t.ok());
    QCOMPARE(t.error().code, code);
    const QString sentence = Text::describe(t.error());
    QVERIFY2(sentence.contains(mentions), qPrintable(sentence));
}

void TestTokenInspection::pastedFormsAreAccepted()
{
    const QByteArray token = unsignedJwt(entraV2Id());
    const QByteArray wrapped
        = "Bearer " + token.left(40) + "\r\n  " + token.mid(40, 30) + '\n' + token.mid(70);
    const auto t = inspectToken(wrapped, options());
    QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().toString()));
    QCOMPARE(t->jwt.claims, entraV2Id());
    // Nesting up to the limit is fine.
    QJsonValue v = 1;
    for (int i = 0; i < 16; ++i)
        v = QJsonArray { v };
    InspectOptions o = options();
    QVERIFY(inspectToken(unsignedJwt(QJsonObject { { "deep", v }, { "exp", kT + 60 } }), o).ok());
}

void TestTokenInspection::timeClaimsOutOfRangeAreClamped()
{
    // 1e300 does not fit a qint64: casting it is undefined. It is clamped and named instead.
    const QJsonObject claims {
        { "iss", "https://idp.example" }, { "sub", "s" }, { "exp", 1e300 }, { "iat", -1e300 }, { "nbf", 1e19 }
    };
    const auto t = inspectToken(unsignedJwt(claims), options());
    QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().toString()));
    QStringList outOfRange;
    for (const TokenWarning &w : t->warnings) {
        if (w.code == QLatin1String(Warnings::TimeOutOfRange))
            outOfRange << w.args.first();
    }
    outOfRange.sort();
    QCOMPARE(outOfRange, (QStringList { "exp", "iat", "nbf" }));
    for (const ClaimEntry &e : t->entries) {
        if (e.kind != ClaimEntry::Kind::Time)
            continue;
        QVERIFY2(e.time.isValid(), qPrintable(e.name));
        QVERIFY(e.time.date().year() >= 1 && e.time.date().year() <= 9999);
    }
    QVERIFY(!t->hasWarning(QLatin1String(Warnings::Expired))); // the far future is not the past
    QVERIFY(Text::warningText(t->warnings.first()).size() > 0);
    // The federated-credential tester reads the same claims: not expired, but not yet valid.
    FicMatchOptions o;
    o.clock = [] { return kNow; };
    QCOMPARE(matchFederatedCredentials({}, claims, o).time.outcome, AssertionTime::Outcome::NotYetValid);
}

void TestTokenInspection::rawTextKeptAndDuplicateKeysFlagged()
{
    // Two `sub`s (one spelled with an escape) and a nested repeat: Qt keeps the last, others the first.
    const QByteArray header = R"({"alg":"none","typ":"JWT"})";
    const QByteArray payload = R"({"iss":"https://idp.example","sub":"kai","\u0073ub":"admin","exp":)"
        + QByteArray::number(kT + 60) + R"(,"x":{"r":[1,{"a":1,"a":2}],"r":0},"zz":1,"aa":2})";
    const QByteArray token = Jose::base64UrlEncode(header) + '.' + Jose::base64UrlEncode(payload) + '.';
    const auto t = inspectToken(token, options());
    QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().toString()));
    QCOMPARE(t->rawPayload, payload); // as sent: key order and duplicates kept
    QCOMPARE(t->rawHeader, header);
    QStringList flagged;
    for (const TokenWarning &w : t->warnings) {
        if (w.code == QLatin1String(Warnings::DuplicateKeys))
            flagged << w.args.join(QLatin1Char(':'));
    }
    QCOMPARE(flagged, QStringList { "payload:sub, x.r[].a, x.r" });
    QVERIFY(Text::warningText(TokenWarning { QString(Warnings::DuplicateKeys),
                                             TokenWarning::Severity::Critical,
                                             { "payload", "sub" } })
                .contains(QStringLiteral("sub")));
    // Nothing flagged for an honest token.
    const auto honest = inspectToken(unsignedJwt(entraV2Id()), options());
    QVERIFY(!honest->hasWarning(QLatin1String(Warnings::DuplicateKeys)));
}

void TestTokenInspection::signature_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("mentions");
    using S = SignatureStatus::State;
    QTest::newRow("verified with the issuer's key") << "verified" << int(S::Verified) << ""
                                                    << "key k1";
    QTest::newRow("rfc 9068 access token verified") << "at+jwt" << int(S::Verified) << ""
                                                    << "key k1";
    QTest::newRow("not checked until asked") << "unchecked" << int(S::NotChecked) << "keys_not_fetched"
                                             << "never contacts";
    QTest::newRow("an access token for this console's own API is checked")
        << "own-api" << int(S::Verified) << ""
        << "key k1";
    QTest::newRow("own API, but a header nonce (Entra's Graph-style tokens)")
        << "own-api-nonce" << int(S::NotVerifiable) << "access_token_for_api"
        << "management";
    QTest::newRow("entra access token is for its API")
        << "entra-access" << int(S::NotVerifiable) << "access_token_for_api"
        << "management.core.windows.net";
    QTest::newRow("keys of another issuer")
        << "other-issuer" << int(S::NotVerifiable) << "keys_of_other_issuer"
        << "https://other.example";
    QTest::newRow("hmac needs the secret") << "hs256" << int(S::NotVerifiable) << "hmac_shared_secret"
                                           << "HS256";
    QTest::newRow("unsigned") << "none" << int(S::Failed) << "unsigned"
                              << "unsigned";
    QTest::newRow("altered payload") << "tampered" << int(S::Failed) << "bad_signature"
                                     << "altered";
    QTest::newRow("unknown key id") << "unknown-kid" << int(S::Failed) << "unknown_kid"
                                    << "\"k1\"";
    QTest::newRow("algorithm not accepted") << "alg-not-allowed" << int(S::Failed) << "alg_not_allowed"
                                            << "ES256";
}

void TestTokenInspection::signature()
{
    QFETCH(QString, scenario);
    QFETCH(int, state);
    QFETCH(QString, reason);
    QFETCH(QString, mentions);
    const QString issuer = QStringLiteral("https://idp.example");
    Test::TestSigner signer(QStringLiteral("RS256"), QStringLiteral("k1"));
    Test::TestSigner stranger(QStringLiteral("RS256"), QStringLiteral("k2"));
    Test::TestSigner ec(QStringLiteral("ES256"), QStringLiteral("k1"));
    QJsonObject claims {
        { "iss", issuer }, { "sub", "s" }, { "aud", "client" }, { "nonce", "n" }, { "exp", kT + 60 }
    };
    QJsonObject header;
    SignatureKeys keys;
    keys.issuer = issuer;
    keys.keys = Jose::JwkSet::fromJson(
                    QJsonDocument(QJsonObject { { "keys", QJsonArray { signer.publicJwk() } } }).toJson())
                    .value();
    QByteArray token;
    bool verify = true;
    InspectOptions inspect = options();
    if (scenario == QLatin1String("verified")) {
        token = signer.sign(header, claims);
    } else if (scenario == QLatin1String("at+jwt")) {
        claims.remove("nonce");
        claims.insert("client_id", "restoredesk");
        token = signer.sign(QJsonObject { { "typ", "at+jwt" } }, claims);
    } else if (scenario == QLatin1String("unchecked")) {
        token = signer.sign(header, claims);
        verify = false;
    } else if (scenario == QLatin1String("entra-access")) {
        token = signer.sign(header, entraV1Access());
    } else if (scenario.startsWith(QLatin1String("own-api"))) {
        QJsonObject own = entraV1Access();
        own.insert("iss", issuer);
        if (scenario.endsWith(QLatin1String("nonce")))
            header.insert("nonce", "f1Jc9iIqJ4nhKQ");
        token = signer.sign(header, own);
    } else if (scenario == QLatin1String("other-issuer")) {
        token = signer.sign(header, claims);
        keys.issuer = QStringLiteral("https://other.example");
    } else if (scenario == QLatin1String("hs256")) {
        token = Test::TestSigner::signHs256("secret", header, claims);
    } else if (scenario == QLatin1String("none")) {
        token = Test::TestSigner::unsignedToken(claims);
    } else if (scenario == QLatin1String("tampered")) {
        const QByteArray good = signer.sign(header, claims);
        QJsonObject changed = claims;
        changed.insert("sub", "admin");
        token = good.left(good.indexOf('.')) + '.' + part(changed) + good.mid(good.lastIndexOf('.'));
    } else if (scenario == QLatin1String("unknown-kid")) {
        keys.keys
            = Jose::JwkSet::fromJson(
                  QJsonDocument(QJsonObject { { "keys", QJsonArray { stranger.publicJwk() } } }).toJson())
                  .value();
        token = signer.sign(header, claims);
    } else if (scenario == QLatin1String("alg-not-allowed")) {
        keys.keys = Jose::JwkSet::fromJson(
                        QJsonDocument(QJsonObject { { "keys", QJsonArray { ec.publicJwk() } } }).toJson())
                        .value();
        token = ec.sign(header, claims);
    }
    if (scenario.startsWith(QLatin1String("own-api")) || scenario == QLatin1String("entra-access")) {
        // The profile's API: ARM under its newer name (the token says management.core.windows.net),
        // or another API altogether.
        inspect.apiAudience = scenario == QLatin1String("entra-access")
            ? QStringLiteral("https://vault.azure.net")
            : QStringLiteral("https://management.azure.com/");
        inspect.hint = TokenUse::AccessToken;
    }
    const auto t = inspectToken(token, inspect);
    QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().toString()));
    const SignatureStatus s = verify ? verifySignature(t.value(), keys) : t->signature;
    QCOMPARE(int(s.state), state);
    if (!reason.isEmpty())
        QCOMPARE(s.reason, reason);
    if (s.state == SignatureStatus::State::Verified)
        QCOMPARE(s.keyId, QStringLiteral("k1"));
    const QString text = Text::signatureText(s);
    QVERIFY2(text.contains(mentions), qPrintable(text));
    QVERIFY(!text.contains(QLatin1Char('%')));
}

void TestTokenInspection::ticketCopyHasNoSignature()
{
    Test::TestSigner signer(QStringLiteral("RS256"), QStringLiteral("k1"));
    const QByteArray token = signer.sign({}, entraV2Id());
    const auto t = inspectToken(token, options());
    QVERIFY(t.ok());
    const QString ticket = Text::ticketCopy(t.value());
    const QByteArray signature = token.mid(token.lastIndexOf('.') + 1);
    QVERIFY(signature.size() > 100);
    QVERIFY(!ticket.contains(QString::fromLatin1(signature.left(24))));
    QVERIFY(!ticket.contains(QString::fromLatin1(token.left(token.indexOf('.')))));
    QVERIFY(ticket.startsWith(QStringLiteral("# Decoded JWT for a ticket: the SIGNATURE WAS REMOVED")));
    QVERIFY(ticket.contains(QStringLiteral("Entra ID v2 ID token")));
    const QJsonObject json
        = QJsonDocument::fromJson(ticket.mid(ticket.indexOf(QLatin1Char('{'))).toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("signature")).toString(), QStringLiteral("REMOVED"));
    QCOMPARE(json.value(QStringLiteral("payload")).toObject(), entraV2Id());
    QCOMPARE(json.value(QStringLiteral("header")).toObject().value(QStringLiteral("kid")).toString(),
             QStringLiteral("k1"));
}

QTEST_GUILESS_MAIN(TestTokenInspection)
#include "tst_tokeninspection.moc"
