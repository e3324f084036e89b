#include "text/restoretext.h"

#include "backup/armid.h"

#include <QCoreApplication>

namespace RestoreDesk::Text {

namespace {

using Backup::ArmId;
using Backup::RestoreEffect;
using Mode = Backup::RestoreRequest::Mode;

QString tr(const char *text)
{
    return QCoreApplication::translate("RestoreDesk::Text", text);
}

// "stfabrikam (resource group rg-files-prod)" for a resource id; the id itself when it is not one.
QString named(const QString &id)
{
    const ArmId a = ArmId::parse(id);
    if (a.kind == ArmId::Kind::ResourceGroup)
        return tr("resource group %1").arg(a.resourceGroup);
    if (!a.resourceName.isEmpty() && !a.resourceGroup.isEmpty())
        return tr("%1 (resource group %2)").arg(a.resourceName, a.resourceGroup);
    return id;
}

QString server(const QString &containerId)
{
    // VMAppContainer;Compute;rg;vm → the VM that hosts SQL Server.
    const QString container = ArmId::parse(containerId).container;
    const QStringList parts = container.split(QLatin1Char(';'));
    return parts.size() >= 4 ? tr("the SQL Server on VM %1 (resource group %2)").arg(parts.at(3), parts.at(2))
                             : containerId;
}

} // namespace

QString restoreEffect(const RestoreEffect &e)
{
    auto arg = [&e](int i) { return e.args.value(i); };
    switch (e.kind) {
    case RestoreEffect::Kind::Rehydrate:
        return tr("First bring the recovery point of %1 back from the archive tier (%3 priority) and keep "
                  "that copy for %2 days; this takes hours and is charged.")
            .arg(arg(0), arg(1), arg(2));
    case RestoreEffect::Kind::CreateVm:
        return tr("Create a new virtual machine %1 in %2.").arg(arg(0), named(arg(1)));
    case RestoreEffect::Kind::JoinSubnet:
        return tr("Connect it to subnet %1 of network %2.").arg(arg(0), named(arg(1)));
    case RestoreEffect::Kind::CreateDisks:
        return tr("Create the disks of %1 as new managed disks in %2 (no VM is created).")
            .arg(arg(0), named(arg(1)));
    case RestoreEffect::Kind::ReplaceDisks:
        return tr("OVERWRITE the disks of the existing virtual machine %1 with the recovery point; what "
                  "they hold now is lost.")
            .arg(named(arg(0)));
    case RestoreEffect::Kind::Stage:
        return tr("Stage the data in storage account %1.").arg(named(arg(0)));
    case RestoreEffect::Kind::WriteFiles:
    case RestoreEffect::Kind::OverwriteFiles: {
        const bool overwrite = e.kind == RestoreEffect::Kind::OverwriteFiles;
        const QString where = arg(2).isEmpty()
            ? tr("share %1 of storage account %2").arg(arg(0), named(arg(1)))
            : tr("folder %3 of share %1 of storage account %2").arg(arg(0), named(arg(1)), arg(2));
        const QString what = arg(3).isEmpty() ? tr("the whole share")
                                              : arg(3).split(QLatin1Char('\n')).join(QStringLiteral(", "));
        return overwrite ? tr("Write %1 into %2, OVERWRITING files of the same name.").arg(what, where)
                         : tr("Write %1 into %2; files that exist are kept (skipped).").arg(what, where);
    }
    case RestoreEffect::Kind::CreateDatabase:
        return tr("Create database %1 on %2.").arg(arg(0), server(arg(1)));
    case RestoreEffect::Kind::OverwriteDatabase:
        return tr("Restore as database %1 on %2, OVERWRITING a database of that name.")
            .arg(arg(0), server(arg(1)));
    case RestoreEffect::Kind::WriteDatabaseFiles:
        return tr("Write the database's backup files (.bak) to %1 on %2; no database is created.")
            .arg(arg(0), server(arg(1)));
    }
    return {};
}

QStringList restorePreview(const Backup::RestoreRequest &request)
{
    QStringList lines;
    const QString when
        = request.pointTime.isValid() ? request.pointTime.toUTC().toString(Qt::ISODate) : request.pointName;
    lines << tr("Restore %1 from its recovery point of %2: %3.")
                 .arg(request.itemName, when, restoreModeName(request.mode));
    for (const RestoreEffect &e : request.effects())
        lines << restoreEffect(e);
    if (request.overwrites())
        lines << tr("This restore overwrites data that exists now; it cannot be undone.");
    return lines;
}

QString restoreModeName(Mode mode)
{
    switch (mode) {
    case Mode::VmNew:
        return tr("create a new virtual machine");
    case Mode::VmDisks:
        return tr("restore disks");
    case Mode::VmReplace:
        return tr("replace the existing virtual machine's disks");
    case Mode::FileShareOriginal:
        return tr("file share, to its original location");
    case Mode::FileShareAlternate:
        return tr("file share, to another location");
    case Mode::SqlAlternate:
        return tr("SQL database, as another database");
    case Mode::SqlFiles:
        return tr("SQL database, as files");
    }
    return {};
}

} // namespace RestoreDesk::Text
