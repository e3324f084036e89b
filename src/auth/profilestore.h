#pragma once

#include "auth/profile.h"

#include <QSettings>

#include <memory>

namespace RestoreDesk::Auth {

// What an import read: the profile, and the keys of the file that were not taken (the browser
// command, which is a setting of this machine, and anything unknown), so the operator is told.
struct ImportedProfile
{
    Profile profile;
    QStringList dropped;
};

// Profiles in QSettings (XDG config on Linux: ~/.config/restoredesk.invalid/restoredesk.conf),
// plus which one is current and, per issuer and client, the last signed-in subject (not a
// secret; it names the keychain entry to resume from). A profile's browser command is kept
// apart from its exchange form, as a setting of this machine. Not thread-safe; one per thread.
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

    // The exchange form only: never the browser command or anything else of this machine.
    static Result<void> exportTo(const Profile &profile, const QString &fileName);
    static Result<ImportedProfile> importFrom(const QString &fileName);

    QString fileName() const;

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace RestoreDesk::Auth
