#pragma once

#include "auth/profile.h"

#include <QSettings>

#include <memory>

namespace RestoreDesk::Auth {

// Profiles in QSettings (XDG config on Linux: ~/.config/restoredesk.invalid/restoredesk.conf),
// plus which one is current and, per issuer and client, the last signed-in subject (not a
// secret; it names the keychain entry to resume from). Not thread-safe; one per thread.
class ProfileStore
{
public:
    ProfileStore(); // the application's settings
    explicit ProfileStore(const QString &fileName); // a given file (tests, --config)

    QStringList names() const;
    Result<Profile> load(const QString &name) const;
    Result<void> save(const Profile &profile);
    void remove(const QString &name);

    QString current() const;
    void setCurrent(const QString &name);

    QString lastSubject(const QString &issuer, const QString &clientId) const;
    void setLastSubject(const QString &issuer, const QString &clientId, const QString &subject);

    static Result<void> exportTo(const Profile &profile, const QString &fileName);
    static Result<Profile> importFrom(const QString &fileName);

    QString fileName() const;

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace RestoreDesk::Auth
