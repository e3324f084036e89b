#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QObject;

namespace RestoreDesk::Auth {

// What one keychain operation ended with, as the keychain module tells it.
struct SecretOutcome
{
    enum class Status { Done, NotFound, Unavailable, Denied, Failed };
    Status status = Status::Failed;
    QString message; // the keychain's own words when it did not succeed
    QByteArray secret; // what a read found
};

// The keychain module's side of KeychainStore. Only that module links QtKeychain (and, under it,
// Qt D-Bus, libdbus and libsystemd with its compression and crypto libraries): KeychainStore loads
// it when a keychain is first used, so a process that never asks one (a CLI listing with an access
// token, `token decode`) does not load nine libraries at its start. This header is the contract
// both sides compile; the module's entry point is named after a digest of it
// (RD_KEYCHAIN_MODULE_ENTRY): a module built from another version is loaded (its libraries' start
// runs) but its entry is not found, so nothing of it is called.
class SecretBackend
{
public:
    enum class Operation { Read, Write, Remove };

    virtual ~SecretBackend() = default;

    // Starts one operation on the entry `key` of `service` (`secret`: what a write stores).
    // `done` is called once, on the calling thread, unless `context` is destroyed first.
    virtual void start(Operation operation, const QString &service, const QString &key,
                       const QByteArray &secret, QObject *context, std::function<void(SecretOutcome)> done)
        = 0;
};

} // namespace RestoreDesk::Auth

// The module's entry point: the backend, which lives as long as the process.
extern "C" {
using RestoreDeskSecretBackendEntry = RestoreDesk::Auth::SecretBackend *(*)();
}
