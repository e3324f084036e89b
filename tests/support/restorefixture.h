#pragma once

#include "arm/armclient.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "backup/backupservice.h"
#include "backup/restoreservice.h"
#include "core/clock.h"
#include "sandboxharness.h"

#include <QNetworkAccessManager>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace RestoreDesk::Test {

// The transport's token provider with a ledger: every token a call asked to have renewed, and the
// session's refreshes (its `refreshed`) that ran while that ask waited — the refresh it started or
// joined. A token renewed by two refreshes is a renewal storm; an ask the session answered
// without refreshing (someone renewed it already) counts none. Tokens are kept only as short
// hashes. Test thread.
class RenewalLedger final : public Arm::TokenProvider
{
public:
    RenewalLedger(Arm::TokenProvider *inner, Auth::Session *session);
    QByteArray accessToken() const override { return m_inner->accessToken(); }
    void renew(const QByteArray &rejected, std::function<void(Result<void>)> done) override;
    // By the token's short hash: how many distinct refreshes renewed it.
    QHash<QString, int> renewalsPerToken() const;
    int refreshes() const { return m_refreshes; }
    int asks() const { return m_asks; }

private:
    Arm::TokenProvider *m_inner;
    QObject m_context;
    int m_refreshes = 0;
    int m_asks = 0;
    QHash<QString, QSet<int>> m_renewedBy;
};

// What the GUI composes per sign-in, against an in-process sandbox: a memory-only session signed in
// as one of the seeded people (through the sandbox's sign-in page, over real sockets), the ARM
// transport with the session's silent refresh, and the backup and restore services. The sandbox
// and the session share a clock the test moves (runClock() moves it in the background, so jobs
// and tokens age in seconds of real time).
class RestoreFixture
{
public:
    RestoreFixture();
    ~RestoreFixture();

    bool start(const Sandbox::SandboxOptions &options, const QString &user, QString *error);
    // Advances the shared clock by `seconds` every `everyMs` of real time (0 stops).
    void runClock(int seconds, int everyMs);

    QTemporaryDir dir;
    ManualClock clock;
    SandboxHarness sandbox { clock.clock() };
    QNetworkAccessManager nam;
    std::unique_ptr<Auth::ProfileStore> profiles;
    std::unique_ptr<Auth::Session> session;
    std::unique_ptr<Arm::SessionTokenProvider> tokens;
    std::unique_ptr<RenewalLedger> renewals; // what the transport renews through
    std::unique_ptr<Arm::ArmClient> arm;
    std::unique_ptr<Backup::BackupService> backup;
    std::unique_ptr<Backup::RestoreService> restore;

    // The seeded tenant, read through the sandbox as the signed-in person would (carla reads all).
    QString itemId(const QString &vaultName, const QString &friendlyName);
    QString newestPoint(const QString &itemId, bool archived = false);
    // Restore jobs of the vault for this item, as the API lists them.
    int restoreJobs(const QString &vaultId, const QString &friendlyName);
    QString token(const QString &user);
    // A GET as Carla (who reads everything), asked again through faults and expired tokens.
    SandboxHarness::Reply read(const QString &pathOrUrl);

    static QString vaultId(const QString &name);
    static QString subscriptionOf(const QString &vaultName);

private:
    QTimer m_clockTimer;
    int m_step = 0;
    QHash<QString, QString> m_tokens;
};

} // namespace RestoreDesk::Test
