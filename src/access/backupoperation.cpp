#include "access/backupoperation.h"

#include "access/accesscodes.h"

namespace RestoreDesk::Access {

namespace {

// The same action strings the sandbox's routes check (src/sandbox/backupapi_*.cpp).
const QString kVault = QStringLiteral("Microsoft.RecoveryServices/Vaults/");
const QString kItem = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/"
                                     "protectedItems/");

ActionRequirement vault(const char *tail)
{
    return ActionRequirement { kVault + QLatin1String(tail), ActionRequirement::On::Scope };
}

ActionRequirement item(const char *tail)
{
    return ActionRequirement { kItem + QLatin1String(tail), ActionRequirement::On::Scope };
}

ActionRequirement plain(const char *action, ActionRequirement::On on = ActionRequirement::On::Scope)
{
    return ActionRequirement { QString::fromLatin1(action), on };
}

QList<BackupOperation> build()
{
    using Id = BackupOperation::Id;
    QList<BackupOperation> ops;
    // Everything the estate views read: vault, protected items, recovery points, policies, jobs.
    ops << BackupOperation { Id::ReadEstate,
                             QStringLiteral("read"),
                             { vault("read"), vault("backupProtectedItems/read"), item("read"),
                               item("recoveryPoints/read"), vault("backupPolicies/read"),
                               vault("backupJobs/read") },
                             false };
    // Start it, then follow it: the item's operation status and the job it creates.
    ops << BackupOperation { Id::BackupNow,
                             QStringLiteral("backup"),
                             { item("backup/action"), item("operationsStatus/read"),
                               vault("backupJobs/read") },
                             false };
    ops << BackupOperation { Id::ValidateRestore,
                             QStringLiteral("validate-restore"),
                             { vault("backupValidateOperation/action") },
                             false };
    // On the vault; the targets (resource group, storage account, network, VM) add their own.
    ops << BackupOperation { Id::Restore,
                             QStringLiteral("restore"),
                             { item("recoveryPoints/restore/action"), item("recoveryPoints/read"),
                               item("operationsStatus/read"), vault("backupJobs/read") },
                             true };
    ops << BackupOperation { Id::CancelJob,
                             QStringLiteral("cancel-job"),
                             { vault("backupJobs/cancel/action"), vault("backupJobs/operationResults/read") },
                             false };
    // Policy PUT answers with an operation under backupPolicies/operations.
    ops << BackupOperation { Id::ChangePolicy,
                             QStringLiteral("change-policy"),
                             { vault("backupPolicies/write"), vault("backupPolicies/operations/read") },
                             false };
    // Stop protection and delete data: protectedItems/delete (ARM's naming for deleting a
    // protected item; of the built-in Backup roles only Contributor has it, through its
    // wildcard), followed through the vault-level backupOperations.
    ops << BackupOperation { Id::DeleteBackupData,
                             QStringLiteral("delete-backup-data"),
                             { item("delete"), vault("backupOperations/read") },
                             false };
    ops << BackupOperation {
        Id::ManageFederatedCredentials,
        QStringLiteral("manage-federated-credentials"),
        { plain("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read"),
          plain("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write"),
          plain("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete") },
        false
    };
    // Creating one (the tester's Create, `fic create`): list (to see name and issuer/subject
    // clashes) and write; no delete, which only managing them needs.
    ops << BackupOperation {
        Id::CreateFederatedCredential,
        QStringLiteral("create-federated-credential"),
        { plain("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read"),
          plain("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write") },
        false
    };
    // The activity log is read per subscription.
    ops << BackupOperation { Id::ReadActivityLog,
                             QStringLiteral("read-activity-log"),
                             { plain("Microsoft.Insights/eventtypes/values/read",
                                     ActionRequirement::On::Subscription) },
                             false };
    ops << BackupOperation { Id::ReadAccess,
                             QStringLiteral("read-access"),
                             { plain("Microsoft.Authorization/roleAssignments/read"),
                               plain("Microsoft.Authorization/roleDefinitions/read") },
                             false };
    return ops;
}

} // namespace

const QList<BackupOperation> &BackupOperation::all()
{
    static const QList<BackupOperation> ops = build();
    return ops;
}

const BackupOperation &BackupOperation::get(Id id)
{
    for (const BackupOperation &op : all()) {
        if (op.id == id)
            return op;
    }
    Q_ASSERT_X(false, "BackupOperation::get", "every Id is in the catalogue");
    return all().first();
}

Result<BackupOperation> BackupOperation::find(const QString &key)
{
    for (const BackupOperation &op : all()) {
        if (op.key.compare(key.trimmed(), Qt::CaseInsensitive) == 0)
            return op;
    }
    return Error::make(Error::Kind::Invalid, Codes::UnknownOperation, QString(),
                       { key, keys().join(QStringLiteral(", ")) });
}

QStringList BackupOperation::keys()
{
    QStringList out;
    for (const BackupOperation &op : all())
        out << op.key;
    return out;
}

} // namespace RestoreDesk::Access
