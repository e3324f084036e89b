#include "auth/keychainstore.h"

#include "auth/autherrors.h"

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
        return Error::make(Error::Kind::Keychain, Codes::KeychainNotFound, text);
    case QKeychain::NoBackendAvailable:
        return Error::make(Error::Kind::Keychain, Codes::KeychainUnavailable, text);
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error::make(Error::Kind::Keychain, Codes::KeychainLocked, text);
    default:
        return Error::make(Error::Kind::Keychain, Codes::KeychainFailed, text);
    }
}

} // namespace

KeychainStore::KeychainStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{ }

KeychainStore::~KeychainStore()
{
    // Calls still running hear `cancelled` (their QtKeychain jobs finish unheard and delete
    // themselves).
    const auto running = std::move(m_running);
    m_running.clear();
    for (const auto &cancel : running)
        cancel();
}

template<typename Done, typename OnFinished>
void KeychainStore::runJob(QKeychain::Job *job, Done done, OnFinished onFinished)
{
    const quint64 id = ++m_nextCall;
    auto reported = std::make_shared<bool>(false);
    m_running.insert(id, [reported, done] {
        if (*reported)
            return;
        *reported = true;
        done(Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled));
    });
    auto timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, id, reported, done, timer] {
        timer->deleteLater();
        m_running.remove(id);
        if (*reported)
            return;
        *reported = true;
        done(Error::make(Error::Kind::Keychain, Codes::KeychainTimeout));
    });
    connect(job, &QKeychain::Job::finished, this,
            [this, id, reported, done, onFinished, timer](QKeychain::Job *j) {
                timer->stop();
                timer->deleteLater();
                m_running.remove(id);
                if (*reported)
                    return;
                *reported = true;
                if (j->error() != QKeychain::NoError)
                    done(keychainError(j->error(), j->errorString()));
                else
                    onFinished(j);
            });
    job->setAutoDelete(true);
    timer->start(m_timeoutMs);
    job->start();
}

void KeychainStore::write(const QString &key, const QByteArray &secret,
                          std::function<void(Result<void>)> done)
{
    auto job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setBinaryData(secret);
    runJob(job, done, [done](QKeychain::Job *) { done(Result<void>()); });
}

void KeychainStore::read(const QString &key, std::function<void(Result<QByteArray>)> done)
{
    auto job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    runJob(job, done,
           [done](QKeychain::Job *j) { done(static_cast<QKeychain::ReadPasswordJob *>(j)->binaryData()); });
}

void KeychainStore::remove(const QString &key, std::function<void(Result<void>)> done)
{
    auto job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    runJob(job, done, [done](QKeychain::Job *) { done(Result<void>()); });
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
            done(Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled));
            return;
        }
        self->read(key, [self, key, value, done](Result<QByteArray> readBack) {
            if (!readBack)
                return done(readBack.error());
            if (readBack.value() != value)
                return done(Error::make(Error::Kind::Keychain, Codes::KeychainMismatch));
            if (!self)
                return done(Result<void>());
            self->remove(key, done);
        });
    });
}

} // namespace RestoreDesk::Auth
