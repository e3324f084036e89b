#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace RestoreDesk::Access {

// An action needed on a concrete scope.
struct ScopedAction
{
    QString scope;
    QString action;
    QString role; // what the scope is to the restore: "target-resource-group", "staging-storage-account", ...
};

// Where a restore lands, read from the restore request's `properties` (the same fields the
// restore body carries for its objectType), and the rights the caller needs there besides
// the restore action on the vault. The per-target actions follow Microsoft's published minimum
// permissions for VM restore (create the VM, its network interface and its disks, or the disks
// alone, in the target resource group, join the subnet, write to the staging storage account,
// write the original VM in place); they are not in the backup API's specification and are
// UNCONFIRMED as exact rules. A workload (SQL) restore writes a database or its files on the
// target server, a VM: it needs the right to write that VM (the body's
// targetVirtualMachineId, else the VM the target container names — VMAppContainer;Compute;rg;vm),
// UNCONFIRMED likewise. Value type, any thread.
struct RestoreTarget
{
    enum class Kind {
        None,
        OriginalLocation,
        AlternateLocation,
        RestoreDisks,
        FileShareOriginal,
        FileShareAlternate,
        Workload // SQL in a VM: another database, or the backup's files, on a target server
    };

    Kind kind = Kind::None;
    QString sourceResourceId;
    QString targetResourceGroupId;
    QString targetVirtualMachineId;
    QString storageAccountId;
    QString virtualNetworkId;
    QString subnetId;
    QString targetStorageAccountId; // file share restore to another storage account
    QString targetServerId; // workload restore: the server (VM) that gets the database or files

    static RestoreTarget fromRequestProperties(const QJsonObject &properties);

    QList<ScopedAction> requirements() const;
};

} // namespace RestoreDesk::Access
