#pragma once

#include "core/result.h"

#include <QObject>

#include <functional>

namespace RestoreDesk::Auth {

class KeychainStore;

// The per-installation audit MAC key, kept in the OS keychain (service "Restore Desk", entry
// "audit-hmac-key"): read it, or on first use create 256 random bits, store them and read them
// back. The audit layer takes the key as bytes and never sees the keychain. When no keychain
// works, fetch() reports the Error and the caller runs its log without a MAC (verification then
// says the key check did not run). Job-style: each fetch reports once. Lives on the thread of
// its KeychainStore (the GUI thread in the app); the store must outlive it.
class AuditKeyProvider : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kEntry = "audit-hmac-key";

    struct Key
    {
        QByteArray bytes;
        bool created = false; // made by this fetch (worth an audit record)
    };

    explicit AuditKeyProvider(KeychainStore *keychain, QObject *parent = nullptr);
    // `create` false: a missing key is reported as the keychain's "not_found" (verification
    // must not create a key and then call every older record unauthenticated).
    void fetch(std::function<void(Result<Key>)> done, bool create = true);

private:
    KeychainStore *m_keychain;
    QByteArray m_cached;
};

} // namespace RestoreDesk::Auth
