#pragma once

#include "core/result.h"

#include <QList>
#include <QString>

namespace RestoreDesk::Access {

// One action a backup operation needs, and on what: the scope being examined (the vault, or
// the identity for credential work), the subscription around it (the activity log), or the
// restore's targets, which RestoreTarget turns into concrete scopes.
struct ActionRequirement
{
    enum class On { Scope, Subscription };
    QString action;
    On on = On::Scope;
};

// What an operator does in this console, with the exact actions each thing needs. The actions
// are those the backup API checks (as the action lists of the built-in Backup Reader, Operator and
// Contributor roles imply, and the routes the sandbox enforces in src/sandbox/backupapi*.cpp); the
// restore's rights on its targets come from RestoreTarget. Immutable catalogue, any thread.
struct BackupOperation
{
    enum class Id {
        ReadEstate,
        BackupNow,
        ValidateRestore,
        Restore,
        CancelJob,
        ChangePolicy,
        DeleteBackupData,
        ManageFederatedCredentials,
        CreateFederatedCredential,
        ReadActivityLog,
        ReadAccess,
    };

    Id id = Id::ReadEstate;
    QString key; // stable, for `access check --operation KEY` and JSON output
    QList<ActionRequirement> requirements;
    bool needsRestoreTarget = false; // rights on the restore's targets count too

    static const QList<BackupOperation> &all();
    static const BackupOperation &get(Id id);
    // By key (case-insensitive); an UnknownOperation error names the known keys.
    static Result<BackupOperation> find(const QString &key);
    static QStringList keys();
};

} // namespace RestoreDesk::Access
