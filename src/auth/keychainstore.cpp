#include "auth/keychainstore.h"

#include <qt6keychain/keychain.h>

#include <QPointer>
#include <QTimer>

#include <memory>

namespace RestoreDesk::Auth {

namespace {

Error keychainError(QKeychain::Error code, const QString &text)
{
    switch (code) {
    case QKeychain::EntryNotFound:
        return Error::make(Error::Kind::Keychain, QStringLiteral("not_found"),
                           QStringLiteral("No such entry in the keychain."));
    case QKeychain::NoBackendAvailable:
        return Error::make(Error::Kind::Keychain, QStringLiteral("no_backend"),
                           QStringLiteral("No keychain is available (%1).").arg(text));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error::make(Error::Kind::Keychain, QStringLiteral("access_denied"),
                           QStringLiteral("The keychain refused access; it may be locked (%1).").arg(text));
    default:
        return Error::make(Error::Kind::Keychain, QStringLiteral("keychain"),
                           QStringLiteral("The keychain failed: %1").arg(text));
    }
}

// Runs one QtKeychain job, reports once: on finish or on timeout, whichever comes first.
template<typename Done, typename OnFinished>
void runJob(QKeychain::Job *job, int timeoutMs, QObject *context, Done done, OnFinished onFinished)
{
    auto reported = std::make_shared<bool>(false);
    auto timer = new QTimer(context);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, context, [reported, done, timer] {
        timer->deleteLater();
        if (*reported)
            return;
        *reported = true;
        done(Error::make(Error::Kind::Timeout, QStringLiteral("timeout"),
                         QStringLiteral("The keychain did not answer in time; it may be waiting for "
                                        "an unlock prompt.")));
    });
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [reported, done, onFinished, timer](QKeychain::Job *j) {
                         timer->stop();
                         timer->deleteLater();
                         if (*reported)
                             return;
                         *reported = true;
                         if (j->error() != QKeychain::NoError)
                             done(keychainError(j->error(), j->errorString()));
                         else
                             onFinished(j);
                     });
    job->setAutoDelete(true);
    timer->start(timeoutMs);
    job->start();
}

} // namespace

KeychainStore::KeychainStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{ }

void KeychainStore::write(const QString &key, const QByteArray &secret,
                          std::function<void(Result<void>)> done)
{
    auto job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setBinaryData(secret);
    runJob(job, m_timeoutMs, this, done, [done](QKeychain::Job *) { done(Result<void>()); });
}

void KeychainStore::read(const QString &key, std::function<void(Result<QByteArray>)> done)
{
    auto job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    runJob(job, m_timeoutMs, this, done,
           [done](QKeychain::Job *j) { done(static_cast<QKeychain::ReadPasswordJob *>(j)->binaryData()); });
}

void KeychainStore::remove(const QString &key, std::function<void(Result<void>)> done)
{
    auto job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    runJob(job, m_timeoutMs, this, done, [done](QKeychain::Job *) { done(Result<void>()); });
}

void KeychainStore::probe(std::function<void(Result<void>)> done)
{
    const QString key = QStringLiteral("restoredesk-probe");
    const QByteArray value = QByteArrayLiteral("probe");
    QPointer<KeychainStore> self(this);
    write(key, value, [self, key, value, done](Result<void> written) {
        if (!written) {
            done(std::move(written));
            return;
        }
        if (!self) {
            done(Error::make(Error::Kind::Cancelled, QStringLiteral("cancelled"),
                             QStringLiteral("The keychain store went away.")));
            return;
        }
        self->read(key, [self, key, value, done](Result<QByteArray> readBack) {
            if (!readBack)
                return done(readBack.error());
            if (readBack.value() != value)
                return done(
                    Error::make(Error::Kind::Keychain, QStringLiteral("keychain"),
                                QStringLiteral("The keychain returned different data than was stored.")));
            if (!self)
                return done(Result<void>());
            self->remove(key, done);
        });
    });
}

} // namespace RestoreDesk::Auth
