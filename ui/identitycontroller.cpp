#include "identitycontroller.h"

#include "access/accessservice.h"
#include "access/claimrolemapping.h"
#include "access/credentialservice.h"
#include "accessherepage.h"
#include "audit/audittrail.h"
#include "auth/autherrors.h"
#include "auth/discovery.h"
#include "auth/session.h"
#include "backup/armid.h"
#include "backup/backupservice.h"
#include "claimsinspectorwidget.h"
#include "consolepage.h"
#include "credentialspage.h"
#include "effectivepermissionswidget.h"
#include "fictesterwidget.h"
#include "jose/jwssignature.h"
#include "jose/jwt.h"
#include "messagebanner.h"
#include "text/errortext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageBox>
#include <QUuid>

namespace RestoreDesk {

using Models::NavigationModel;

namespace {

Access::ClaimPaths pathsOf(const Auth::Profile &p)
{
    Access::ClaimPaths paths;
    if (!p.principalClaim.isEmpty())
        paths.principal = p.principalClaim;
    paths.groups = p.groupClaims;
    paths.roles = p.roleClaims;
    return paths;
}

QJsonObject claimsOf(const QByteArray &token)
{
    const auto jwt = Jose::Jwt::parse(token);
    return jwt ? jwt->claims : QJsonObject();
}

// A generic OIDC profile's claim → role mapping, read with the profile's claim paths; none when
// the profile states none (or, for one edited by hand, one that does not read).
std::optional<Access::ClaimRoleMapping> mappingOf(const Auth::Profile &p)
{
    if (p.kind != Auth::Profile::Kind::Oidc || p.roleMapping.isEmpty())
        return std::nullopt;
    auto mapping = Access::ClaimRoleMapping::fromJson(p.roleMapping);
    if (!mapping)
        return std::nullopt;
    mapping.value().paths = pathsOf(p);
    return mapping.value();
}

bool isCancelled(const Error &e)
{
    return e.kind == Error::Kind::Cancelled;
}

} // namespace

IdentityController::IdentityController(ConsolePage *console, Auth::Session *session, QObject *parent)
    : QObject(parent)
    , m_console(console)
    , m_session(session)
    , m_claims(new ClaimsInspectorWidget(console))
    , m_accessPage(new AccessHerePage(console))
    , m_credentialsPage(new CredentialsPage(console))
{
    const QString section = QLatin1String(kSectionKey);
    if (!console->navigation()->contains(section))
        console->addSection(section, tr("Identity"));
    console->addPage(section, QLatin1String(kClaimsKey), tr("Claims"), m_claims);
    console->addPage(section, QLatin1String(kAccessKey), tr("Access here"), m_accessPage);
    console->addPage(section, QLatin1String(kCredentialsKey), tr("Federated credentials"), m_credentialsPage);
    m_confirm = [console](const QString &preview) {
        return QMessageBox::question(console, tr("Create a federated credential"), preview,
                                     QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    };
    connect(console, &ConsolePage::nodeSelected, this, &IdentityController::onSelected);
    connect(session, &Auth::Session::changed, this, &IdentityController::refreshSession);
    connect(m_claims, &ClaimsInspectorWidget::verifyRequested, this, &IdentityController::verify);
    connect(m_credentialsPage, &CredentialsPage::listRequested, this, [this](const QString &id) {
        m_credentialsPage->banner()->clear();
        listCredentials(id);
    });
    connect(m_credentialsPage->tester(), &FicTesterWidget::createRequested, this,
            &IdentityController::createCredential);
    setService(nullptr);
}

IdentityController::~IdentityController()
{
    // Loads first: their reports (cancelled) must find every member whole.
    delete m_accessLoads;
    delete m_credentialLoads;
    m_discovery.reset();
}

void IdentityController::setService(Backup::BackupService *service)
{
    delete m_accessLoads;
    delete m_credentialLoads;
    m_access.reset();
    m_credentials.reset();
    m_discovery.reset();
    m_service = service;
    m_shownScope.clear();
    if (service) {
        m_access = std::make_unique<Access::AccessService>(service->arm(), service->versions());
        m_credentials = std::make_unique<Access::CredentialService>(service->arm(), service->versions());
        Net::Transport transport;
        transport.nam = &m_nam;
        if (!m_session->profile().caBundle.isEmpty()) {
            if (auto tls = Net::Transport::tlsWithBundle(m_session->profile().caBundle))
                transport.tls = tls.value();
        }
        m_discovery = std::make_unique<Auth::Discovery>(transport, systemClock());
    }
    m_credentialsPage->setApiAvailable(service != nullptr);
    m_credentialsPage->tester()->setCreateAllowed(false, QString());
    if (service)
        m_accessPage->showNoScope();
    else
        m_accessPage->showSignedOut();
    refreshSession();
    if (service && m_console->selectedKey() == QLatin1String(kAccessKey))
        loadAccess();
}

void IdentityController::setAuditTrail(Audit::AuditTrail *trail)
{
    m_trail = trail;
}

void IdentityController::setConfirmation(std::function<bool(const QString &)> confirm)
{
    m_confirm = std::move(confirm);
}

void IdentityController::refreshSession()
{
    const bool signedIn = m_service && m_session->isSignedIn();
    m_claims->setApiAudience(signedIn ? m_session->profile().apiAudience : QString());
    if (signedIn) {
        // The session's pinned keys verify its own tokens without a fetch.
        const Auth::ProviderMetadata &provider = m_session->provider();
        if (!provider.issuer.isEmpty() && !provider.keys.keys.isEmpty()) {
            Access::SignatureKeys keys;
            keys.issuer = provider.issuer;
            keys.keys = provider.keys;
            keys.algorithms = Jose::supportedAlgorithms();
            m_claims->setVerificationKeys(keys);
        }
    }
    m_claims->setSessionTokens(signedIn ? m_session->idToken() : QByteArray(),
                               signedIn ? m_session->accessToken() : QByteArray());
    updateCaller();
}

void IdentityController::updateCaller()
{
    // Whose access is asked about follows the access token (its claims, the profile's paths).
    if (!m_access)
        return;
    const Auth::Profile &profile = m_session->profile();
    const QJsonObject claims = claimsOf(m_session->accessToken());
    Access::Caller caller
        = Access::Caller::fromClaims(claims, pathsOf(profile), profile.kind == Auth::Profile::Kind::Oidc);
    if (const auto mapping = mappingOf(profile))
        caller.mappedAssignments = mapping->assignments(claims, Access::RoleDefinition::builtInBackupRoles());
    m_access->setCaller(caller);
}

void IdentityController::onSelected(const QString &key, NavigationModel::Kind kind, const QString &resourceId)
{
    if (kind == NavigationModel::Kind::Subscription || kind == NavigationModel::Kind::ResourceGroup
        || kind == NavigationModel::Kind::Vault) {
        if (!resourceId.isEmpty() && resourceId != m_scope) {
            m_scope = resourceId;
            const Backup::ArmId id = Backup::ArmId::parse(resourceId);
            // A subscription goes by its display name (as in the tree), not its id.
            const QString title
                = m_console->navigation()->indexOf(key).data(NavigationModel::TitleRole).toString();
            const QString name = !id.resourceName.isEmpty() ? id.resourceName
                : !id.resourceGroup.isEmpty()               ? id.resourceGroup
                : !title.isEmpty()                          ? title
                                                            : id.subscription;
            m_console->navigation()->add(QLatin1String(kSectionKey),
                                         { QLatin1String(kAccessKey),
                                           NavigationModel::Kind::Page,
                                           tr("Access here: %1").arg(name),
                                           {},
                                           false,
                                           resourceId });
        }
        return;
    }
    if (key == QLatin1String(kAccessKey) && m_scope != m_shownScope)
        loadAccess();
}

void IdentityController::loadAccess()
{
    delete m_accessLoads;
    if (!m_access) {
        m_accessPage->showSignedOut();
        return;
    }
    if (m_scope.isEmpty()) {
        m_accessPage->showNoScope();
        return;
    }
    updateCaller();
    m_shownScope = m_scope;
    m_accessLoads = new QObject(this);
    m_accessPage->showLoading(m_scope);
    const QString scope = m_scope;
    m_access->here(scope, m_accessLoads, [this, scope](Result<Access::AccessAnswer> r) {
        if (!r) {
            if (isCancelled(r.error()))
                return;
            m_shownScope.clear(); // opening the page again tries again
            m_accessPage->showFailure(r.error(), [this] { loadAccess(); });
            Q_EMIT accessShown(scope);
            return;
        }
        m_accessPage->showAnswer(r.value());
        const auto mapping = mappingOf(m_session->profile());
        if (mapping) {
            // The mapping in force, against the actual token.
            const QJsonObject claims = claimsOf(m_session->accessToken());
            m_accessPage->permissions()->setMapping(mapping->explain(claims), mapping->unmapped(claims));
        } else if (m_session->profile().kind == Auth::Profile::Kind::Oidc) {
            m_accessPage->permissions()->setClaimPaths(m_access->caller().principal,
                                                       pathsOf(m_session->profile()));
        } else {
            m_accessPage->permissions()->setMapping({}, {});
        }
        Q_EMIT accessShown(scope);
    });
}

void IdentityController::verify(const QString &issuer)
{
    if (!m_discovery) {
        m_claims->showVerifyFailed(issuer, Error::make(Error::Kind::Auth, Auth::Codes::NotSignedIn));
        return;
    }
    QPointer<IdentityController> self(this);
    auto keysOf = [issuer](const Auth::ProviderMetadata &m) {
        Access::SignatureKeys keys;
        keys.issuer = issuer; // Discovery held the document's issuer to this one, exactly
        keys.keys = m.keys;
        keys.algorithms = Jose::supportedAlgorithms();
        return keys;
    };
    m_discovery->fetch(issuer, [self, issuer, keysOf](Result<Auth::ProviderMetadata> r) {
        if (!self)
            return;
        if (!r) {
            if (!isCancelled(r.error()))
                self->m_claims->showVerifyFailed(issuer, r.error());
            return;
        }
        self->m_claims->setVerificationKeys(keysOf(r.value()));
        const Access::TokenInspection *t = self->m_claims->inspection();
        if (!t || t->signature.reason != QLatin1String("unknown_kid") || !self->m_discovery)
            return;
        // A kid the published keys lack: the issuer may have rotated them; fetched again once.
        self->m_discovery->refreshKeys(issuer, [self, keysOf](Result<Auth::ProviderMetadata> fresh) {
            if (self && fresh)
                self->m_claims->setVerificationKeys(keysOf(fresh.value()));
        });
    });
}

void IdentityController::listCredentials(const QString &identityId)
{
    CredentialsPage *page = m_credentialsPage;
    if (!m_credentials)
        return;
    const auto identity = Access::UserAssignedIdentity::parse(identityId);
    if (!identity) {
        page->banner()->showError(identity.error());
        return;
    }
    delete m_credentialLoads;
    m_credentialLoads = new QObject(this);
    page->setBusy(true);
    page->tester()->setCreateAllowed(false, identity->id);
    const QString id = identity->id;
    m_credentials->list(
        identity.value(), m_credentialLoads, [this, page, id](Result<QList<Access::FederatedCredential>> r) {
            if (!r && isCancelled(r.error()))
                return;
            page->setBusy(false);
            if (!r) {
                page->banner()->showError(r.error(), [this, id] { listCredentials(id); });
                Q_EMIT credentialsListed(id);
                return;
            }
            page->tester()->setCredentials(r.value(), id);
            // Create is offered only when the service says this identity may write credentials here.
            const Access::BackupOperation &createOp
                = Access::BackupOperation::get(Access::BackupOperation::Id::CreateFederatedCredential);
            updateCaller();
            m_access->check(createOp, id, {}, m_credentialLoads,
                            [this, page, id](Result<Access::AccessCheck> c) {
                                if (!c && isCancelled(c.error()))
                                    return;
                                const bool allowed = c && c->allowed();
                                page->tester()->setCreateAllowed(allowed, id);
                                if (!c)
                                    page->banner()->showError(c.error());
                                else if (c->cannotTell())
                                    page->banner()->showMessage(
                                        MessageBanner::Level::Info,
                                        tr("Whether you may create credentials on this identity cannot be "
                                           "told, so Create stays off."));
                                Q_EMIT credentialsListed(id);
                            });
        });
}

Audit::Identity IdentityController::auditIdentity() const
{
    const QJsonObject &c = m_session->identity().jwt.claims;
    Audit::Identity id;
    id.issuer = c.value(QStringLiteral("iss")).toString(m_session->profile().issuer);
    id.subject = m_session->identity().subject;
    id.objectId = c.value(QStringLiteral("oid")).toString();
    id.username
        = c.value(QStringLiteral("preferred_username")).toString(c.value(QStringLiteral("upn")).toString());
    id.tenant = c.value(QStringLiteral("tid")).toString();
    return id;
}

void IdentityController::createCredential(const Access::FederatedCredential &credential,
                                          const QString &identityId)
{
    CredentialsPage *page = m_credentialsPage;
    const auto identity = Access::UserAssignedIdentity::parse(identityId);
    if (!m_credentials || !identity)
        return;
    page->banner()->clear();
    if (!m_trail) {
        // Every change is recorded before it is sent; without a trail nothing is sent.
        page->banner()->showMessage(MessageBanner::Level::Error,
                                    tr("The audit log is not available, so the credential was not created."));
        Q_EMIT createFinished(false);
        return;
    }
    const QString target = identity->credentialPath(credential.name);
    const QString preview
        = tr("Create federated credential %1 on %2?\n\nPUT %3\n%4")
              .arg(credential.name, identity->id, m_credentials->urlFor(target).toString(QUrl::FullyEncoded),
                   QString::fromUtf8(
                       QJsonDocument(credential.creationBody()).toJson(QJsonDocument::Indented)));
    if (!m_confirm || !m_confirm(preview)) {
        Q_EMIT createFinished(false);
        return;
    }
    const QString correlation = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject params { { QStringLiteral("identity"), identity->id },
                               { QStringLiteral("name"), credential.name },
                               { QStringLiteral("issuer"), credential.issuer },
                               { QStringLiteral("subject"), credential.subject },
                               { QStringLiteral("audiences"),
                                 QJsonArray::fromStringList(credential.audiences) } };
    const auto ref = m_trail->requested(Audit::EventType::CredentialCreate, auditIdentity(), target, params,
                                        {}, { correlation });
    if (!ref) {
        page->banner()->showMessage(MessageBanner::Level::Error,
                                    tr("Not recorded in the audit log, so the credential was not created: %1")
                                        .arg(Text::describe(ref.error())));
        Q_EMIT createFinished(false);
        return;
    }
    page->setBusy(true);
    page->tester()->setCreateAllowed(false, identity->id); // no second click while it is sent
    const Audit::RecordRef before = ref.value();
    const QString id = identity->id;
    QPointer<Audit::AuditTrail> trail = m_trail;
    QObject *owner = m_credentialLoads ? m_credentialLoads.data() : this;
    m_credentials->create(
        identity.value(), credential, correlation, owner,
        [this, page, trail, before, correlation, id](Result<Access::CredentialWrite> w) {
            // The outcome is recorded whatever happens next, a cancel (sign-out) included: the
            // record says the console does not know how it ended.
            QJsonObject outcomeParams;
            QString outcome = QString(Audit::Outcome::Succeeded);
            if (w) {
                outcomeParams = { { QStringLiteral("status"), w->status },
                                  { QStringLiteral("created"), w->created },
                                  { QStringLiteral("id"), w->credential.id } };
            } else {
                outcomeParams = { { QStringLiteral("status"), w.error().httpStatus },
                                  { QStringLiteral("error"), w.error().code } };
                outcome = isCancelled(w.error())  ? QString(Audit::Outcome::Cancelled)
                    : w.error().httpStatus == 403 ? QString(Audit::Outcome::Denied)
                                                  : QString(Audit::Outcome::Failed);
            }
            const auto after = trail
                ? trail->outcome(before, outcome, { correlation }, outcomeParams)
                : Result<Audit::RecordRef>(Error::make(Error::Kind::Io, QStringLiteral("audit_trail_gone")));
            if (!w && isCancelled(w.error()))
                return;
            page->setBusy(false);
            if (!w)
                page->banner()->showError(w.error());
            else if (!after)
                page->banner()->showMessage(
                    MessageBanner::Level::Warning,
                    tr("Created federated credential %1, but the outcome could not be "
                       "recorded in the audit log: %2")
                        .arg(w->credential.name, Text::describe(after.error())));
            else
                page->banner()->showMessage(MessageBanner::Level::Success,
                                            tr("Created federated credential %1.").arg(w->credential.name));
            Q_EMIT createFinished(w.ok());
            // From the event loop: listing again ends the loads that own the job reporting here.
            if (w)
                QMetaObject::invokeMethod(
                    this, [this, id] { listCredentials(id); }, Qt::QueuedConnection);
        });
}

} // namespace RestoreDesk
