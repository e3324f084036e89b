#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

namespace RestoreDesk::Backup {

// A subscription the signed-in identity can see (GET /subscriptions). Value type, any thread.
struct Subscription
{
    QString id; // "/subscriptions/{guid}"
    QString subscriptionId;
    QString displayName; // the id when the service gives no name
    QString tenantId;
    QString state; // Enabled, Warned, PastDue, Disabled, Deleted
    QString authorizationSource;
    QStringList managedByTenants;
    QMap<QString, QString> tags;
    QJsonObject raw;

    bool isEnabled() const { return state.compare(QLatin1String("Enabled"), Qt::CaseInsensitive) == 0; }

    static Result<Subscription> fromArm(const QJsonObject &resource);
};

} // namespace RestoreDesk::Backup
