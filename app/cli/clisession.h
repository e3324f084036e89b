#pragma once

#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "authcommands.h"

#include <QEventLoop>
#include <QNetworkAccessManager>

#include <functional>
#include <memory>
#include <optional>

namespace RestoreDesk::Cli {

// The settings file the options name (--config), or the application's.
std::unique_ptr<Auth::ProfileStore> openProfileStore(const GlobalOptions &options);

// What every command that talks to an issuer needs: the settings, a network manager, the
// keychain and a session for the profile. Lives for one command, on the main thread.
struct CliSession
{
    CliSession(const GlobalOptions &options, const Auth::Profile &profile);
    std::unique_ptr<Auth::ProfileStore> store;
    QNetworkAccessManager nam;
    Auth::KeychainStore keychain;
    Auth::Session session;
};

// Runs the event loop until the job `start` begins reports, and returns its report.
template<typename T>
Result<T> waitFor(const std::function<void(std::function<void(Result<T>)>)> &start)
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
