#include "backup/armid.h"

#include <QStringList>

namespace RestoreDesk::Backup {

ArmId ArmId::parse(const QString &id)
{
    ArmId out;
    out.fabric = QStringLiteral("Azure");
    const QStringList s = id.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (int i = 0; i + 1 < s.size(); ++i) {
        const QString key = s.at(i).toLower();
        const QString value = s.at(i + 1);
        if (key == QLatin1String("subscriptions"))
            out.subscription = value;
        else if (key == QLatin1String("resourcegroups"))
            out.resourceGroup = value;
        else if (key == QLatin1String("vaults"))
            out.vault = value;
        else if (key == QLatin1String("backupfabrics"))
            out.fabric = value;
        else if (key == QLatin1String("protectioncontainers"))
            out.container = value;
        else if (key == QLatin1String("protecteditems"))
            out.item = value;
        else if (key == QLatin1String("recoverypoints"))
            out.recoveryPoint = value;
        else
            continue;
        ++i;
    }
    return out;
}

QString ArmId::vaultId() const
{
    return QStringLiteral(
               "/subscriptions/%1/resourceGroups/%2/providers/Microsoft.RecoveryServices/vaults/%3")
        .arg(subscription, resourceGroup, vault);
}

bool sameArmId(const QString &a, const QString &b)
{
    auto norm = [](QString s) {
        while (s.endsWith(QLatin1Char('/')))
            s.chop(1);
        return s.toLower();
    };
    return norm(a) == norm(b);
}

} // namespace RestoreDesk::Backup
