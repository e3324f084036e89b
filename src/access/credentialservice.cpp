#include "access/credentialservice.h"

#include "access/accesscodes.h"
#include "backup/armid.h"

namespace RestoreDesk::Access {

Result<UserAssignedIdentity> UserAssignedIdentity::parse(const QString &text)
{
    QString id = text.trimmed();
    while (id.endsWith(QLatin1Char('/')))
        id.chop(1);
    const Backup::ArmId a = Backup::ArmId::parse(id);
    if (!id.startsWith(QLatin1Char('/')) || a.kind != Backup::ArmId::Kind::Resource
        || a.resourceGroup.isEmpty()
        || a.providerNamespace.compare(QLatin1String("Microsoft.ManagedIdentity"), Qt::CaseInsensitive) != 0
        || a.resourceType.compare(QLatin1String("userAssignedIdentities"), Qt::CaseInsensitive) != 0)
        return Error::make(Error::Kind::Invalid, Codes::InvalidIdentityId, {}, { text });
    return UserAssignedIdentity { id, a.resourceName };
}

QString UserAssignedIdentity::credentialsPath() const
{
    return id + QStringLiteral("/federatedIdentityCredentials");
}

QString UserAssignedIdentity::credentialPath(const QString &credentialName) const
{
    return credentialsPath() + QLatin1Char('/') + credentialName;
}

CredentialService::CredentialService(Arm::ArmClient *arm, Backup::ApiVersions versions, QObject *parent)
    : QObject(parent)
    , m_arm(arm)
    , m_versions(std::move(versions))
{ }

QUrl CredentialService::urlFor(const QString &path) const
{
    return m_arm->urlFor(path, m_versions.managedIdentity);
}

Backup::ListJob<FederatedCredential> *CredentialService::list(const UserAssignedIdentity &identity,
                                                              QObject *owner,
                                                              Done<QList<FederatedCredential>> done)
{
    return Backup::ListJob<FederatedCredential>::start(
        m_arm, identity.credentialsPath(), m_versions.managedIdentity, owner, {}, std::move(done));
}

CredentialWriteJob *CredentialService::create(const UserAssignedIdentity &identity,
                                              const FederatedCredential &credential,
                                              const QString &correlationId, QObject *owner,
                                              Done<CredentialWrite> done)
{
    auto *job = new CredentialWriteJob(owner, std::move(done));
    Arm::ArmRequest request;
    request.method = "PUT";
    request.pathOrUrl = identity.credentialPath(credential.name);
    request.apiVersion = m_versions.managedIdentity;
    request.body = credential.creationBody();
    request.sendBody = true;
    request.correlationId = correlationId;
    job->m_call = m_arm->send(request, job, [job](Result<Arm::ArmResponse> r) {
        if (job->isFinished())
            return;
        if (!r)
            return job->report(r.error());
        auto stored = FederatedCredential::fromJson(r->body);
        if (!stored)
            return job->report(Error(stored.error()).withHttp(r->status, r->correlationId));
        CredentialWrite w;
        w.credential = stored.value();
        w.created = r->status == 201;
        w.status = r->status;
        w.correlationId = r->correlationId;
        w.requestId = r->requestId;
        job->report(w);
    });
    return job;
}

CredentialWriteJob::CredentialWriteJob(QObject *owner, Done done)
    : RestoreDesk::Job<CredentialWrite>(owner, std::move(done))
{ }

CredentialWriteJob::~CredentialWriteJob()
{
    // End the call while this job is whole: its report comes here.
    if (m_call)
        delete m_call.data();
    report(cancelledError());
}

void CredentialWriteJob::cancel()
{
    report(cancelledError());
    if (m_call)
        m_call->cancel();
}

} // namespace RestoreDesk::Access
