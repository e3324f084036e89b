#pragma once

#include "access/federatedcredential.h"
#include "backup/apiversions.h"
#include "backup/servicejobs.h"

#include <QObject>
#include <QPointer>

namespace RestoreDesk::Access {

class CredentialWriteJob;

// A user-assigned managed identity, by its resource id
// (/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/
// userAssignedIdentities/{name}); only parse() makes one, so a service call never sees a bad id.
struct UserAssignedIdentity
{
    QString id; // as given, without a trailing slash
    QString name;

    // An Invalid error (InvalidIdentityId) for anything else.
    static Result<UserAssignedIdentity> parse(const QString &id);
    QString credentialsPath() const; // {id}/federatedIdentityCredentials
    QString credentialPath(const QString &name) const;
};

// What a create (or replace) answered: the credential as the service stored it, whether it is
// new (201) or replaced one of the same name (200), and the ids to quote and record.
struct CredentialWrite
{
    FederatedCredential credential;
    bool created = true;
    int status = 0;
    QString correlationId;
    QString requestId;
};

// The federated identity credentials of a user-assigned identity (Microsoft.ManagedIdentity)
// through the ARM transport, api-version ApiVersions::managedIdentity: list them (every page;
// the service's `$skiptoken` nextLinks followed as given), and create or replace one (PUT,
// synchronous: 201 or 200). Checking the right first and recording the write in the audit log are
// the caller's (AccessService; Audit::AuditTrail); the PUT carries the correlation id the caller
// recorded. Jobs parented to their owner, reporting once, cancellable. GUI/CLI thread.
class CredentialService : public QObject
{
    Q_OBJECT

public:
    template<typename T>
    using Done = std::function<void(Result<T>)>;

    CredentialService(Arm::ArmClient *arm, Backup::ApiVersions versions = {}, QObject *parent = nullptr);

    Backup::ListJob<FederatedCredential> *list(const UserAssignedIdentity &identity, QObject *owner,
                                               Done<QList<FederatedCredential>> done);
    CredentialWriteJob *create(const UserAssignedIdentity &identity, const FederatedCredential &credential,
                               const QString &correlationId, QObject *owner, Done<CredentialWrite> done);
    // The URL a listing or write goes to (the "equivalent request" a preview shows).
    QUrl urlFor(const QString &path) const;
    QString apiVersion() const { return m_versions.managedIdentity; }

private:
    Arm::ArmClient *m_arm;
    Backup::ApiVersions m_versions;
};

// One PUT of a credential. Ends its call in its destructor. Reports once; cancellable.
class CredentialWriteJob final : public RestoreDesk::Job<CredentialWrite>
{
    Q_OBJECT

public:
    ~CredentialWriteJob() override;
    void cancel() override;

private:
    friend class CredentialService;
    CredentialWriteJob(QObject *owner, Done done);

    QPointer<Arm::ArmCall> m_call;
};

} // namespace RestoreDesk::Access
