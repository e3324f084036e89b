#pragma once

#include "core/result.h"

#include <QObject>

#include <functional>

namespace RestoreDesk::Auth {

// Asynchronous access to the OS keychain (Secret Service, macOS Keychain, Windows Credential
// Manager) through QtKeychain. Every call is a job that reports exactly once, through its
// callback, with a value or an Error (Auth::Codes::KeychainNotFound, KeychainUnavailable,
// KeychainLocked, KeychainTimeout, KeychainFailed). Lives on the thread that created it (the GUI thread in
// the app).
class KeychainStore : public QObject
{
    Q_OBJECT

public:
    explicit KeychainStore(const QString &service, QObject *parent = nullptr);

    void write(const QString &key, const QByteArray &secret, std::function<void(Result<void>)> done);
    void read(const QString &key, std::function<void(Result<QByteArray>)> done);
    void remove(const QString &key, std::function<void(Result<void>)> done);

    // Write, read back and delete a throw-away entry: QtKeychain 0.13 has no availability check.
    void probe(std::function<void(Result<void>)> done);

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    QString service() const { return m_service; }

private:
    QString m_service;
    int m_timeoutMs = 30000;
};

} // namespace RestoreDesk::Auth
