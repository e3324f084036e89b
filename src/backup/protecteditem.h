#pragma once

#include "backup/armid.h"
#include "backup/backupname.h"
#include "backup/rawjson.h"
#include "core/jsontext.h"
#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace RestoreDesk::Backup {

// A protected item (backed-up VM, file share or SQL database), polymorphic by
// `properties.protectedItemType`:
//   Microsoft.Compute/virtualMachines, Microsoft.ClassicCompute/virtualMachines   a VM;
//   AzureFileShareProtectedItem                                                    a file share;
//   AzureVmWorkloadSQLDatabase                                                     a SQL database.
// Anything else is Unknown and keeps its raw JSON (name, health and policy still show). The
// container and item names come from the id's path segments, not from `containerName` (which
// drops the container type). Value type, any thread.
struct ProtectedItem
{
    enum class Kind { Vm, FileShare, SqlDatabase, Unknown };
    // healthStatus (VMs), or what the other kinds say (protectedItemHealthStatus, protectionStatus).
    enum class Health { Passed, ActionSuggested, ActionRequired, Invalid, Unknown };
    enum class ProtectionState {
        Protected,
        IRPending,
        ProtectionError,
        ProtectionStopped,
        ProtectionPaused,
        BackupsSuspended,
        Invalid,
        Unknown
    };

    QString id;
    ArmId armId;
    QString name; // the item segment ("VM;iaasvmcontainerv2;rg;vm")
    Kind kind = Kind::Unknown;
    QString protectedItemType;
    QString backupManagementType;
    QString workloadType;
    QString friendlyName; // properties.friendlyName, else what the item segment says
    QString containerName; // properties.containerName as sent
    QString sourceResourceId; // the VM, storage account or (SQL) host VM
    QString policyId;
    QString policyName;
    QString policyType; // V1 / V2 (IaaS VM)
    QDateTime lastBackupTime;
    QString lastBackupStatus; // Completed, Failed, CompletedWithWarnings, IRPending...
    QDateTime lastRecoveryPoint; // invalid when none yet
    Health health = Health::Unknown;
    QString healthText; // the service's word, as sent
    ProtectionState protectionState = ProtectionState::Unknown;
    QString protectionStateText;
    QString protectionStatus; // Healthy / Unhealthy
    QString serverName; // SQL: the host VM
    QString parentName; // SQL: the instance (MSSQLSERVER)
    bool softDeleted = false; // isScheduledForDeferredDelete
    // As sent; an item read from its page's text keeps that text and parses it only when asked.
    RawJson raw;

    // Whether the policy's schedule is expected to keep producing recovery points.
    bool isActivelyProtected() const
    {
        return protectionState == ProtectionState::Protected || protectionState == ProtectionState::IRPending
            || protectionState == ProtectionState::ProtectionError;
    }
    // The host of the item: the VM or the storage account name.
    QString hostName() const { return armId.containerFriendlyName(); }
    // hostName() as a view into armId (valid while this item is), made without a copy.
    QStringView hostNameView() const & { return BackupName::friendlyNameOf(armId.container); }
    QStringView hostNameView() const && = delete; // it would show a temporary's text

    static Result<ProtectedItem> fromArm(const QJsonObject &resource);
    // The item `element` of a list page's text (a value JsonText::scan accepted), read from the
    // text itself: what fromArm gives for it, or nullopt when the text reader cannot vouch for
    // that (an element fromArm refuses, keys written with escapes or twice...): then fromArm
    // reads it. The raw JSON is kept as the element's text in `page`. `index` (the scan's of
    // `page`, when kept) finds the element's members without stepping over its text again.
    static std::optional<ProtectedItem> fromArmText(const QByteArray &page, const JsonText::Value &element,
                                                    const JsonText::Index *index = nullptr);
    // The same read into `out`, which must be a default ProtectedItem (read() does not set every
    // member), e.g. one already in its page's list, so it is not moved there: true where
    // fromArmText() gives an item, false (then `out` is to be dropped) where it gives nullopt.
    static bool readArmText(ProtectedItem &out, const QByteArray &page, const JsonText::Value &element,
                            const JsonText::Index *index);
    static QString healthName(Health health); // "Passed", "ActionRequired"... (stable keys)
};

} // namespace RestoreDesk::Backup
