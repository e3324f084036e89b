#pragma once

#include "auth/keychainstore.h"

#include <QHash>
#include <QList>

namespace RestoreDesk::Test {

// A keychain in memory for session tests that need a shared entry without a Secret Service:
// answers from the event loop like the real one; `holdRemoves` keeps removals pending until
// releaseRemoves(), to observe what happens while the keychain has not answered yet.
// Test thread only.
class MemoryKeychain : public Auth::KeychainStore
{
    Q_OBJECT

public:
    explicit MemoryKeychain(QObject *parent = nullptr);

    void write(const QString &key, const QByteArray &secret, std::function<void(Result<void>)> done) override;
    void read(const QString &key, std::function<void(Result<QByteArray>)> done) override;
    void remove(const QString &key, std::function<void(Result<void>)> done) override;

    bool contains(const QString &key) const { return m_entries.contains(key); }
    QByteArray value(const QString &key) const { return m_entries.value(key); }
    int entryCount() const { return int(m_entries.size()); }

    bool holdRemoves = false;
    int pendingRemoves() const { return int(m_heldRemoves.size()); }
    void releaseRemoves();

private:
    QHash<QString, QByteArray> m_entries;
    QList<std::function<void()>> m_heldRemoves;
};

} // namespace RestoreDesk::Test
