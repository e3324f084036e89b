#include "memorykeychain.h"

#include "auth/autherrors.h"

#include <QTimer>

namespace RestoreDesk::Test {

MemoryKeychain::MemoryKeychain(QObject *parent)
    : Auth::KeychainStore(QStringLiteral("Restore Desk test"), parent)
{ }

void MemoryKeychain::write(const QString &key, const QByteArray &secret,
                           std::function<void(Result<void>)> done)
{
    QTimer::singleShot(0, this, [this, key, secret, done] {
        m_entries.insert(key, secret);
        done(Result<void>());
    });
}

void MemoryKeychain::read(const QString &key, std::function<void(Result<QByteArray>)> done)
{
    QTimer::singleShot(0, this, [this, key, done] {
        if (!m_entries.contains(key))
            return done(Error::make(Error::Kind::Keychain, Auth::Codes::KeychainNotFound));
        done(m_entries.value(key));
    });
}

void MemoryKeychain::remove(const QString &key, std::function<void(Result<void>)> done)
{
    auto run = [this, key, done] {
        if (m_entries.remove(key) == 0)
            return done(Error::make(Error::Kind::Keychain, Auth::Codes::KeychainNotFound));
        done(Result<void>());
    };
    if (holdRemoves)
        return m_heldRemoves.append(run);
    QTimer::singleShot(0, this, run);
}

void MemoryKeychain::releaseRemoves()
{
    holdRemoves = false;
    const auto held = std::move(m_heldRemoves);
    m_heldRemoves.clear();
    for (const auto &r : held)
        r();
}

} // namespace RestoreDesk::Test
