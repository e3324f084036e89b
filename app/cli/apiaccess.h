#pragma once

#include "access/accessservice.h"
#include "arm/armclient.h"
#include "audit/identity.h"
#include "authcommands.h"
#include "backup/backupservice.h"

#include <QNetworkAccessManager>

#include <memory>

namespace RestoreDesk::Cli {

struct CliSession;

// The backup API for one CLI run, however the identity was given (the global options):
//   --api-base URL --access-token TOKEN (or RESTOREDESK_ACCESS_TOKEN): that bearer token and
//     nothing else — no issuer, no keychain, no renewal (StaticTokenProvider); a token without
//     --api-base takes the API base of the profile the options name;
//   --issuer URL --client-id ID --api-base URL: a profile-less run, resumed from the keychain
//     where `login` with the same options left its refresh token;
//   --profile NAME, or the console's current profile: resumed from the keychain.
// A resumed session refreshes silently; a 401 from the API renews once (SessionTokenProvider).
// Yields the ARM transport and the backup service every API verb uses, the identity the audit
// log records, and the Caller the access service evaluates subscription scopes for (from the
// access token's claims, read with the profile's claim paths). Owns everything it made; lives for one command
// on the main thread.
class ApiAccess
{
public:
    ~ApiAccess();
    ApiAccess(const ApiAccess &) = delete;
    ApiAccess &operator=(const ApiAccess &) = delete;

    // Blocks (running the event loop) while a saved session is resumed. Errors are values; their
    // exit code is authExitCode().
    static Result<std::unique_ptr<ApiAccess>> open(const GlobalOptions &options);

    Arm::ArmClient &arm() { return *m_arm; }
    const Arm::ArmClient &arm() const { return *m_arm; }
    Backup::BackupService &service() { return *m_service; }
    QUrl apiBase() const { return m_arm->baseUrl(); }
    // Who calls: the verified ID token's identity for a session; for a bare access token, what
    // its claims say (decoded, not verified: identityVerified() is false).
    const Audit::Identity &identity() const { return m_identity; }
    bool identityVerified() const { return m_identityVerified; }
    bool hasSession() const { return m_session != nullptr; }
    const Access::Caller &caller() const { return m_caller; }

private:
    ApiAccess();

    // Destroyed in reverse: the service and the transport before what they use.
    std::unique_ptr<QNetworkAccessManager> m_nam; // bare-token runs
    std::unique_ptr<CliSession> m_session; // session runs (it owns their network manager)
    std::unique_ptr<Arm::TokenProvider> m_tokens;
    std::unique_ptr<Arm::ArmClient> m_arm;
    std::unique_ptr<Backup::BackupService> m_service;
    Audit::Identity m_identity;
    bool m_identityVerified = false;
    Access::Caller m_caller;
};

} // namespace RestoreDesk::Cli
