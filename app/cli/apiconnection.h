#pragma once

#include "access/accessservice.h"
#include "arm/armclient.h"
#include "audit/identity.h"
#include "authcommands.h"

#include <QEventLoop>
#include <QNetworkAccessManager>

#include <memory>
#include <optional>

namespace RestoreDesk::Auth {
class KeychainStore;
class ProfileStore;
class Session;
} // namespace RestoreDesk::Auth

namespace RestoreDesk::Cli {

// The API for one run of the identity verbs (access check, fic test --identity, fic create),
// however the identity was given (cli.md, global options): --access-token (or
// RESTOREDESK_ACCESS_TOKEN) with --api-base or a profile's API base: that bearer token only, no
// renewal; otherwise the profile (--profile, --issuer/--client-id, or the current one) resumed
// from the keychain, refreshing silently, renewing once on a 401. Yields the ARM transport, the
// identity the audit log records, and the Caller the access service evaluates subscription
// scopes for (from the access token's claims, with the profile's claim paths). The estate verbs
// have the same thing (ApiAccess) on their branch; the two are to be folded into one. Owns what
// it made; one command, main thread.
class ApiConnection
{
public:
    ~ApiConnection();
    ApiConnection(const ApiConnection &) = delete;
    ApiConnection &operator=(const ApiConnection &) = delete;

    // Blocks (running the event loop) while a saved session is resumed.
    static Result<std::unique_ptr<ApiConnection>> open(const GlobalOptions &options);

    Arm::ArmClient &arm() { return *m_arm; }
    const Audit::Identity &identity() const { return m_identity; }
    bool identityVerified() const { return m_identityVerified; }
    const Access::Caller &caller() const { return m_caller; }

private:
    ApiConnection() = default;

    // Destroyed in reverse: the transport before the tokens and the session it uses.
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<Auth::ProfileStore> m_store;
    std::unique_ptr<Auth::KeychainStore> m_keychain;
    std::unique_ptr<Auth::Session> m_session;
    std::unique_ptr<Arm::TokenProvider> m_tokens;
    std::unique_ptr<Arm::ArmClient> m_arm;
    Audit::Identity m_identity;
    bool m_identityVerified = false;
    Access::Caller m_caller;
};

// The exit code of cli.md for an error of an API verb: 2 usage (a bad option value), 3
// authentication (not signed in, 401 after renewal), 6 permission denied (403), else 1.
int exitCodeFor(const Error &error);

// Runs the event loop until the job `start` begins reports; returns what it reported.
template<typename T, typename Start>
Result<T> runJob(Start start)
{
    std::optional<Result<T>> result;
    QEventLoop loop;
    start([&](Result<T> r) {
        result = std::move(r);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}

} // namespace RestoreDesk::Cli
