#pragma once

#include <QString>
#include <QStringList>

namespace RestoreDesk::Backup {

// The parts of an Azure resource id (or of an ARM URL such as an Azure-AsyncOperation header:
// scheme, host and query are dropped), read case-insensitively (the published examples mix
// `Subscriptions`/`subscriptions` and `vaults`/`Vaults`) and tolerant of ids that lack the
// `backupFabrics/{fabric}` segment (as the protected-items list example does) or the resource
// group name (as some sourceResourceIds in the examples do). Knows every id the console meets:
// subscription, resource group, any resource, and below a Recovery Services vault: policy,
// fabric, container, protected item, recovery point, job, and the operation-status/result URLs.
// Value type, any thread.
struct ArmId
{
    enum class Kind {
        Invalid,
        Root, // "/"
        Subscription,
        ResourceGroup,
        Resource, // a resource that is not a Recovery Services vault (VM, storage account...)
        Vault,
        Policy,
        Fabric,
        Container,
        Item,
        RecoveryPoint,
        Job,
        Operation, // .../operationsStatus/{id}, .../backupOperations/{id}, .../operationResults/{id}...
        Child, // another child of a resource (backupconfig/vaultconfig, privateEndpointConnections/…)
    };

    Kind kind = Kind::Invalid;
    QString subscription;
    QString resourceGroup;
    bool namelessResourceGroup = false; // "resourceGroups/providers/…": the group has no name
    QString providerNamespace; // "Microsoft.RecoveryServices", "Microsoft.Compute"...
    QString resourceType; // "vaults", "virtualMachines"...
    QString resourceName; // the top-level resource's name (the vault's, for vault ids)
    QString vault; // set when the resource is a Recovery Services vault
    QString fabric; // "Azure" when the id has no backupFabrics segment
    bool fabricInId = false;
    QString container;
    QString item;
    QString recoveryPoint;
    QString policy;
    QString job;
    QString operationType; // the segment before the operation id, in canonical casing
    QString operation; // the operation id
    QStringList children; // other child type/name pairs, as given

    static ArmId parse(const QString &idOrUrl);
    // The same; a value equal to `like`'s shares `like`'s string instead of a copy (the ids of
    // one list page name the same subscription, group and vault: nothing is allocated for them).
    static ArmId parse(const QString &idOrUrl, const ArmId &like);

    bool isValid() const { return kind != Kind::Invalid; }
    // True when the id is a vault or lies below one.
    bool isUnderVault() const { return !vault.isEmpty(); }

    // The id in canonical segment casing ("/subscriptions/…/resourceGroups/…/providers/
    // Microsoft.RecoveryServices/vaults/…/backupFabrics/Azure/…"); values keep their casing. Ids
    // without backupFabrics get it (the fabric is "Azure"). Empty for an invalid id.
    QString canonical() const;
    // canonical() lower-cased: equal for ids that name the same thing; for hashing and compare.
    QString key() const;

    // The ids of the parents this id names (canonical), or empty when it names none.
    QString subscriptionId() const;
    QString resourceGroupId() const;
    QString resourceId() const; // the top-level resource (the vault, the VM...)
    QString vaultId() const;
    QString policyId() const;
    QString containerId() const;
    QString itemId() const;
    QString recoveryPointId() const;
    QString jobId() const;

    // The scopes a role assignment could grant this id from, most specific first: the top-level
    // resource (vault), its resource group, its subscription, then "/". Empty for invalid ids.
    QStringList scopeChain() const;

    // The friendly names the container and item segments carry (see BackupName): the VM, share,
    // database or storage account name.
    QString containerFriendlyName() const;
    QString itemFriendlyName() const;
    // What an operator calls the thing this id names: an item's VM/share/database name, a
    // vault's name, a job's id...
    QString friendlyName() const;

private:
    static ArmId parse(const QString &idOrUrl, const ArmId *like);
};

// Resource ids (or ARM URLs) compare without regard to case; ids below a vault compare by
// canonical form, so an id without backupFabrics/Azure equals the same id with it.
bool sameArmId(const QString &a, const QString &b);

// QString::toLower(), byte for byte, without its cost for ASCII text (what ids almost always
// are): ASCII is lowered in place, any other text goes through QString::toLower(). Pure function.
QString lowerId(QString s);
// `s` lowered as lowerId() lowers ASCII, written to `out` (s.size() units); false, with `out`
// partly written, when `s` is not all ASCII. Pure function.
bool lowerAsciiInto(QStringView s, char16_t *out);

} // namespace RestoreDesk::Backup
