#include "auth/keychainstore.h"

#include "auth/autherrors.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>

#include <memory>

#include <dlfcn.h>

namespace RestoreDesk::Auth {

namespace {

Error keychainError(SecretOutcome::Status status, const QString &text)
{
    switch (status) {
    case SecretOutcome::Status::NotFound:
        return Error::make(Error::Kind::Keychain, Codes::KeychainNotFound, text);
    case SecretOutcome::Status::Unavailable:
        return Error::make(Error::Kind::Keychain, Codes::KeychainUnavailable, text);
    case SecretOutcome::Status::Denied:
        return Error::make(Error::Kind::Keychain, Codes::KeychainLocked, text);
    default:
        return Error::make(Error::Kind::Keychain, Codes::KeychainFailed, text);
    }
}

// The keychain module's backend, or why it could not be loaded.
struct LoadedBackend
{
    SecretBackend *backend = nullptr;
    QString why;
};

LoadedBackend loadBackend(const QStringList &candidates)
{
    QString path;
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isFile()) {
            path = candidate;
            break;
        }
    }
    if (path.isEmpty())
        return { nullptr,
                 candidates.isEmpty() ? QStringLiteral(
                     "the keychain module was not looked for: the program's folder is unknown")
                                      : QStringLiteral("the keychain module is missing (looked for %1)")
                                            .arg(candidates.join(QStringLiteral(", "))) };
    void *handle = dlopen(QFile::encodeName(path).constData(), RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        return { nullptr,
                 QStringLiteral("the keychain module %1 could not be loaded: %2")
                     .arg(path, QString::fromLocal8Bit(dlerror())) };
    auto entry = reinterpret_cast<RestoreDeskSecretBackendEntry>(
        dlsym(handle, QT_STRINGIFY(RD_KEYCHAIN_MODULE_ENTRY)));
    SecretBackend *backend = entry ? entry() : nullptr;
    if (!backend) {
        dlclose(handle);
        return { nullptr, QStringLiteral("%1 is not this build's keychain module").arg(path) };
    }
    return { backend, QString() }; // never unloaded: its jobs may outlive any store
}

// Loaded at the first call of any store, once per process.
const LoadedBackend &backend()
{
    static const LoadedBackend *const loaded // never destroyed, as the module is never unloaded
        = new LoadedBackend(
            loadBackend(KeychainStore::modulePathsFor(QCoreApplication::applicationDirPath())));
    return *loaded;
}

} // namespace

KeychainStore::KeychainStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{ }

KeychainStore::~KeychainStore()
{
    // Calls still running hear `cancelled` (their keychain jobs finish unheard and delete
    // themselves).
    const auto running = std::move(m_running);
    m_running.clear();
    for (const auto &cancel : running)
        cancel();
}

QStringList KeychainStore::modulePathsFor(const QString &applicationDir)
{
    // Only from the executable's real location: were it unknown (the binary replaced while
    // running, no /proc), a relative path would be looked up in the working directory, where
    // anyone could have put a file of that name.
    if (applicationDir.isEmpty() || !QDir::isAbsolutePath(applicationDir))
        return {};
    return { QDir::cleanPath(QDir(applicationDir)
                                 .filePath(QStringLiteral(RD_KEYCHAIN_MODULE_FROM_BIN) + QLatin1Char('/')
                                           + QStringLiteral(RD_KEYCHAIN_MODULE_FILE))) };
}

QString KeychainStore::moduleProblem(const QStringList &candidates)
{
    return loadBackend(candidates).why;
}

template<typename Done, typename OnDone>
void KeychainStore::run(SecretBackend::Operation operation, const QString &key, const QByteArray &secret,
                        Done done, OnDone onDone)
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
    // The call's end: true when it is this one's to report (not timed out or cancelled before).
    // The timer is gone once it fired (it deletes itself): a keychain answering after the timeout
    // must not touch it.
    auto ending = [this, id, reported, timer = QPointer<QTimer>(timer)] {
        if (timer) {
            timer->stop();
            timer->deleteLater();
        }
        m_running.remove(id);
        if (*reported)
            return false;
        *reported = true;
        return true;
    };
    auto finished = [ending, done, onDone](SecretOutcome outcome) {
        if (!ending())
            return;
        if (outcome.status != SecretOutcome::Status::Done)
            done(keychainError(outcome.status, outcome.message));
        else
            onDone(std::move(outcome.secret));
    };
    const LoadedBackend &loaded = backend();
    if (loaded.backend) {
        timer->start(m_timeoutMs);
        loaded.backend->start(operation, m_service, key, secret, this, finished);
        return;
    }
    // No module: said on the next turn, as a keychain's own answer would be, never inside the call.
    QMetaObject::invokeMethod(
        this,
        [ending, done, why = loaded.why] {
            if (ending())
                done(Error::make(Error::Kind::Keychain, Codes::KeychainModuleUnavailable, why));
        },
        Qt::QueuedConnection);
}

void KeychainStore::write(const QString &key, const QByteArray &secret,
                          std::function<void(Result<void>)> done)
{
    run(SecretBackend::Operation::Write, key, secret, done, [done](QByteArray) { done(Result<void>()); });
}

void KeychainStore::read(const QString &key, std::function<void(Result<QByteArray>)> done)
{
    run(SecretBackend::Operation::Read, key, {}, done,
        [done](QByteArray secret) { done(std::move(secret)); });
}

void KeychainStore::remove(const QString &key, std::function<void(Result<void>)> done)
{
    run(SecretBackend::Operation::Remove, key, {}, done, [done](QByteArray) { done(Result<void>()); });
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
