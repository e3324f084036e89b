#pragma once

#include "access/denyassignment.h"
#include "access/roleassignment.h"
#include "core/result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace RestoreDesk::Sandbox {

// A person the sandbox issuer can sign in (shown on its sign-in page).
struct SandboxUser
{
    QString username;
    QString name;
    QString oid;
    QStringList groupIds;
    QStringList roleSummary; // "Backup Reader @ Fabrikam Production", for the sign-in page
};

// A backup job. Live jobs (restores started through the API) compute their status from the
// clock: percent = elapsed / duration, until they end as `finalStatus` or are cancelled.
struct SandboxJob
{
    QString id; // guid; the job's name
    QString vaultId; // lower-case vault id
    QString itemId; // lower-case protected item id
    QString operation; // Backup, Restore, ConfigureBackup
    QString itemName; // entityFriendlyName
    QString backupManagementType;
    QString jobType;
    QDateTime start;
    qint64 durationMs = 0;
    QString finalStatus; // Completed, CompletedWithWarnings, Failed, Cancelled
    QString errorCode;
    QString errorMessage;
    QString warning;
    QDateTime cancelRequestedAt; // invalid when not cancelled
    QStringList tasks; // task names in order
    QJsonObject propertyBag;
    QString activityId;
    QDateTime listedFrom; // job listings leave it out before this (invalid: always listed)
    // Held: stays InProgress (at most 99 %) past its duration until released (tests hold jobs to
    // act mid-job without racing the clock); a cancel still ends it.
    bool held = false;
};

struct SandboxItem
{
    QJsonObject resource; // ARM protected item (GET shape)
    QList<QJsonObject> recoveryPoints; // newest first
    QString restoreOutcome = QStringLiteral("Completed");
    // A warning a restore that ends "Completed" still carries in its property bag (the service
    // does this: a completed status is not the whole story). Seed field "restoreWarning".
    QString restoreWarning;
    // When set, a restore's operation ends Failed with this ARM code before any job exists (the
    // service refuses some restores only once it has looked at them).
    QString restoreOperationFailure;
    QString kind; // vm, fileshare, sql
};

struct SandboxVault
{
    QJsonObject resource; // ARM vault (GET shape)
    QString subscriptionId;
    QString resourceGroup;
    QList<QJsonObject> policies;
    QList<SandboxItem> items;
    QList<SandboxJob> jobs; // newest last
    QJsonObject backupConfig;
};

// A resource beside the backups that a restore lands in or next to: a resource group, a storage
// account (with its file shares), a virtual network (with its subnets), a virtual machine (with the
// SQL databases it hosts). Where it is decides the region rules; its children the existence checks.
struct SandboxResource
{
    QString id; // canonical casing: /subscriptions/…/resourceGroups/…[/providers/NS/type/name]
    QString type; // "resourceGroups", "Microsoft.Storage/storageAccounts",
                  // "Microsoft.Network/virtualNetworks", "Microsoft.Compute/virtualMachines"
    QString location;
    QStringList children; // subnets, file shares or databases
};

struct SandboxIdentity
{
    QJsonObject resource; // user-assigned identity
    QList<QJsonObject> federatedCredentials;
};

// The whole fictional tenant: subscriptions, vaults and everything in them, users, groups, role
// assignments, identities, activity log. Built from resources/sandbox/tenant.json (or a file
// given on the command line), optionally grown by the large-tenant generator. Owned by the
// SandboxServer; lives on its thread.
class Tenant
{
public:
    // Builds a tenant from a seed document. `now` anchors every relative time.
    static Result<Tenant> fromSeed(const QByteArray &seedJson, const QDateTime &now);
    static Result<Tenant> builtIn(const QDateTime &now);

    struct Scale
    {
        int subscriptions = 0;
        int vaults = 0; // per subscription
        int items = 0; // per vault
        int points = 0; // per item
    };
    static Result<Scale> parseScale(const QString &spec);
    // Adds generated subscriptions/vaults/items/points (for benchmarks), keeping the seed.
    void grow(const Scale &scale, const QDateTime &now);

    QString tenantId;
    QString tenantName;
    QList<QJsonObject> subscriptions;
    QList<SandboxVault> vaults;
    QList<SandboxUser> users;
    QHash<QString, QString> groupNames; // id -> name
    QList<Access::RoleAssignment> roleAssignments;
    QList<Access::DenyAssignment> denyAssignments;
    QList<SandboxIdentity> identities;
    QList<QJsonObject> activityLog; // newest last
    QList<QJsonObject> trustedIssuers; // from the data file; read by SandboxServer
    QHash<QString, SandboxResource> resources; // lower-case id -> resource (restore targets)

    // The vault with this id (case-insensitive), or nullptr; O(1) through an index of the ids
    // that rebuilds itself when `vaults` changed under it (checked on every lookup).
    SandboxVault *vault(const QString &vaultId);
    SandboxItem *item(SandboxVault &vault, const QString &itemId);
    SandboxJob *job(SandboxVault &vault, const QString &jobName);
    const SandboxUser *user(const QString &username) const;
    // The resource with this id (case-insensitive), or nullptr.
    const SandboxResource *resource(const QString &id) const;
    // Adds a resource, or merges children into the one already there (its location stays).
    void addResource(const SandboxResource &resource);
    int totalItems() const;
    qint64 totalRecoveryPoints() const;

private:
    QHash<QString, qsizetype> m_vaultIndex; // case-folded id -> index in `vaults`
};

} // namespace RestoreDesk::Sandbox
