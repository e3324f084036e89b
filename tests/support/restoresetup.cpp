#include "restoresetup.h"

#include "audit/audittrail.h"
#include "backup/armid.h"
#include "backup/restorerequest.h"
#include "backup/restoreservice.h"
#include "restorefixture.h"

#include <QTest>
#include <QUuid>

namespace RestoreDesk::Test {

namespace {

QString guid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

Error failed(const QString &what)
{
    return Error::make(Error::Kind::Invalid, QStringLiteral("test_setup"), what);
}

} // namespace

bool recordRequested(Audit::AuditTrail &trail, const Audit::Identity &who, Backup::PendingRestore &p)
{
    const auto ref = trail.requested(QString(Audit::EventType::Restore), who, p.itemId,
                                     { { QStringLiteral("clientRequestId"), p.clientRequestId } }, p.reason,
                                     { p.correlationId, p.clientRequestId });
    if (!ref)
        return false;
    p.auditSeq = ref->seq;
    p.auditIdentity = who.toJson();
    p.auditCorrelationIds = ref->correlationIds;
    return true;
}

Result<Backup::PendingRestore> acceptedLocationOnly(RestoreFixture &f, Sandbox::SandboxOptions options,
                                                    const std::function<void(RestoreFixture &)> &beforeSend)
{
    const QString vault = QStringLiteral("rsv-prod-weu");
    const QString prod = RestoreFixture::subscriptionOf(vault);
    options.restoreLocationOnly = true;
    QString error;
    if (!f.start(options, QStringLiteral("oscar"), &error))
        return failed(error);
    f.runClock(5, 50);
    if (beforeSend)
        beforeSend(f);

    const QString itemId = f.itemId(vault, QStringLiteral("vm-web-02"));
    std::optional<Result<Backup::RestoreSource>> source;
    f.restore->source(f.newestPoint(itemId), &f.nam, [&](Result<Backup::RestoreSource> s) { source = s; });
    if (!QTest::qWaitFor([&] { return source.has_value(); }, 20000))
        return failed(QStringLiteral("the restore source did not come"));
    if (!*source)
        return source->error();
    Backup::RestoreRequest r = Backup::RestoreRequest::forSource(source->value());
    r.mode = Backup::RestoreRequest::Mode::VmDisks;
    r.targetResourceGroupId = prod + QStringLiteral("/resourceGroups/rg-restore-weu");
    r.stagingStorageAccountId = prod
        + QStringLiteral("/resourceGroups/rg-staging/providers/Microsoft.Storage/storageAccounts/ststaging");
    const auto body = r.body();
    if (!body)
        return body.error();

    Backup::PendingRestore p;
    p.clientRequestId = guid();
    p.correlationId = guid();
    p.itemId = r.itemId;
    p.itemName = r.itemName;
    p.vaultId = Backup::ArmId::parse(r.itemId).vaultId();
    p.pointId = r.pointId;
    p.path = r.restorePath();
    p.body = body.value();
    p.requestedAt = f.clock.now();
    std::optional<Result<Backup::RestoreAccepted>> accepted;
    f.restore->submit(p, &f.nam, [&](Result<Backup::RestoreAccepted> a) { accepted = a; });
    if (!QTest::qWaitFor([&] { return accepted.has_value(); }, 60000))
        return failed(QStringLiteral("the restore was not answered"));
    if (!*accepted)
        return accepted->error();
    if (!accepted->value().operationUrl.isEmpty())
        return failed(QStringLiteral("answered with Azure-AsyncOperation"));
    p.state = Backup::PendingRestore::State::Accepted;
    p.locationUrl = accepted->value().locationUrl;
    return p;
}

} // namespace RestoreDesk::Test
