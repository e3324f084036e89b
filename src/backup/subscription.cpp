#include "backup/subscription.h"

#include "backup/armid.h"
#include "backup/armreader.h"

namespace RestoreDesk::Backup {

Result<Subscription> Subscription::fromArm(const QJsonObject &resource)
{
    ArmReader r(resource, QStringLiteral("Subscription"));
    Subscription s;
    s.raw = resource;
    s.id = r.string("id");
    s.subscriptionId = r.string("subscriptionId");
    r.setSubject(s.id.isEmpty() ? s.subscriptionId : s.id);
    if (s.subscriptionId.isEmpty() && !s.id.isEmpty()) {
        const ArmId id = ArmId::parse(s.id);
        if (id.kind != ArmId::Kind::Subscription)
            r.failId(s.id, QStringLiteral("Subscription"));
        s.subscriptionId = id.subscription;
    }
    if (s.subscriptionId.isEmpty() && r.ok())
        r.failMissing(QStringLiteral("subscriptionId"));
    if (s.id.isEmpty())
        s.id = QStringLiteral("/subscriptions/") + s.subscriptionId;
    s.displayName = r.string("displayName");
    if (s.displayName.isEmpty())
        s.displayName = s.subscriptionId;
    s.tenantId = r.string("tenantId");
    s.state = r.string("state");
    s.authorizationSource = r.string("authorizationSource");
    const QJsonArray managers = r.array("managedByTenants");
    for (qsizetype i = 0; i < managers.size() && r.ok(); ++i) {
        ArmReader m = r.nested(managers.at(i).toObject(), QStringLiteral("managedByTenants[%1]").arg(i));
        if (!managers.at(i).isObject())
            m.failType(QString(), QStringLiteral("object"));
        const QString tenant = m.string("tenantId");
        if (r.absorb(m) && !tenant.isEmpty())
            s.managedByTenants << tenant;
    }
    s.tags = r.stringMap("tags");
    if (!r.ok())
        return r.error();
    return s;
}

} // namespace RestoreDesk::Backup
