#include "backup/backupname.h"

#include "backup/foldedname.h"

#include <QVarLengthArray>

namespace RestoreDesk::Backup {

namespace {

// What parse() reads of a name, as views into it: no string is made (a listing asks each row's
// container for its friendly name).
struct Parts
{
    BackupName::Kind kind = BackupName::Kind::Other;
    QStringView friendlyName;
    QStringView resourceGroup;
    QStringView instance;
};

Parts partsOf(QStringView all)
{
    using Kind = BackupName::Kind;
    // The parts between semicolons, empty ones kept (as QStringView::split gives them), in place:
    // no list allocated per name.
    QVarLengthArray<QStringView, 8> parts;
    for (qsizetype i = 0, from = 0; i <= all.size(); ++i) {
        if (i == all.size() || all[i] == u';') {
            parts.append(all.mid(from, i - from));
            from = i + 1;
        }
    }
    const QStringView tag = parts.first();
    const auto size = parts.size();
    auto is = [&tag](QLatin1String word) { return isFoldedName(tag, word); };
    Parts n;
    auto take = [&](Kind found, int rgIndex, int nameIndex) {
        n.kind = found;
        n.resourceGroup = rgIndex >= 0 ? parts.at(rgIndex) : QStringView();
        n.friendlyName = parts.at(nameIndex);
    };
    if (is(QLatin1String("vm")) && size == 4)
        take(Kind::VmItem, 2, 3);
    else if (is(QLatin1String("iaasvmcontainer")) && size == 4)
        take(Kind::VmContainer, 2, 3);
    else if ((is(QLatin1String("iaasvmcontainerv2")) || is(QLatin1String("iaasvmcontainer"))) && size == 3)
        take(Kind::VmContainer, 1, 2);
    else if (is(QLatin1String("azurefileshare")) && size == 2)
        take(Kind::FileShareItem, -1, 1);
    else if (is(QLatin1String("storagecontainer")) && size == 4)
        take(Kind::StorageContainer, 2, 3);
    else if (is(QLatin1String("storage")) && size == 3)
        take(Kind::StorageContainer, 1, 2);
    else if (is(QLatin1String("vmappcontainer")) && size == 4)
        take(Kind::WorkloadContainer, 2, 3);
    else if (is(QLatin1String("compute")) && size == 3)
        take(Kind::WorkloadContainer, 1, 2);
    else if (is(QLatin1String("sqldatabase")) && size == 3) {
        take(Kind::SqlDatabaseItem, -1, 2);
        n.instance = parts.at(1);
    } else {
        for (auto i = size - 1; i >= 0 && n.friendlyName.isEmpty(); --i)
            n.friendlyName = parts.at(i);
    }
    return n;
}

} // namespace

BackupName BackupName::parse(const QString &name)
{
    // Views into `name`, compared without case: a copy is made only of the parts kept.
    const Parts parts = partsOf(name);
    BackupName n;
    n.name = name;
    n.kind = parts.kind;
    n.friendlyName = parts.friendlyName.toString();
    n.resourceGroup = parts.resourceGroup.toString();
    n.instance = parts.instance.toString();
    return n;
}

QStringView BackupName::friendlyNameOf(QStringView name)
{
    return partsOf(name).friendlyName;
}

} // namespace RestoreDesk::Backup
