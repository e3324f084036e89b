#pragma once

#include "access/federatedcredential.h"
#include "core/error.h"
#include "models/navigationmodel.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace RestoreDesk {

namespace Access {
class AccessService;
class CredentialService;
} // namespace Access
namespace Audit {
class AuditTrail;
struct Identity;
} // namespace Audit
namespace Auth {
class Discovery;
class Session;
} // namespace Auth
namespace Backup {
class BackupService;
}
class AccessHerePage;
class ClaimsInspectorWidget;
class ConsolePage;
class CredentialsPage;

// The identity area of the console, under the tree's Identity section:
//   Claims        the session's ID and access tokens (or a pasted one) explained; the session's
//                 pinned keys verify its tokens, and "Verify" on a pasted token fetches only that
//                 issuer's discovery document and keys (Auth::Discovery's rules and cache);
//   Access here   what the identity may do at the subscription, resource group or vault last
//                 selected under Estate, loaded through the access service when the page is
//                 opened (and again when the selection changed); for a generic OIDC profile,
//                 how the token's claims are read;
//   Federated credentials   the tester, with an identity's credentials listed from the API and
//                 "Create" offered only when the access service says the identity may write
//                 them; a create shows its request for confirmation and is recorded in the audit
//                 trail before it is sent and after, and refused when there is no trail or the
//                 record cannot be written (fail closed).
// Loads belong to objects that die when the scope, identity or sign-in changes, so late answers
// never land on the wrong page. GUI thread; owned by the composition root.
class IdentityController : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kSectionKey = "identity";
    static constexpr const char *kClaimsKey = "identity/claims";
    static constexpr const char *kAccessKey = "identity/access";
    static constexpr const char *kCredentialsKey = "identity/credentials";

    IdentityController(ConsolePage *console, Auth::Session *session, QObject *parent = nullptr);
    ~IdentityController() override;

    // The backup service of the signed-in session (its ARM transport; nullptr when signed out).
    void setService(Backup::BackupService *service);
    void setAuditTrail(Audit::AuditTrail *trail);
    // Asks the operator to confirm a create, showing the request (default: a question box).
    void setConfirmation(std::function<bool(const QString &preview)> confirm);

    ClaimsInspectorWidget *claims() const { return m_claims; }
    AccessHerePage *accessPage() const { return m_accessPage; }
    // The signed-in identity's access service (with its caller: claims, mapped roles, so deny
    // assignments and mappings count), for every permission pre-check in the console. Null while
    // signed out; replaced at each setService().
    Access::AccessService *accessService() const { return m_access.get(); }
    CredentialsPage *credentialsPage() const { return m_credentialsPage; }
    QString accessScope() const { return m_scope; }

Q_SIGNALS:
    void accessShown(const QString &scope); // an answer (or a failure) is on the page
    void credentialsListed(const QString &identityId);
    void createFinished(bool created);

private:
    void onSelected(const QString &key, Models::NavigationModel::Kind kind, const QString &resourceId);
    void refreshSession(); // the Claims page's session tokens and keys, and the caller
    void updateCaller();
    void loadAccess();
    void verify(const QString &issuer);
    void listCredentials(const QString &identityId);
    void createCredential(const Access::FederatedCredential &credential, const QString &identityId);
    Audit::Identity auditIdentity() const;

    ConsolePage *m_console;
    Auth::Session *m_session;
    ClaimsInspectorWidget *m_claims;
    AccessHerePage *m_accessPage;
    CredentialsPage *m_credentialsPage;
    QPointer<Backup::BackupService> m_service;
    std::unique_ptr<Access::AccessService> m_access;
    std::unique_ptr<Access::CredentialService> m_credentials;
    QNetworkAccessManager m_nam;
    std::unique_ptr<Auth::Discovery> m_discovery;
    QPointer<Audit::AuditTrail> m_trail;
    std::function<bool(const QString &)> m_confirm;
    QString m_scope; // the estate scope last selected
    QString m_shownScope; // what the access page shows (or is loading)
    QPointer<QObject> m_accessLoads;
    QPointer<QObject> m_credentialLoads;
};

} // namespace RestoreDesk
