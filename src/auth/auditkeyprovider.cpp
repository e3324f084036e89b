#include "auth/auditkeyprovider.h"

#include "auth/autherrors.h"
#include "auth/keychainstore.h"
#include "core/libcrypto.h"
#include "jose/randomtoken.h"

#include <QPointer>

namespace RestoreDesk::Auth {

namespace {

constexpr int kMinimumKeySize = 32;

Error keyError(const QString &detail)
{
    return Error::make(Error::Kind::Keychain, Codes::KeychainFailed, detail);
}

} // namespace

AuditKeyProvider::AuditKeyProvider(KeychainStore *keychain, QObject *parent)
    : QObject(parent)
    , m_keychain(keychain)
{ }

void AuditKeyProvider::fetch(std::function<void(Result<Key>)> done, bool create)
{
    if (!m_cached.isEmpty()) {
        done(Key { m_cached, false });
        return;
    }
    const QString entry = QLatin1String(kEntry);
    QPointer<AuditKeyProvider> self(this);
    m_keychain->read(entry, [self, entry, done, create](Result<QByteArray> read) {
        if (read && read->size() >= kMinimumKeySize) {
            if (self)
                self->m_cached = read.value();
            done(Key { read.value(), false });
            return;
        }
        if (read || read.error().code != Codes::KeychainNotFound || !create) {
            done(read ? keyError(QStringLiteral("The audit key in the keychain is too short."))
                      : read.error());
            return;
        }
        if (!self) {
            done(Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled));
            return;
        }
        // 32 random bytes from OpenSSL's CSPRNG, kept as their base64url text. None (libcrypto
        // could not be loaded, its generator failed): nothing is written, or every later run would
        // find a key too short to use, and never make a new one.
        const QByteArray fresh = Jose::randomUrlSafe(32);
        if (fresh.size() < kMinimumKeySize) {
            done(keyError(QStringLiteral("No random audit key could be made: %1")
                              .arg(LibCrypto::functions() ? QStringLiteral("the random generator failed")
                                                          : LibCrypto::unavailable())));
            return;
        }
        self->m_keychain->write(entry, fresh, [self, entry, fresh, done](Result<void> written) {
            if (!written) {
                done(written.error());
                return;
            }
            if (!self) {
                done(Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled));
                return;
            }
            // Read back: another process may have created its key at the same moment; whichever
            // the keychain kept is the key.
            self->m_keychain->read(entry, [self, fresh, done](Result<QByteArray> again) {
                if (!again) {
                    done(again.error());
                    return;
                }
                if (self)
                    self->m_cached = again.value();
                done(Key { again.value(), again.value() == fresh });
            });
        });
    });
}

} // namespace RestoreDesk::Auth
