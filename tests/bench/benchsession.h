#pragma once

#include "arm/armclient.h"
#include "arm/tokenprovider.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "backup/backupservice.h"
#include "browserplayer.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <memory>

namespace RestoreDesk::Bench {

// A console's sign-in against a sandbox, for the benchmark programs: the real Auth::Session
// (memory-only, no keychain) with BrowserPlayer as the system browser. GUI/CLI thread.
class BenchSession
{
public:
    BenchSession(const QString &issuer, const QString &api, const QString &user = QStringLiteral("rita"));

    // One interactive sign-in, to its end (blocks in the event loop).
    Result<void> signIn(int timeoutMs = 60000);
    Auth::Session &session() { return *m_session; }
    QNetworkAccessManager &nam() { return m_nam; }
    BrowserPlayer &browser() { return m_browser; }

private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;
    std::unique_ptr<Auth::ProfileStore> m_profiles;
    std::unique_ptr<Auth::Session> m_session;
    BrowserPlayer m_browser;
};

// What the console composes on a signed-in session, for the benchmark programs that drive its
// services: tokens from the session, an ARM client on `api` over the session's network access
// manager, and the backup service over that client. GUI/CLI thread.
class BenchApi
{
public:
    // `maxConcurrentPerHost` > 0 overrides the ARM client's own limit (0: the client's default).
    BenchApi(BenchSession &session, const QString &api, int maxConcurrentPerHost = 0);

    Arm::ArmClient &arm() { return m_arm; }
    Backup::BackupService &backup() { return m_backup; }

private:
    Arm::SessionTokenProvider m_tokens;
    Arm::ArmClient m_arm;
    Backup::BackupService m_backup;
};

// The value after `name` on a benchmark program's command line (empty when not given).
QString argumentValue(const QStringList &arguments, const char *name);

// Says why a benchmark program gives up ("rd_points_bench: why" on stderr) and returns its exit
// code (1). After the application object exists (its name is the program's).
int fail(const QString &why);

} // namespace RestoreDesk::Bench
