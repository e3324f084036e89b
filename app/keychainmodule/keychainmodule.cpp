// restoredesk-keychain-module: QtKeychain behind the SecretBackend contract (src/auth/
// secretbackend.h), loaded by KeychainStore when a keychain is first used.

#include "auth/secretbackend.h"

#include <qt6keychain/keychain.h>

#include <QObject>

namespace RestoreDesk::Auth {

namespace {

SecretOutcome::Status statusOf(QKeychain::Error code)
{
    switch (code) {
    case QKeychain::NoError:
        return SecretOutcome::Status::Done;
    case QKeychain::EntryNotFound:
        return SecretOutcome::Status::NotFound;
    case QKeychain::NoBackendAvailable:
        return SecretOutcome::Status::Unavailable;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return SecretOutcome::Status::Denied;
    default:
        return SecretOutcome::Status::Failed;
    }
}

class QtKeychainBackend final : public SecretBackend
{
public:
    void start(Operation operation, const QString &service, const QString &key, const QByteArray &secret,
               QObject *context, std::function<void(SecretOutcome)> done) override
    {
        QKeychain::Job *job = nullptr;
        switch (operation) {
        case Operation::Read:
            job = new QKeychain::ReadPasswordJob(service);
            break;
        case Operation::Write: {
            auto *write = new QKeychain::WritePasswordJob(service);
            write->setBinaryData(secret);
            job = write;
            break;
        }
        case Operation::Remove:
            job = new QKeychain::DeletePasswordJob(service);
            break;
        }
        job->setKey(key);
        // A job whose context went first finishes unheard and deletes itself.
        QObject::connect(job, &QKeychain::Job::finished, context, [operation, done](QKeychain::Job *j) {
            SecretOutcome outcome;
            outcome.status = statusOf(j->error());
            if (outcome.status != SecretOutcome::Status::Done)
                outcome.message = j->errorString();
            else if (operation == Operation::Read)
                outcome.secret = static_cast<QKeychain::ReadPasswordJob *>(j)->binaryData();
            done(std::move(outcome));
        });
        job->setAutoDelete(true);
        job->start();
    }
};

} // namespace

} // namespace RestoreDesk::Auth

extern "C" Q_DECL_EXPORT RestoreDesk::Auth::SecretBackend *RD_KEYCHAIN_MODULE_ENTRY()
{
    static RestoreDesk::Auth::QtKeychainBackend backend;
    return &backend;
}
