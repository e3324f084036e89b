#include "backup/restorerequest.h"

#include "backup/armid.h"
#include "backup/backuperrors.h"
#include "backup/backupname.h"
#include "backup/restoreerrors.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace RestoreDesk::Backup {

namespace {

using Field = RestoreRequest::Field;
using Mode = RestoreRequest::Mode;

Error required(Field f)
{
    return Error::make(Error::Kind::Invalid, Codes::RestoreFieldRequired, {},
                       { RestoreRequest::fieldKey(f) });
}

Error badName(Field f, const QString &value, const char *rule)
{
    return Error::make(Error::Kind::Invalid, Codes::RestoreInvalidName, {},
                       { RestoreRequest::fieldKey(f), value, QLatin1String(rule) });
}

Error badTarget(Field f, const QString &value, const char *kind)
{
    return Error::make(Error::Kind::Invalid, Codes::RestoreInvalidTarget, {},
                       { RestoreRequest::fieldKey(f), value, QLatin1String(kind) });
}

// Azure's naming rules for what a restore creates or names (resource-name-rules).
bool validVmName(const QString &n)
{
    // 1-64 characters; letters, digits, '-', '_', '.'; not ending in '.' or '-'; not only digits.
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$"));
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    return re.match(n).hasMatch() && !n.endsWith(QLatin1Char('.')) && !n.endsWith(QLatin1Char('-'))
        && !digits.match(n).hasMatch();
}

bool validGroupName(const QString &n)
{
    // 1-90 characters: letters, digits, '_', '-', '.', '(', ')'; not ending in '.'.
    static const QRegularExpression re(QStringLiteral("^[-\\w.()]{1,90}$"),
                                       QRegularExpression::UseUnicodePropertiesOption);
    return re.match(n).hasMatch() && !n.endsWith(QLatin1Char('.'));
}

bool validStorageName(const QString &n)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]{3,24}$"));
    return re.match(n).hasMatch();
}

bool validShareName(const QString &n)
{
    // 3-63: lower-case letters, digits, single hyphens; starts and ends with a letter or digit.
    static const QRegularExpression re(QStringLiteral("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$"));
    return re.match(n).hasMatch();
}

bool validDatabaseName(const QString &n)
{
    // SQL Server identifiers: 1-128 characters, none of the ones that break a file or a path.
    static const QRegularExpression bad(QStringLiteral("[\\[\\]/\\\\:*?\"<>|;']"));
    return !n.trimmed().isEmpty() && n.size() <= 128 && !bad.match(n).hasMatch() && n == n.trimmed();
}

// A path inside a share: relative, no "..", no backslashes, no empty segments.
bool validSharePath(const QString &p)
{
    if (p.isEmpty() || p.startsWith(QLatin1Char('/')) || p.contains(QLatin1Char('\\')))
        return false;
    QString trimmed = p;
    if (trimmed.endsWith(QLatin1Char('/')))
        trimmed.chop(1);
    const QStringList parts = trimmed.split(QLatin1Char('/'));
    for (const QString &part : parts) {
        if (part.isEmpty() || part == QLatin1String("..") || part == QLatin1String("."))
            return false;
    }
    return true;
}

// A folder on a SQL server: absolute (D:\\restore, /var/opt/mssql/restore), no "..".
bool validServerDirectory(const QString &d)
{
    static const QRegularExpression windows(QStringLiteral("^[A-Za-z]:\\\\"));
    if (!windows.match(d).hasMatch() && !d.startsWith(QLatin1Char('/')))
        return false;
    const QStringList parts = QString(d).replace(QLatin1Char('\\'), QLatin1Char('/')).split(QLatin1Char('/'));
    return !parts.contains(QStringLiteral(".."));
}

bool isResource(const QString &id, const char *ns, const char *type)
{
    const ArmId a = ArmId::parse(id);
    return a.kind == ArmId::Kind::Resource
        && a.providerNamespace.compare(QLatin1String(ns), Qt::CaseInsensitive) == 0
        && a.resourceType.compare(QLatin1String(type), Qt::CaseInsensitive) == 0 && a.children.isEmpty()
        && !a.resourceGroup.isEmpty();
}

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QString lastSegment(const QString &id)
{
    return id.section(QLatin1Char('/'), -1);
}

} // namespace

QList<Mode> RestoreRequest::modesFor(ProtectedItem::Kind kind)
{
    switch (kind) {
    case ProtectedItem::Kind::Vm:
        return { Mode::VmNew, Mode::VmDisks, Mode::VmReplace };
    case ProtectedItem::Kind::FileShare:
        return { Mode::FileShareOriginal, Mode::FileShareAlternate };
    case ProtectedItem::Kind::SqlDatabase:
        return { Mode::SqlAlternate, Mode::SqlFiles };
    case ProtectedItem::Kind::Unknown:
        break;
    }
    return {};
}

QString RestoreRequest::modeKey(Mode mode)
{
    switch (mode) {
    case Mode::VmNew:
    case Mode::FileShareAlternate:
    case Mode::SqlAlternate:
        return QStringLiteral("alternate");
    case Mode::VmDisks:
        return QStringLiteral("disks");
    case Mode::VmReplace:
    case Mode::FileShareOriginal:
        return QStringLiteral("original");
    case Mode::SqlFiles:
        return QStringLiteral("files");
    }
    return {};
}

Result<Mode> RestoreRequest::modeFrom(const QString &key, ProtectedItem::Kind kind)
{
    QStringList known;
    for (Mode m : modesFor(kind)) {
        known << modeKey(m);
        if (modeKey(m).compare(key.trimmed(), Qt::CaseInsensitive) == 0)
            return m;
    }
    return Error::make(Error::Kind::Invalid, Codes::RestoreModeUnsupported, known.join(QStringLiteral(", ")),
                       { key, kindKey(kind) });
}

QString RestoreRequest::kindKey(ProtectedItem::Kind kind)
{
    switch (kind) {
    case ProtectedItem::Kind::Vm:
        return QStringLiteral("vm");
    case ProtectedItem::Kind::FileShare:
        return QStringLiteral("fileshare");
    case ProtectedItem::Kind::SqlDatabase:
        return QStringLiteral("sql");
    case ProtectedItem::Kind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString RestoreRequest::fieldKey(Field field)
{
    switch (field) {
    case Field::Mode:
        return QStringLiteral("mode");
    case Field::TargetResourceGroup:
        return QStringLiteral("target-resource-group");
    case Field::TargetVmName:
        return QStringLiteral("target-vm-name");
    case Field::VirtualNetwork:
        return QStringLiteral("target-vnet");
    case Field::Subnet:
        return QStringLiteral("target-subnet");
    case Field::StagingStorageAccount:
        return QStringLiteral("staging-storage-account");
    case Field::TargetStorageAccount:
        return QStringLiteral("target-storage-account");
    case Field::TargetShare:
        return QStringLiteral("target-share");
    case Field::TargetFolder:
        return QStringLiteral("target-folder");
    case Field::Items:
        return QStringLiteral("item");
    case Field::TargetServer:
        return QStringLiteral("target-server");
    case Field::TargetDatabase:
        return QStringLiteral("target-database");
    case Field::TargetDirectory:
        return QStringLiteral("target-directory");
    case Field::RehydrationDays:
        return QStringLiteral("rehydration-days");
    }
    return {};
}

QString RestoreRequest::resourceIdFrom(const QString &text, const QString &groupId, const QString &type)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t.startsWith(QLatin1Char('/')))
        return t;
    if (groupId.isEmpty())
        return {};
    return groupId + QStringLiteral("/providers/") + type + QLatin1Char('/') + t;
}

RestoreRequest RestoreRequest::forSource(const RestoreSource &s)
{
    RestoreRequest r;
    r.itemId = s.item.id;
    r.itemName = s.item.friendlyName;
    r.kind = s.item.kind;
    r.sourceResourceId = s.item.sourceResourceId;
    r.pointId = s.point.id;
    r.pointName = s.point.name;
    r.pointTime = s.point.time.isValid()
        ? s.point.time
        : (s.point.timeRanges.isEmpty() ? QDateTime() : s.point.timeRanges.last().end);
    r.vaultLocation = s.vaultLocation;
    r.sqlInstance = s.item.parentName.isEmpty() ? QStringLiteral("MSSQLSERVER") : s.item.parentName;
    r.archived = s.point.needsRehydration();
    const QList<Mode> modes = modesFor(r.kind);
    if (!modes.isEmpty())
        r.mode = modes.first();
    if (r.kind == ProtectedItem::Kind::SqlDatabase)
        r.targetServerId = s.item.armId.containerId();
    return r;
}

QString RestoreRequest::targetVmId() const
{
    if (targetResourceGroupId.isEmpty() || targetVmName.trimmed().isEmpty())
        return {};
    return targetResourceGroupId + QStringLiteral("/providers/Microsoft.Compute/virtualMachines/")
        + targetVmName.trimmed();
}

QString RestoreRequest::sqlHostVmId() const
{
    const ArmId server = ArmId::parse(targetServerId);
    const BackupName host = BackupName::parse(server.container);
    if (server.subscription.isEmpty() || host.friendlyName.isEmpty() || host.resourceGroup.isEmpty())
        return {};
    return QStringLiteral(
               "/subscriptions/%1/resourceGroups/%2/providers/Microsoft.Compute/virtualMachines/%3")
        .arg(server.subscription, host.resourceGroup, host.friendlyName);
}

QString RestoreRequest::subnetId() const
{
    if (virtualNetworkId.isEmpty() || subnetName.trimmed().isEmpty())
        return {};
    return virtualNetworkId + QStringLiteral("/subnets/") + subnetName.trimmed();
}

bool RestoreRequest::canOverwrite(Mode mode)
{
    return mode == Mode::FileShareOriginal || mode == Mode::FileShareAlternate || mode == Mode::SqlAlternate;
}

bool RestoreRequest::overwrites() const
{
    return mode == Mode::VmReplace || (canOverwrite(mode) && overwrite);
}

QList<RestoreRequest::Problem> RestoreRequest::check() const
{
    QList<Problem> out;
    auto add = [&out](Field f, Error e) { out << Problem { f, std::move(e) }; };
    if (!modesFor(kind).contains(mode)) {
        add(Field::Mode,
            Error::make(Error::Kind::Invalid, Codes::RestoreModeUnsupported, {},
                        { modeKey(mode), kindKey(kind) }));
        return out;
    }
    if (itemId.isEmpty() || pointId.isEmpty())
        add(Field::Mode,
            Error::make(Error::Kind::Invalid, Codes::InvalidId, {},
                        { pointId, QStringLiteral("RecoveryPoint") }));
    if (overwrite && !canOverwrite(mode) && mode != Mode::VmReplace)
        add(Field::Mode,
            Error::make(Error::Kind::Invalid, Codes::RestoreOverwriteUnsupported, {}, { modeKey(mode) }));
    if (archived && (rehydrationDays < 10 || rehydrationDays > 30))
        add(Field::RehydrationDays,
            Error::make(Error::Kind::Invalid, Codes::RestoreRehydrationDays, {},
                        { QString::number(rehydrationDays) }));

    auto group = [&](Field f, bool needed) {
        if (targetResourceGroupId.isEmpty()) {
            if (needed)
                add(f, required(f));
            return;
        }
        const ArmId a = ArmId::parse(targetResourceGroupId);
        if (a.kind != ArmId::Kind::ResourceGroup)
            add(f, badTarget(f, targetResourceGroupId, "resource-group"));
        else if (!validGroupName(a.resourceGroup))
            add(f, badName(f, a.resourceGroup, "resource-group-name"));
    };
    auto storage = [&](Field f, const QString &id) {
        if (id.isEmpty())
            add(f, required(f));
        else if (!isResource(id, "Microsoft.Storage", "storageAccounts"))
            add(f, badTarget(f, id, "storage-account"));
        else if (!validStorageName(lastSegment(id)))
            add(f, badName(f, lastSegment(id), "storage-account-name"));
    };

    switch (mode) {
    case Mode::VmNew:
        group(Field::TargetResourceGroup, true);
        if (targetVmName.trimmed().isEmpty())
            add(Field::TargetVmName, required(Field::TargetVmName));
        else if (!validVmName(targetVmName.trimmed()))
            add(Field::TargetVmName, badName(Field::TargetVmName, targetVmName, "vm-name"));
        if (virtualNetworkId.isEmpty())
            add(Field::VirtualNetwork, required(Field::VirtualNetwork));
        else if (!isResource(virtualNetworkId, "Microsoft.Network", "virtualNetworks"))
            add(Field::VirtualNetwork, badTarget(Field::VirtualNetwork, virtualNetworkId, "virtual-network"));
        if (subnetName.trimmed().isEmpty())
            add(Field::Subnet, required(Field::Subnet));
        storage(Field::StagingStorageAccount, stagingStorageAccountId);
        break;
    case Mode::VmDisks:
        group(Field::TargetResourceGroup, false);
        storage(Field::StagingStorageAccount, stagingStorageAccountId);
        break;
    case Mode::VmReplace:
        storage(Field::StagingStorageAccount, stagingStorageAccountId);
        break;
    case Mode::FileShareAlternate:
        storage(Field::TargetStorageAccount, targetStorageAccountId);
        if (targetShare.trimmed().isEmpty())
            add(Field::TargetShare, required(Field::TargetShare));
        else if (!validShareName(targetShare.trimmed()))
            add(Field::TargetShare, badName(Field::TargetShare, targetShare, "share-name"));
        if (!targetFolder.isEmpty() && !validSharePath(targetFolder))
            add(Field::TargetFolder,
                Error::make(Error::Kind::Invalid, Codes::RestoreInvalidPath, {},
                            { fieldKey(Field::TargetFolder), targetFolder }));
        Q_FALLTHROUGH();
    case Mode::FileShareOriginal:
        if (itemLevel && items.isEmpty())
            add(Field::Items, required(Field::Items));
        for (const QString &p : items) {
            if (!validSharePath(p))
                add(Field::Items,
                    Error::make(Error::Kind::Invalid, Codes::RestoreInvalidPath, {},
                                { fieldKey(Field::Items), p }));
        }
        break;
    case Mode::SqlAlternate:
    case Mode::SqlFiles: {
        const ArmId server = ArmId::parse(targetServerId);
        if (targetServerId.isEmpty())
            add(Field::TargetServer, required(Field::TargetServer));
        else if (server.kind != ArmId::Kind::Container)
            add(Field::TargetServer, badTarget(Field::TargetServer, targetServerId, "sql-server"));
        if (mode == Mode::SqlFiles) {
            if (targetDirectory.trimmed().isEmpty())
                add(Field::TargetDirectory, required(Field::TargetDirectory));
            else if (!validServerDirectory(targetDirectory.trimmed()))
                add(Field::TargetDirectory,
                    Error::make(Error::Kind::Invalid, Codes::RestoreInvalidPath, {},
                                { fieldKey(Field::TargetDirectory), targetDirectory }));
        } else if (targetDatabase.isEmpty()) {
            add(Field::TargetDatabase, required(Field::TargetDatabase));
        } else if (!validDatabaseName(targetDatabase)) {
            add(Field::TargetDatabase, badName(Field::TargetDatabase, targetDatabase, "database-name"));
        }
        break;
    }
    }
    return out;
}

Result<QJsonObject> RestoreRequest::body() const
{
    const QList<Problem> problems = check();
    if (!problems.isEmpty())
        return problems.first().error;
    QJsonObject p;
    p.insert(QStringLiteral("recoveryPointId"), pointName);
    p.insert(QStringLiteral("sourceResourceId"), sourceResourceId);
    // An archive-tier point is brought back first: how fast, and for how long it stays readable.
    const auto addRehydration = [this, &p] {
        p.insert(QStringLiteral("recoveryPointRehydrationInfo"),
                 QJsonObject { { QStringLiteral("rehydrationPriority"), priorityKey(rehydrationPriority) },
                               { QStringLiteral("rehydrationRetentionDuration"),
                                 QStringLiteral("P%1D").arg(rehydrationDays) } });
    };
    switch (mode) {
    case Mode::VmNew:
    case Mode::VmDisks:
    case Mode::VmReplace: {
        p.insert(QStringLiteral("objectType"),
                 archived ? QStringLiteral("IaasVMRestoreWithRehydrationRequest")
                          : QStringLiteral("IaasVMRestoreRequest"));
        p.insert(QStringLiteral("recoveryType"),
                 mode == Mode::VmNew         ? QStringLiteral("AlternateLocation")
                     : mode == Mode::VmDisks ? QStringLiteral("RestoreDisks")
                                             : QStringLiteral("OriginalLocation"));
        p.insert(QStringLiteral("region"), vaultLocation);
        p.insert(QStringLiteral("storageAccountId"), stagingStorageAccountId);
        p.insert(QStringLiteral("createNewCloudService"), false);
        p.insert(QStringLiteral("originalStorageAccountOption"), false);
        p.insert(QStringLiteral("encryptionDetails"),
                 QJsonObject { { QStringLiteral("encryptionEnabled"), false } });
        if (mode == Mode::VmNew) {
            p.insert(QStringLiteral("targetResourceGroupId"), targetResourceGroupId);
            p.insert(QStringLiteral("targetVirtualMachineId"), targetVmId());
            p.insert(QStringLiteral("virtualNetworkId"), virtualNetworkId);
            p.insert(QStringLiteral("subnetId"), subnetId());
        } else if (mode == Mode::VmDisks && !targetResourceGroupId.isEmpty()) {
            p.insert(QStringLiteral("targetResourceGroupId"), targetResourceGroupId);
        }
        if (archived)
            addRehydration();
        break;
    }
    case Mode::FileShareOriginal:
    case Mode::FileShareAlternate: {
        p.insert(QStringLiteral("objectType"), QStringLiteral("AzureFileShareRestoreRequest"));
        p.insert(QStringLiteral("recoveryType"),
                 mode == Mode::FileShareOriginal ? QStringLiteral("OriginalLocation")
                                                 : QStringLiteral("AlternateLocation"));
        // Off by default: files that exist are kept (Skip); replacing them is opted into.
        p.insert(QStringLiteral("copyOptions"),
                 overwrites() ? QStringLiteral("Overwrite") : QStringLiteral("Skip"));
        p.insert(QStringLiteral("restoreRequestType"),
                 itemLevel ? QStringLiteral("ItemLevelRestore") : QStringLiteral("FullShareRestore"));
        const QString folder = mode == Mode::FileShareAlternate ? targetFolder : QString();
        QJsonArray specs;
        if (itemLevel) {
            for (const QString &path : items) {
                const bool dir = path.endsWith(QLatin1Char('/'));
                QJsonObject spec { { QStringLiteral("path"), dir ? path.chopped(1) : path },
                                   { QStringLiteral("fileSpecType"),
                                     dir ? QStringLiteral("Directory") : QStringLiteral("File") } };
                if (!folder.isEmpty())
                    spec.insert(QStringLiteral("targetFolderPath"), folder);
                specs.append(spec);
            }
        } else if (!folder.isEmpty()) {
            specs.append(QJsonObject { { QStringLiteral("targetFolderPath"), folder } });
        }
        if (!specs.isEmpty())
            p.insert(QStringLiteral("restoreFileSpecs"), specs);
        if (mode == Mode::FileShareAlternate)
            p.insert(QStringLiteral("targetDetails"),
                     QJsonObject { { QStringLiteral("name"), targetShare.trimmed() },
                                   { QStringLiteral("targetResourceId"), targetStorageAccountId } });
        break;
    }
    case Mode::SqlAlternate:
    case Mode::SqlFiles: {
        // An archived point: the workload type "with rehydrate" (the SQL counterpart of the VM's
        // IaasVMRestoreWithRehydrationRequest), or the service refuses the point.
        p.insert(QStringLiteral("objectType"),
                 archived ? QStringLiteral("AzureWorkloadSQLRestoreWithRehydrateRequest")
                          : QStringLiteral("AzureWorkloadSQLRestoreRequest"));
        if (archived)
            addRehydration();
        p.insert(QStringLiteral("recoveryType"), QStringLiteral("AlternateLocation"));
        p.insert(QStringLiteral("recoveryMode"),
                 mode == Mode::SqlFiles ? QStringLiteral("FileRecovery")
                                        : QStringLiteral("WorkloadRecovery"));
        p.insert(QStringLiteral("shouldUseAlternateTargetLocation"), true);
        p.insert(QStringLiteral("isNonRecoverable"), false);
        QJsonObject target { { QStringLiteral("containerId"), targetServerId },
                             { QStringLiteral("overwriteOption"),
                               overwrites() ? QStringLiteral("Overwrite")
                                            : QStringLiteral("FailOnConflict") } };
        if (mode == Mode::SqlFiles)
            target.insert(QStringLiteral("targetDirectoryForFileRestore"), targetDirectory.trimmed());
        else
            target.insert(QStringLiteral("databaseName"), sqlInstance + QLatin1Char('/') + targetDatabase);
        p.insert(QStringLiteral("targetInfo"), target);
        if (const QString host = sqlHostVmId(); !host.isEmpty())
            p.insert(QStringLiteral("targetVirtualMachineId"), host);
        break;
    }
    }
    return QJsonObject { { QStringLiteral("properties"), p } };
}

QJsonObject RestoreRequest::validationBody() const
{
    if (kind != ProtectedItem::Kind::Vm)
        return {};
    const auto b = body();
    if (!b)
        return {};
    return QJsonObject {
        { QStringLiteral("properties"),
          QJsonObject {
              { QStringLiteral("objectType"), QStringLiteral("ValidateIaasVMRestoreOperationRequest") },
              { QStringLiteral("restoreRequest"), b->value(QStringLiteral("properties")) } } }
    };
}

QList<RestoreEffect> RestoreRequest::effects() const
{
    using K = RestoreEffect::Kind;
    QList<RestoreEffect> out;
    if (archived)
        out << RestoreEffect { K::Rehydrate,
                               { iso(pointTime), QString::number(rehydrationDays),
                                 priorityKey(rehydrationPriority) } };
    const QString vmName = ArmId::parse(sourceResourceId).resourceName;
    switch (mode) {
    case Mode::VmNew:
        out << RestoreEffect { K::CreateVm, { targetVmName.trimmed(), targetResourceGroupId } };
        out << RestoreEffect { K::JoinSubnet, { subnetName.trimmed(), virtualNetworkId } };
        out << RestoreEffect { K::Stage, { stagingStorageAccountId } };
        break;
    case Mode::VmDisks:
        out << RestoreEffect { K::CreateDisks,
                               { vmName,
                                 targetResourceGroupId.isEmpty()
                                     ? ArmId::parse(stagingStorageAccountId).resourceGroupId()
                                     : targetResourceGroupId } };
        out << RestoreEffect { K::Stage, { stagingStorageAccountId } };
        break;
    case Mode::VmReplace:
        out << RestoreEffect { K::ReplaceDisks, { sourceResourceId } };
        out << RestoreEffect { K::Stage, { stagingStorageAccountId } };
        break;
    case Mode::FileShareOriginal:
    case Mode::FileShareAlternate: {
        const bool original = mode == Mode::FileShareOriginal;
        out << RestoreEffect { overwrite ? K::OverwriteFiles : K::WriteFiles,
                               { original ? itemName : targetShare.trimmed(),
                                 original ? sourceResourceId : targetStorageAccountId,
                                 original ? QString() : targetFolder,
                                 itemLevel ? items.join(QLatin1Char('\n')) : QString() } };
        break;
    }
    case Mode::SqlAlternate:
        out << RestoreEffect { overwrite ? K::OverwriteDatabase : K::CreateDatabase,
                               { targetDatabase, targetServerId } };
        break;
    case Mode::SqlFiles:
        out << RestoreEffect { K::WriteDatabaseFiles, { targetDirectory.trimmed(), targetServerId } };
        break;
    }
    return out;
}

QList<QPair<RestoreRequest::Field, QString>> RestoreRequest::lookupTargets() const
{
    QList<QPair<Field, QString>> out;
    auto add = [&out](Field f, const QString &id) {
        if (!id.isEmpty())
            out << qMakePair(f, id);
    };
    switch (mode) {
    case Mode::VmNew:
        add(Field::TargetResourceGroup, targetResourceGroupId);
        add(Field::TargetVmName, targetVmId());
        add(Field::VirtualNetwork, virtualNetworkId);
        add(Field::StagingStorageAccount, stagingStorageAccountId);
        break;
    case Mode::VmDisks:
        add(Field::TargetResourceGroup, targetResourceGroupId);
        add(Field::StagingStorageAccount, stagingStorageAccountId);
        break;
    case Mode::VmReplace:
        add(Field::StagingStorageAccount, stagingStorageAccountId);
        break;
    case Mode::FileShareAlternate:
        add(Field::TargetStorageAccount, targetStorageAccountId);
        if (!targetStorageAccountId.isEmpty() && !targetShare.trimmed().isEmpty())
            add(Field::TargetShare,
                targetStorageAccountId + QStringLiteral("/fileServices/default/shares/")
                    + targetShare.trimmed());
        break;
    case Mode::SqlAlternate:
    case Mode::SqlFiles:
        // The server the database or its files land on: the VM its container names.
        add(Field::TargetServer, sqlHostVmId());
        break;
    case Mode::FileShareOriginal:
        break;
    }
    return out;
}

QJsonObject RestoreRequest::auditParams() const
{
    QJsonObject p { { QStringLiteral("recoveryPoint"), pointId },
                    { QStringLiteral("recoveryPointTime"), iso(pointTime) },
                    { QStringLiteral("mode"), modeKey(mode) },
                    { QStringLiteral("itemKind"), kindKey(kind) },
                    { QStringLiteral("overwrite"), overwrites() } };
    const auto b = body();
    if (b)
        p.insert(QStringLiteral("request"), b->value(QStringLiteral("properties")));
    return p;
}

} // namespace RestoreDesk::Backup
