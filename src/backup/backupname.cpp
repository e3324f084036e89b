#include "backup/backupname.h"

#include <QStringList>

namespace RestoreDesk::Backup {

BackupName BackupName::parse(const QString &name)
{
    BackupName n;
    n.name = name;
    const QStringList parts = name.split(QLatin1Char(';'));
    const QString tag = parts.first().toLower();
    const auto size = parts.size();
    auto take = [&](Kind found, int rgIndex, int nameIndex) {
        n.kind = found;
        n.resourceGroup = rgIndex >= 0 ? parts.at(rgIndex) : QString();
        n.friendlyName = parts.at(nameIndex);
    };
    if (tag == QLatin1String("vm") && size == 4)
        take(Kind::VmItem, 2, 3);
    else if (tag == QLatin1String("iaasvmcontainer") && size == 4)
        take(Kind::VmContainer, 2, 3);
    else if ((tag == QLatin1String("iaasvmcontainerv2") || tag == QLatin1String("iaasvmcontainer"))
             && size == 3)
        take(Kind::VmContainer, 1, 2);
    else if (tag == QLatin1String("azurefileshare") && size == 2)
        take(Kind::FileShareItem, -1, 1);
    else if (tag == QLatin1String("storagecontainer") && size == 4)
        take(Kind::StorageContainer, 2, 3);
    else if (tag == QLatin1String("storage") && size == 3)
        take(Kind::StorageContainer, 1, 2);
    else if (tag == QLatin1String("vmappcontainer") && size == 4)
        take(Kind::WorkloadContainer, 2, 3);
    else if (tag == QLatin1String("compute") && size == 3)
        take(Kind::WorkloadContainer, 1, 2);
    else if (tag == QLatin1String("sqldatabase") && size == 3) {
        take(Kind::SqlDatabaseItem, -1, 2);
        n.instance = parts.at(1);
    } else {
        for (auto i = size - 1; i >= 0 && n.friendlyName.isEmpty(); --i)
            n.friendlyName = parts.at(i);
    }
    return n;
}

} // namespace RestoreDesk::Backup
