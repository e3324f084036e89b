#pragma once

#include "core/result.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace QKeychain {
class Job;
}

namespace RestoreDesk::Auth {

// Asynchronous access to the OS keychain (Secret Service, macOS Keychain, Windows Credential
// Manager) through QtKeychain. Every call is a job that reports exactly once, through its
// callback, with a value or an Error (Auth::Codes::KeychainNotFound, KeychainUnavailable,
// KeychainLocked, KeychainTimeout, KeychainFailed); calls still running when the store is
// destroyed report `cancelled`. write/read/remove are virtual so tests can put a keychain in
// memory in its place. Lives on the thread that created it (the GUI thread in the app).
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

private:
    // Starts `job`; reports once (finished, timed out, or `cancelled` when the store dies).
    template<typename Done, typename OnFinished>
    void runJob(QKeychain::Job *job, Done done, OnFinished onFinished);

    QString m_service;
    int m_timeoutMs = 30000;
    quint64 m_nextCall = 0;
    QHash<quint64, std::function<void()>> m_running; // call id -> report `cancelled`
};

} // namespace RestoreDesk::Auth
