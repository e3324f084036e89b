#pragma once

#include "auth/secretbackend.h"
#include "core/result.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>

namespace RestoreDesk::Auth {

// Asynchronous access to the OS keychain (Secret Service, macOS Keychain, Windows Credential
// Manager) through QtKeychain, which the keychain module links (SecretBackend): loaded at the
// first call of any store, not at the process's start. Every call is a job that reports exactly
// once, through its callback, with a value or an Error (Auth::Codes::KeychainNotFound,
// KeychainUnavailable, KeychainModuleUnavailable (the module cannot be loaded; the detail says
// where and why), KeychainLocked, KeychainTimeout, KeychainFailed); calls still running when the
// store is destroyed report `cancelled`. write/read/remove are virtual so tests can put a keychain in memory
// in its place. Lives on the thread that created it (the GUI thread in the app).
class KeychainStore : public QObject
{
    Q_OBJECT

public:
    explicit KeychainStore(const QString &service, QObject *parent = nullptr);
    ~KeychainStore() override;

    virtual void write(const QString &key, const QByteArray &secret, std::function<void(Result<void>)> done);
    virtual void read(const QString &key, std::function<void(Result<QByteArray>)> done);
    virtual void remove(const QString &key, std::function<void(Result<void>)> done);

    // Write, read back and delete a throw-away entry: QtKeychain 0.13 has no availability check.
    void probe(std::function<void(Result<void>)> done);

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    QString service() const { return m_service; }

    // Where the keychain module is looked for, first found first: beside an executable in
    // `applicationDir` as an install lays them out (the build tree lays out app/ and tests/ the
    // same way). Absolute paths only.
    static QStringList modulePathsFor(const QString &applicationDir);
    // Why the first of `candidates` that exists cannot serve as the keychain module (missing, not
    // loadable, not this build's), or empty when it can: what every call of a store reports when
    // its module is not there. Loads it, as a store's first call does.
    static QString moduleProblem(const QStringList &candidates);

private:
    // Starts `operation`; reports once (finished, timed out, or `cancelled` when the store dies).
    // `onDone` gets a read's secret.
    template<typename Done, typename OnDone>
    void run(SecretBackend::Operation operation, const QString &key, const QByteArray &secret, Done done,
             OnDone onDone);

    QString m_service;
    int m_timeoutMs = 30000;
    quint64 m_nextCall = 0;
    QHash<quint64, std::function<void()>> m_running; // call id -> report `cancelled`
};

} // namespace RestoreDesk::Auth
