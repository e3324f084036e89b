#pragma once

#include "backup/protecteditem.h"
#include "backup/recoverypoint.h"
#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace RestoreDesk::Backup {

// What a restore starts from: the protected item, the recovery point and the vault's region.
struct RestoreSource
{
    ProtectedItem item;
    RecoveryPoint point;
    QString vaultId;
    QString vaultLocation;
};

// One thing a restore will do, for the "where will it land?" preview (worded in ui/text). `args`
// per kind: Rehydrate (point time ISO, days, priority key), CreateVm (VM name, resource group id),
// JoinSubnet (subnet name, network id), CreateDisks (source VM name, resource group id),
// ReplaceDisks (VM id), Stage (storage account id), WriteFiles / OverwriteFiles (share name,
// storage account id, folder or empty, paths joined by "\n" or empty for the whole share),
// CreateDatabase / OverwriteDatabase (database name, server container id), WriteDatabaseFiles
// (folder, server container id).
struct RestoreEffect
{
    enum class Kind {
        Rehydrate,
        CreateVm,
        JoinSubnet,
        CreateDisks,
        ReplaceDisks,
        Stage,
        WriteFiles,
        OverwriteFiles,
        CreateDatabase,
        OverwriteDatabase,
        WriteDatabaseFiles
    };
    Kind kind = Kind::Stage;
    QStringList args;
    bool destructive() const
    {
        return kind == Kind::ReplaceDisks || kind == Kind::OverwriteFiles || kind == Kind::OverwriteDatabase;
    }
};

// An on-demand restore as the operator chose it: the source, the kind of restore (only those the
// item's kind supports), the targets and the opt-in overwrite. check() says what is wrong with
// it before anything is sent (names, id kinds, paths, required fields — each problem tied to its
// field); body() is the request the API takes (a `properties` object whose objectType decides its
// fields), with rehydration for archive-tier points; effects() is what it will create or
// overwrite, and where. Value type, any thread.
struct RestoreRequest
{
    enum class Mode {
        VmNew, // AlternateLocation: create a new VM
        VmDisks, // RestoreDisks
        VmReplace, // OriginalLocation: replace the original VM's disks
        FileShareOriginal,
        FileShareAlternate,
        SqlAlternate, // as another database (WorkloadRecovery)
        SqlFiles, // as .bak/.mdf files on a server (FileRecovery)
    };
    enum class Priority { Standard, High };
    enum class Field {
        Mode,
        TargetResourceGroup,
        TargetVmName,
        VirtualNetwork,
        Subnet,
        StagingStorageAccount,
        TargetStorageAccount,
        TargetShare,
        TargetFolder,
        Items,
        TargetServer,
        TargetDatabase,
        TargetDirectory,
        RehydrationDays,
    };
    struct Problem
    {
        Field field;
        Error error;
    };

    // The source.
    QString itemId;
    QString itemName; // the friendly name: what a typed confirmation must match
    ProtectedItem::Kind kind = ProtectedItem::Kind::Unknown;
    QString sourceResourceId;
    QString pointId;
    QString pointName;
    QDateTime pointTime;
    QString vaultLocation;
    QString sqlInstance; // MSSQLSERVER
    bool archived = false; // only in the archive tier: rehydrate first
    Priority rehydrationPriority = Priority::Standard;
    int rehydrationDays = 15; // how long the rehydrated copy is kept (10..30)

    Mode mode = Mode::VmNew;
    // VM
    QString targetResourceGroupId;
    QString targetVmName;
    QString virtualNetworkId;
    QString subnetName;
    QString stagingStorageAccountId;
    // File share
    bool itemLevel = false;
    QStringList items; // paths inside the share; a trailing "/" is a folder
    QString targetStorageAccountId;
    QString targetShare;
    QString targetFolder;
    // SQL
    QString targetServerId; // the protection container (VMAppContainer;Compute;rg;vm) in the vault
    QString targetDatabase;
    QString targetDirectory;
    // Replace what exists at the target (files of the same name, a database of the same name).
    // Off unless the operator opts in; replacing a VM's disks is always destructive.
    bool overwrite = false;

    // A request for this source with its defaults (the first mode its kind supports, the SQL
    // host as the target server).
    static RestoreRequest forSource(const RestoreSource &source);
    static QList<Mode> modesFor(ProtectedItem::Kind kind);
    // "original", "alternate", "disks", "files": the CLI's --mode words.
    static QString modeKey(Mode mode);
    static Result<Mode> modeFrom(const QString &key, ProtectedItem::Kind kind);
    static QString kindKey(ProtectedItem::Kind kind); // vm, fileshare, sql
    static QString fieldKey(Field field); // "target-resource-group"…: the CLI's option names
    static QString priorityKey(Priority p)
    {
        return p == Priority::High ? QStringLiteral("High") : QStringLiteral("Standard");
    }

    // A resource id from what an operator typed: an id as it is, or a name in `groupId`.
    static QString resourceIdFrom(const QString &text, const QString &groupId, const QString &type);

    QString targetVmId() const;
    // SQL: the VM the target server's container names (VMAppContainer;Compute;rg;vm), or empty.
    QString sqlHostVmId() const;
    QString subnetId() const;
    // The item's resource id (the VM, the storage account) or the target's, for the preview.
    bool overwrites() const;
    // Whether a mode has an overwrite option to opt into (file shares, SQL to another database);
    // a replace always overwrites, the others only create.
    static bool canOverwrite(Mode mode);
    // What is checked locally before sending; empty when the request can be sent.
    QList<Problem> check() const;
    // {"properties": {...}} for POST {pointId}/restore; an error when check() is not empty.
    Result<QJsonObject> body() const;
    QString restorePath() const { return pointId + QStringLiteral("/restore"); }
    // The body of the validate operation for the same request (VMs only; empty otherwise).
    QJsonObject validationBody() const;
    QList<RestoreEffect> effects() const;
    // The target resources a lookup can check: field -> resource id (empty ids left out).
    QList<QPair<Field, QString>> lookupTargets() const;
    // What the audit log keeps about the request (targets and options; never a secret).
    QJsonObject auditParams() const;
};

} // namespace RestoreDesk::Backup
