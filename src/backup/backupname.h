#pragma once

#include <QString>

namespace RestoreDesk::Backup {

// What the Recovery Services names of containers and protected items say, read
// case-insensitively (the API writes both "VM;…" and "vm;…"):
//   VM;iaasvmcontainerv2;{rg};{vm}          IaasVMContainer;iaasvmcontainerv2;{rg};{vm}
//   AzureFileShare;{share}                  StorageContainer;Storage;{rg};{account}
//   SQLDataBase;mssqlserver;{db}            VMAppContainer;Compute;{rg};{vm}
// and the short container forms of `properties.containerName` (iaasvmcontainerv2;{rg};{vm},
// Storage;{rg};{account}, Compute;{rg};{vm}). Anything else keeps its last part as the friendly
// name. Value type, any thread.
struct BackupName
{
    enum class Kind {
        VmItem,
        VmContainer,
        FileShareItem,
        StorageContainer,
        SqlDatabaseItem,
        WorkloadContainer, // VMAppContainer: a VM that hosts SQL (or other workloads)
        Other,
    };

    Kind kind = Kind::Other;
    QString name; // as given
    QString friendlyName; // the VM, share, database or storage account name
    QString resourceGroup; // of the VM or storage account, when the name says
    QString instance; // the SQL instance of a database item ("mssqlserver")

    static BackupName parse(const QString &name);
    // parse(name).friendlyName, as a view into `name` (nothing allocated): valid while the text
    // `name` shows is.
    static QStringView friendlyNameOf(QStringView name);
};

} // namespace RestoreDesk::Backup
