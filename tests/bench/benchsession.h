#pragma once

#include "auth/profilestore.h"
#include "auth/session.h"
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

} // namespace RestoreDesk::Bench
