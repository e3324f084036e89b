// AccessService over a canned ARM endpoint: which requests a question costs (one permissions
// call per distinct scope, all at once, the resource form without an empty segment, none at a
// subscription), how answers become verdicts (pages followed, a refused permissions call is
// "cannot tell", other errors fail), the subscription-scope evaluation of role assignments, and
// the job's shape (reports once, after check() returns; cancel and owner death).
#include "access/accesscodes.h"
#include "access/accessservice.h"
#include "access/credentialservice.h"
#include "arm/armclient.h"
#include "cannedhttpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>
#include <QUrlQuery>

using namespace RestoreDesk;
using namespace RestoreDesk::Access;
using RestoreDesk::Test::CannedHttpServer;
using State = RequirementCheck::State;

namespace {

const QString kSub = QStringLiteral("/subscriptions/11111111-2222-3333-4444-555555555555");
const QString kRg = kSub + QStringLiteral("/resourceGroups/rg-backup");
const QString kVault = kRg + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/rsv-one");
const QString kTargetRg = kSub + QStringLiteral("/resourceGroups/rg-target");
const QString kStorage = kSub
    + QStringLiteral("/resourceGroups/rg-staging/providers/Microsoft.Storage/storageAccounts/stagingsa");
const QString kOid = QStringLiteral("0a0a0a0a-0000-4000-8000-000000000001");
const QString kReaderGuid = QStringLiteral("acdd72a7-3385-48ef-bd42-f606fba81ae7");
const QString kOperatorGuid = QStringLiteral("00c29273-979b-4161-815c-10b084fb9324");

class FixedTokens final : public Arm::TokenProvider
{
public:
    QByteArray accessToken() const override { return "token-1"; }
    void renew(const QByteArray &, std::function<void(Result<void>)> done) override
    {
        done(Error::make(Error::Kind::Auth, QStringLiteral("no_renewal")));
    }
};

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray permissionsBody(const QStringList &actions, const QString &nextLink = {})
{
    QJsonObject o { { "value",
                      QJsonArray { QJsonObject { { "actions", QJsonArray::fromStringList(actions) },
                                                 { "notActions", QJsonArray() } } } } };
    if (!nextLink.isEmpty())
        o.insert("nextLink", nextLink);
    return json(o);
}

QByteArray armError(int status, const char *code)
{
    return CannedHttpServer::response(
        status, json({ { "error", QJsonObject { { "code", code }, { "message", "no" } } } }),
        { { "x-ms-correlation-request-id", "corr-403" } });
}

QJsonObject assignment(const QString &principal, const QString &roleGuid, const QString &scope)
{
    return QJsonObject {
        { "id", scope + "/providers/Microsoft.Authorization/roleAssignments/" + principal.left(8) },
        { "name", principal.left(8) },
        { "properties",
          QJsonObject {
              { "roleDefinitionId", kSub + "/providers/Microsoft.Authorization/roleDefinitions/" + roleGuid },
              { "principalId", principal },
              { "principalType", "User" },
              { "scope", scope } } }
    };
}

QString pathOf(const QByteArray &target)
{
    return QUrl(QString::fromLatin1(target)).path();
}

} // namespace

class TestAccessService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void restoreAsksEachScopeOnceAtOnce();
    void permissionsPagesAreFollowed();
    void refusedPermissionsCallIsCannotTell();
    void otherErrorsFailTheCheck();
    void subscriptionScopeEvaluatesAssignments_data();
    void subscriptionScopeEvaluatesAssignments();
    void withoutCallerSubscriptionIsCannotTell();
    void denyAssignmentBlocksWhatRolesGrant();
    void missingGroupsClaimIsCannotTell_data();
    void missingGroupsClaimIsCannotTell();
    void unreadDenyAssignmentsMakeAYesCannotTell();
    void invalidScopeReportsAfterReturning();
    void hereGathersTheView();
    void cancelAndOwnerDeath();
    void paths();
    void identityIds_data();
    void identityIds();
    void credentialWriteCarriesTheRecordedCorrelation();

private:
    // Answers by path (lower case); anything else is a 404.
    void serve(QHash<QString, QByteArray> byPath);
    std::optional<Result<AccessCheck>> runCheck(BackupOperation::Id op, const QString &scope,
                                                const RestoreTarget &target = {});

    std::unique_ptr<CannedHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    FixedTokens m_tokens;
    std::unique_ptr<Arm::ArmClient> m_arm;
    std::unique_ptr<AccessService> m_service;
    QObject m_owner;
};

void TestAccessService::init()
{
    m_service.reset();
    m_arm.reset();
    m_server = std::make_unique<CannedHttpServer>();
    QVERIFY(m_server->start());
    m_nam = std::make_unique<QNetworkAccessManager>();
    Net::Transport t;
    t.nam = m_nam.get();
    m_arm = std::make_unique<Arm::ArmClient>(t, &m_tokens, m_server->url(QString()));
    Arm::ArmClient::Options o;
    o.baseDelayMs = 10;
    o.maxDelayMs = 20;
    m_arm->setOptions(o);
    m_service = std::make_unique<AccessService>(m_arm.get());
}

void TestAccessService::serve(QHash<QString, QByteArray> byPath)
{
    m_server->setHandler([byPath](const CannedHttpServer::Seen &seen) {
        const QString path = pathOf(seen.target).toLower();
        QByteArray answer = byPath.value(path);
        // No deny assignments, unless the test says otherwise.
        if (answer.isEmpty()
            && path.endsWith(QLatin1String("/providers/microsoft.authorization/denyassignments")))
            answer = "{\"value\":[]}";
        if (answer.isEmpty())
            return armError(404, "ResourceNotFound");
        return answer.startsWith("HTTP/") ? answer : CannedHttpServer::response(200, answer);
    });
}

std::optional<Result<AccessCheck>> TestAccessService::runCheck(BackupOperation::Id op, const QString &scope,
                                                               const RestoreTarget &target)
{
    std::optional<Result<AccessCheck>> out;
    int reports = 0;
    m_service->check(BackupOperation::get(op), scope, target, &m_owner, [&](Result<AccessCheck> r) {
        ++reports;
        out = r;
    });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 10000))
        return std::nullopt;
    QTest::qWait(20);
    if (reports != 1)
        return Result<AccessCheck>(Error::make(Error::Kind::Internal, QStringLiteral("reported_twice")));
    return out;
}

void TestAccessService::restoreAsksEachScopeOnceAtOnce()
{
    const QString perms = QStringLiteral("/providers/microsoft.authorization/permissions");
    serve({ { kVault.toLower() + perms,
              permissionsBody({ "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/"
                                "protectedItems/*",
                                "Microsoft.RecoveryServices/Vaults/backupJobs/read" }) },
            { kStorage.toLower() + perms, permissionsBody({ "Microsoft.Storage/storageAccounts/write" }) },
            { kTargetRg.toLower() + perms, permissionsBody({ "Microsoft.Compute/*/read" }) } });
    RestoreTarget target;
    target.kind = RestoreTarget::Kind::RestoreDisks;
    target.storageAccountId = kStorage;
    target.targetResourceGroupId = kTargetRg + QLatin1Char('/'); // the same scope, written otherwise
    const auto r = runCheck(BackupOperation::Id::Restore, kVault, target);
    QVERIFY(r.has_value());
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().toString()));

    // Three distinct scopes, three calls, all in flight together; the resource form has no "//".
    QCOMPARE(m_server->requests().size(), 3);
    QSet<QString> paths;
    for (const auto &seen : m_server->requests()) {
        QVERIFY2(!seen.target.contains("//"), seen.target.constData());
        QCOMPARE(QUrlQuery(QUrl(QString::fromLatin1(seen.target))).queryItemValue("api-version"),
                 QStringLiteral("2022-04-01"));
        paths << pathOf(seen.target);
    }
    QVERIFY(paths.contains(kVault + QStringLiteral("/providers/Microsoft.Authorization/permissions")));
    QCOMPARE(paths.size(), 3);
    QCOMPARE(m_arm->peakInFlight(), 3);

    // The vault and the staging account are fine; the target group lacks disks/write.
    const AccessCheck &c = r->value();
    QCOMPARE(c.check.state, State::Denied);
    QVERIFY(c.denied());
    const QList<RequirementCheck> missing = c.check.missing();
    QCOMPARE(missing.size(), 1);
    QCOMPARE(missing.first().action, QStringLiteral("Microsoft.Compute/disks/write"));
    QCOMPARE(missing.first().targetRole, QStringLiteral("target-resource-group"));
    QCOMPARE(c.suggestions.size(), 1);
    QCOMPARE(c.suggestions.first().action, QStringLiteral("Microsoft.Compute/disks/write"));
    for (const RequirementCheck &need : c.check.requirements) {
        if (need.action != QLatin1String("Microsoft.Compute/disks/write"))
            QVERIFY2(need.state == State::Allowed, qPrintable(need.action));
    }
}

void TestAccessService::permissionsPagesAreFollowed()
{
    const QString path = kVault.toLower() + QStringLiteral("/providers/microsoft.authorization/permissions");
    const QString next = m_server
                             ->url(kVault
                                   + QStringLiteral("/providers/Microsoft.Authorization/"
                                                    "permissions?api-version=2022-04-01&page=2"))
                             .toString();
    m_server->setHandler([path, next](const CannedHttpServer::Seen &seen) {
        if (pathOf(seen.target).toLower() != path)
            return armError(404, "ResourceNotFound");
        if (seen.target.contains("page=2"))
            return CannedHttpServer::response(
                200, permissionsBody({ "Microsoft.RecoveryServices/Vaults/backupJobs/*" }));
        return CannedHttpServer::response(200,
                                          permissionsBody({ "Microsoft.RecoveryServices/*/read" }, next));
    });
    const auto r = runCheck(BackupOperation::Id::CancelJob, kVault);
    QVERIFY(r.has_value() && r->ok());
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(r->value().check.state, State::Allowed); // the cancel right came on page 2
}

void TestAccessService::refusedPermissionsCallIsCannotTell()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) { return armError(403, "AuthorizationFailed"); });
    const auto r = runCheck(BackupOperation::Id::Restore, kVault);
    QVERIFY(r.has_value());
    QVERIFY2(r->ok(), "a refused permissions call is a verdict, not a failure");
    const AccessCheck &c = r->value();
    QCOMPARE(c.check.state, State::Unknown);
    QVERIFY(c.cannotTell());
    QVERIFY(c.suggestions.isEmpty());
    for (const RequirementCheck &need : c.check.requirements) {
        QCOMPARE(need.state, State::Unknown);
        QCOMPARE(need.unknown, RequirementCheck::Unknown::Refused);
        QVERIFY(need.refusal.has_value());
        QCOMPARE(need.refusal->code, QStringLiteral("AuthorizationFailed"));
        QCOMPARE(need.refusal->httpStatus, 403);
        QCOMPARE(need.refusal->correlationId, QStringLiteral("corr-403"));
    }
}

void TestAccessService::otherErrorsFailTheCheck()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) { return armError(400, "BadRequest"); });
    const auto r = runCheck(BackupOperation::Id::Restore, kVault);
    QVERIFY(r.has_value());
    QVERIFY(!r->ok());
    QCOMPARE(r->error().code, QStringLiteral("BadRequest"));
    QCOMPARE(r->error().httpStatus, 400);

    // An answer that is not a permissions list fails too (never read as "no permissions").
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(200, R"({"value":[{"actions":"Microsoft.RecoveryServices/*"}]})");
    });
    const auto bad = runCheck(BackupOperation::Id::Restore, kVault);
    QVERIFY(bad.has_value() && !bad->ok());
    QCOMPARE(bad->error().code, QString(Access::Codes::InvalidPermissions));
}

void TestAccessService::subscriptionScopeEvaluatesAssignments_data()
{
    QTest::addColumn<QJsonArray>("assignments");
    QTest::addColumn<bool>("assignmentsRefused");
    QTest::addColumn<bool>("definitionsRefused");
    QTest::addColumn<bool>("tellAll");
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("unknown");
    QTest::addColumn<QString>("grantingRole");

    const QJsonArray reader { assignment(kOid, kReaderGuid, kSub) };
    const QJsonArray operatorOnly { assignment(kOid, kOperatorGuid, kSub) };
    const QJsonArray someoneElse { assignment(QStringLiteral("ffffffff-0000-4000-8000-000000000009"),
                                              kReaderGuid, kSub) };
    const QJsonArray unknownRole { assignment(kOid, QStringLiteral("99999999-9999-4999-8999-999999999999"),
                                              kSub) };
    const int allowed = int(State::Allowed), denied = int(State::Denied), unknown = int(State::Unknown);
    const int none = -1, refused = int(RequirementCheck::Unknown::Refused),
              incomplete = int(RequirementCheck::Unknown::Incomplete);
    QTest::newRow("Reader at the subscription grants */read")
        << reader << false << false << true << allowed << none << "Reader";
    // The atScope() listing returned it: it is above, whatever its id looks like.
    QTest::newRow("Reader at a management group the listing returned applies") << QJsonArray { assignment(
        kOid, kReaderGuid, QStringLiteral("/providers/Microsoft.Management/managementGroups/mg-root")) }
                                                                               << false << false << true
                                                                               << allowed << none << "Reader";
    QTest::newRow("a backup role does not reach the activity log")
        << operatorOnly << false << false << true << denied << none << "";
    QTest::newRow("someone else's assignment does not count")
        << someoneElse << false << false << true << denied << none << "";
    QTest::newRow("no is cannot-tell when roles may come from elsewhere")
        << operatorOnly << false << false << false << unknown << incomplete << "";
    QTest::newRow("assignments refused: cannot tell")
        << reader << true << false << true << unknown << refused << "";
    QTest::newRow("definitions refused: built-in roles stand in")
        << reader << false << true << true << allowed << none << "Reader";
    QTest::newRow("a role nobody can read makes a no cannot-tell")
        << unknownRole << false << true << true << unknown << incomplete << "";
}

void TestAccessService::subscriptionScopeEvaluatesAssignments()
{
    QFETCH(QJsonArray, assignments);
    QFETCH(bool, assignmentsRefused);
    QFETCH(bool, definitionsRefused);
    QFETCH(bool, tellAll);
    QFETCH(int, state);
    QFETCH(int, unknown);
    QFETCH(QString, grantingRole);

    const QString base = kSub.toLower() + QStringLiteral("/providers/microsoft.authorization/");
    QHash<QString, QByteArray> answers;
    answers.insert(base + QStringLiteral("roleassignments"),
                   assignmentsRefused ? armError(403, "AuthorizationFailed")
                                      : json({ { "value", assignments } }));
    answers.insert(base + QStringLiteral("roledefinitions"),
                   definitionsRefused ? armError(403, "AuthorizationFailed")
                                      : json({ { "value", QJsonArray {} } })); // nothing custom
    serve(answers);
    Caller caller;
    caller.principal.objectId = kOid;
    caller.assignmentsTellAll = tellAll;
    m_service->setCaller(caller);

    // The activity log is read per subscription: no permissions form there.
    const auto r = runCheck(BackupOperation::Id::ReadActivityLog, kVault);
    QVERIFY(r.has_value());
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().toString()));
    QCOMPARE(m_server->requests().size(), 3); // assignments, definitions, deny assignments
    for (const auto &seen : m_server->requests()) {
        QVERIFY2(!seen.target.contains("/permissions"), seen.target.constData());
        if (seen.target.contains("roleAssignments"))
            QCOMPARE(QUrlQuery(QUrl(QString::fromLatin1(seen.target))).queryItemValue("$filter"),
                     QStringLiteral("atScope()"));
    }
    const RequirementCheck need = r->value().check.requirements.first();
    QCOMPARE(need.scope, kSub);
    QCOMPARE(int(need.state), state);
    if (unknown >= 0)
        QCOMPARE(int(need.unknown), unknown);
    if (!grantingRole.isEmpty()) {
        QVERIFY(!need.explanation.fromPermissions);
        QCOMPARE(need.explanation.grants.first().roleName, grantingRole);
    }
    if (state == int(State::Denied))
        QVERIFY(r->value().suggestions.first().roles.contains(QStringLiteral("Reader")));
}

void TestAccessService::withoutCallerSubscriptionIsCannotTell()
{
    serve({});
    const auto r = runCheck(BackupOperation::Id::ReadActivityLog, kSub);
    QVERIFY(r.has_value() && r->ok());
    QVERIFY(m_server->requests().isEmpty());
    QCOMPARE(r->value().check.state, State::Unknown);
    QCOMPARE(r->value().check.requirements.first().unknown, RequirementCheck::Unknown::NoAnswer);
}

void TestAccessService::denyAssignmentBlocksWhatRolesGrant()
{
    // The permissions answer grants the restore (it never shows denies); a deny assignment at the
    // subscription, listed at the vault with atScope(), blocks it. The activity log is evaluated
    // from assignments at the subscription and blocked there too.
    const QString authz = QStringLiteral("/providers/microsoft.authorization/");
    const QJsonObject denyAll {
        { "id", kSub + "/providers/Microsoft.Authorization/denyAssignments/da-1" },
        { "name", "da-1" },
        { "properties",
          QJsonObject {
              { "denyAssignmentName", "Legal hold" },
              { "scope", kSub },
              { "permissions",
                QJsonArray { QJsonObject { { "actions", QJsonArray { "*/action", "Microsoft.Insights/*" } },
                                           { "notActions", QJsonArray {} } } } },
              { "principals",
                QJsonArray {
                    QJsonObject { { "id", DenyAssignment::everyone() }, { "type", "SystemDefined" } } } } } }
    };
    serve({ { kVault.toLower() + authz + "permissions", permissionsBody({ "*" }) },
            { kVault.toLower() + authz + "denyassignments", json({ { "value", QJsonArray { denyAll } } }) },
            { kSub.toLower() + authz + "denyassignments", json({ { "value", QJsonArray { denyAll } } }) },
            { kSub.toLower() + authz + "roleassignments",
              json({ { "value", QJsonArray { assignment(kOid, kReaderGuid, kSub) } } }) },
            { kSub.toLower() + authz + "roledefinitions", json({ { "value", QJsonArray {} } }) } });
    Caller caller;
    caller.principal.objectId = kOid;
    m_service->setCaller(caller);
    const auto r = runCheck(BackupOperation::Id::Restore, kVault);
    QVERIFY(r.has_value());
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().toString()));
    QCOMPARE(r->value().check.state, State::Denied);
    bool sawDenyListing = false;
    for (const auto &seen : m_server->requests()) {
        if (!seen.target.contains("denyAssignments"))
            continue;
        sawDenyListing = true;
        QCOMPARE(QUrlQuery(QUrl(QString::fromLatin1(seen.target))).queryItemValue("$filter"),
                 QStringLiteral("atScope()"));
    }
    QVERIFY(sawDenyListing);
    const QList<RequirementCheck> missing = r->value().check.missing();
    QVERIFY(!missing.isEmpty());
    for (const RequirementCheck &m : missing) {
        QVERIFY(m.explanation.blockedBy.has_value());
        QCOMPARE(m.explanation.blockedBy->denyAssignmentName, QStringLiteral("Legal hold"));
    }
    const auto log = runCheck(BackupOperation::Id::ReadActivityLog, kVault);
    QVERIFY(log.has_value() && log->ok());
    QCOMPARE(log->value().check.state, State::Denied);
    QCOMPARE(log->value().check.requirements.first().explanation.blockedBy->denyAssignmentName,
             QStringLiteral("Legal hold"));
}

void TestAccessService::missingGroupsClaimIsCannotTell_data()
{
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<bool>("groupAssignment"); // Reader at the subscription for some group
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("unknown");
    const QJsonObject noGroups { { "oid", kOid } };
    const QJsonObject emptyGroups { { "oid", kOid }, { "groups", QJsonArray {} } };
    const int denied = int(State::Denied), unknown = int(State::Unknown), none = -1;
    QTest::newRow("no groups claim, a group's assignment applies")
        << noGroups << true << unknown << int(RequirementCheck::Unknown::GroupsUnknown);
    QTest::newRow("an empty groups claim is a real answer") << emptyGroups << true << denied << none;
    QTest::newRow("no groups claim, no group assignment: a definite no")
        << noGroups << false << denied << none;
    QTest::newRow("hasgroups as the string \"true\" is overage")
        << QJsonObject { { "oid", kOid }, { "groups", QJsonArray {} }, { "hasgroups", "true" } } << true
        << unknown << int(RequirementCheck::Unknown::Incomplete);
}

void TestAccessService::missingGroupsClaimIsCannotTell()
{
    QFETCH(QJsonObject, claims);
    QFETCH(bool, groupAssignment);
    QFETCH(int, state);
    QFETCH(int, unknown);
    QJsonObject group = assignment(QStringLiteral("9a9a9a9a-0000-4000-8000-000000000002"), kReaderGuid, kSub);
    QJsonObject props = group.value("properties").toObject();
    props.insert("principalType", "Group");
    group.insert("properties", props);
    QJsonArray assignments { assignment(kOid, kOperatorGuid, kSub) };
    if (groupAssignment)
        assignments.append(group);
    const QString base = kSub.toLower() + QStringLiteral("/providers/microsoft.authorization/");
    serve({ { base + "roleassignments", json({ { "value", assignments } }) },
            { base + "roledefinitions", json({ { "value", QJsonArray {} } }) } });
    m_service->setCaller(Caller::fromClaims(claims));
    const auto r = runCheck(BackupOperation::Id::ReadActivityLog, kSub);
    QVERIFY(r.has_value() && r->ok());
    const RequirementCheck need = r->value().check.requirements.first();
    QCOMPARE(int(need.state), state);
    if (unknown >= 0)
        QCOMPARE(int(need.unknown), unknown);
}

void TestAccessService::unreadDenyAssignmentsMakeAYesCannotTell()
{
    const QString authz = QStringLiteral("/providers/microsoft.authorization/");
    serve({ { kVault.toLower() + authz + "permissions", permissionsBody({ "*" }) },
            { kVault.toLower() + authz + "denyassignments", armError(403, "AuthorizationFailed") } });
    Caller caller;
    caller.principal.objectId = kOid;
    m_service->setCaller(caller);
    const auto r = runCheck(BackupOperation::Id::CancelJob, kVault);
    QVERIFY(r.has_value() && r->ok());
    QCOMPARE(r->value().check.state, State::Unknown);
    const RequirementCheck need = r->value().check.requirements.first();
    QCOMPARE(need.unknown, RequirementCheck::Unknown::DenyUnread);
    QCOMPARE(need.refusal->httpStatus, 403);
}

void TestAccessService::invalidScopeReportsAfterReturning()
{
    for (const QString &scope :
         { QStringLiteral("vaults/rsv-one"), QStringLiteral("/"), QString(), QStringLiteral("/subscriptions"),
           QStringLiteral("https://evil.example/x") }) {
        std::optional<Result<AccessCheck>> out;
        AccessJob *job = m_service->check(BackupOperation::get(BackupOperation::Id::Restore), scope, {},
                                          &m_owner, [&](Result<AccessCheck> r) { out = r; });
        QVERIFY(job);
        QVERIFY2(!out.has_value(), "reported before check() returned");
        QTRY_VERIFY(out.has_value());
        QVERIFY(!out->ok());
        QCOMPARE(out->error().code, QString(Access::Codes::InvalidScope));
    }
    QVERIFY(m_server->requests().isEmpty());
}

void TestAccessService::hereGathersTheView()
{
    const QString base = kSub.toLower() + QStringLiteral("/providers/microsoft.authorization/");
    serve({ { kVault.toLower() + QStringLiteral("/providers/microsoft.authorization/permissions"),
              permissionsBody({ "Microsoft.RecoveryServices/*/read" }) },
            { kVault.toLower() + QStringLiteral("/providers/microsoft.authorization/roleassignments"),
              json({ { "value", QJsonArray { assignment(kOid, kReaderGuid, kSub) } } }) },
            { base + QStringLiteral("roledefinitions"), json({ { "value", QJsonArray {} } }) } });
    Caller caller;
    caller.principal.objectId = kOid;
    m_service->setCaller(caller);
    std::optional<Result<AccessAnswer>> out;
    AccessJob *job = m_service->here(kVault, &m_owner, [&](Result<AccessAnswer> r) { out = r; });
    QTRY_VERIFY(out.has_value());
    QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().toString()));
    QCOMPARE(job->requests(), 4); // permissions, assignments, definitions, deny assignments
    QCOMPARE(m_server->requests().size(), 4);
    const EffectiveAccess &access = out->value().access;
    const OperationCheck read = access.check(BackupOperation::get(BackupOperation::Id::ReadEstate), kVault);
    QCOMPARE(read.state, State::Allowed);
    // The permissions answer decides; the assignments read for the view name the role.
    const PermissionEvaluator::Explanation &why = read.requirements.first().explanation;
    QVERIFY(why.fromPermissions);
    QCOMPARE(why.grants.first().roleName, QStringLiteral("Reader"));
    QCOMPARE(why.grants.first().assignmentScope, kSub);
    QCOMPARE(access.check(BackupOperation::get(BackupOperation::Id::Restore), kVault).state, State::Denied);
    QCOMPARE(access.check(BackupOperation::get(BackupOperation::Id::ReadActivityLog), kVault).state,
             State::Allowed); // Reader at the subscription, evaluated
    const QList<AppliedAssignment> mine = access.assignmentsAt(kVault);
    QCOMPARE(mine.size(), 1);
    QCOMPARE(mine.first().roleName, QStringLiteral("Reader"));
    QVERIFY(!out->value().assignmentsError.has_value());
}

void TestAccessService::cancelAndOwnerDeath()
{
    // Nothing answers: the calls hang until cancelled.
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); });
    int reports = 0;
    std::optional<Result<AccessCheck>> out;
    AccessJob *job = m_service->check(BackupOperation::get(BackupOperation::Id::Restore), kVault, {},
                                      &m_owner, [&](Result<AccessCheck> r) {
                                          ++reports;
                                          out = r;
                                      });
    QTRY_COMPARE(m_server->requests().size(), 1);
    job->cancel();
    QCOMPARE(reports, 1);
    QCOMPARE(out->error().code, QString(RestoreDesk::Codes::Cancelled));
    QTest::qWait(50);
    QCOMPARE(reports, 1);

    auto owner = std::make_unique<QObject>();
    int ownerReports = 0;
    m_service->check(BackupOperation::get(BackupOperation::Id::Restore), kVault, {}, owner.get(),
                     [&](Result<AccessCheck> r) {
                         ++ownerReports;
                         QVERIFY(!r.ok());
                     });
    QTRY_COMPARE(m_server->requests().size(), 2);
    owner.reset();
    QCOMPARE(ownerReports, 1);
    QCOMPARE(m_arm->inFlight(), 0);
}

void TestAccessService::paths()
{
    QCOMPARE(AccessService::permissionsPath(kVault).value(),
             kVault + QStringLiteral("/providers/Microsoft.Authorization/permissions"));
    QCOMPARE(AccessService::permissionsPath(kRg + QLatin1Char('/')).value(),
             kRg + QStringLiteral("/providers/Microsoft.Authorization/permissions"));
    // A child resource: its parents are the parentResourcePath of the template.
    const QString subnet
        = kSub
        + QStringLiteral(
              "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/s1");
    QCOMPARE(AccessService::permissionsPath(subnet).value(),
             subnet + QStringLiteral("/providers/Microsoft.Authorization/permissions"));
    QCOMPARE(AccessService::permissionsPath(kSub).error().code, QString(Access::Codes::NoPermissionsForm));
    QCOMPARE(AccessService::permissionsPath(QStringLiteral("/")).error().code,
             QString(Access::Codes::InvalidScope));
    QCOMPARE(AccessService::roleAssignmentsPath(kVault),
             kVault + QStringLiteral("/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()"));
    QCOMPARE(AccessService::roleDefinitionsPath(kSub),
             kSub + QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions"));
}

void TestAccessService::identityIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("name"); // empty: refused
    const QString uai = kSub
        + QStringLiteral("/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/");
    QTest::newRow("identity") << uai + "id-one"
                              << "id-one";
    QTest::newRow("trailing slash, other casing")
        << kSub + "/resourcegroups/rg-id/providers/microsoft.managedidentity/USERASSIGNEDIDENTITIES/id-two/"
        << "id-two";
    QTest::newRow("a vault") << kVault << "";
    QTest::newRow("a resource group") << kRg << "";
    QTest::newRow("a credential below it") << uai + "id-one/federatedIdentityCredentials/c1"
                                           << "";
    QTest::newRow("no subscription") << "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-one"
                                     << "";
    QTest::newRow("a URL") << "https://management.azure.com" + uai + "id-one"
                           << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestAccessService::identityIds()
{
    QFETCH(QString, id);
    QFETCH(QString, name);
    const auto parsed = UserAssignedIdentity::parse(id);
    QCOMPARE(parsed.ok(), !name.isEmpty());
    if (parsed) {
        QCOMPARE(parsed->name, name);
        QVERIFY(parsed->credentialsPath().endsWith(name + "/federatedIdentityCredentials"));
    } else {
        QCOMPARE(parsed.error().code, QString(Access::Codes::InvalidIdentityId));
        QCOMPARE(parsed.error().args, QStringList { id });
    }
}

void TestAccessService::credentialWriteCarriesTheRecordedCorrelation()
{
    const auto identity = UserAssignedIdentity::parse(
        kSub
        + QStringLiteral(
            "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-one"));
    QVERIFY(identity.ok());
    int status = 201;
    m_server->setHandler([&status](const CannedHttpServer::Seen &seen) {
        const QJsonObject props = QJsonDocument::fromJson(seen.body).object().value("properties").toObject();
        const QJsonObject stored {
            { "id", QString::fromLatin1(QUrl(QString::fromLatin1(seen.target)).path().toLatin1()) },
            { "name", "c1" },
            { "properties", props }
        };
        return CannedHttpServer::response(
            status, json(stored),
            { { "x-ms-correlation-request-id", seen.headers.value("x-ms-correlation-request-id") } });
    });
    CredentialService service(m_arm.get());
    FederatedCredential c;
    c.name = QStringLiteral("c1");
    c.issuer = QStringLiteral("https://token.actions.githubusercontent.com");
    c.subject = QStringLiteral("repo:o/r:pull_request");
    c.audiences = { FederatedCredential::defaultAudience() };
    for (const int answer : { 201, 200 }) {
        status = answer;
        std::optional<Result<CredentialWrite>> out;
        service.create(identity.value(), c, QStringLiteral("corr-fixed"), &m_owner,
                       [&](Result<CredentialWrite> r) { out = r; });
        QTRY_VERIFY(out.has_value());
        QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().toString()));
        QCOMPARE(out->value().created, answer == 201);
        QCOMPARE(out->value().correlationId, QStringLiteral("corr-fixed"));
        QCOMPARE(out->value().credential.subject, c.subject);
        const auto &seen = m_server->requests().last();
        QCOMPARE(seen.method, QByteArray("PUT"));
        QCOMPARE(pathOf(seen.target), identity->credentialPath(QStringLiteral("c1")));
        QVERIFY(seen.target.contains("api-version=2026-05-31"));
        QCOMPARE(seen.headers.value("x-ms-correlation-request-id"), QByteArray("corr-fixed"));
        QCOMPARE(QJsonDocument::fromJson(seen.body).object(), c.creationBody());
    }
    // A refusal keeps the service's status for the caller's exit code and audit outcome.
    m_server->setHandler([](const CannedHttpServer::Seen &) { return armError(403, "AuthorizationFailed"); });
    std::optional<Result<CredentialWrite>> refused;
    service.create(identity.value(), c, QStringLiteral("corr-2"), &m_owner,
                   [&](Result<CredentialWrite> r) { refused = r; });
    QTRY_VERIFY(refused.has_value());
    QVERIFY(!refused->ok());
    QCOMPARE(refused->error().httpStatus, 403);
}

QTEST_GUILESS_MAIN(TestAccessService)
#include "tst_accessservice.moc"
