#include "auth/signoutreport.h"

namespace RestoreDesk::Auth {

namespace {

QString revocationName(SignOutReport::Revocation r)
{
    switch (r) {
    case SignOutReport::Revocation::Revoked:
        return QStringLiteral("revoked");
    case SignOutReport::Revocation::NotOffered:
        return QStringLiteral("not-offered");
    case SignOutReport::Revocation::Failed:
        return QStringLiteral("failed");
    case SignOutReport::Revocation::NothingToRevoke:
        break;
    }
    return QStringLiteral("nothing-to-revoke");
}

QString keychainName(SignOutReport::Keychain k)
{
    switch (k) {
    case SignOutReport::Keychain::Removed:
        return QStringLiteral("removed");
    case SignOutReport::Keychain::Unavailable:
        return QStringLiteral("unavailable");
    case SignOutReport::Keychain::NothingStored:
        break;
    }
    return QStringLiteral("nothing-stored");
}

} // namespace

QJsonObject SignOutReport::toJson() const
{
    QJsonObject o { { QStringLiteral("revocation"), revocationName(revocation) },
                    { QStringLiteral("keychain"), keychainName(keychain) } };
    if (!revocationError.code.isEmpty())
        o.insert(QStringLiteral("revocationError"), revocationError.code);
    if (!keychainError.code.isEmpty())
        o.insert(QStringLiteral("keychainError"), keychainError.code);
    if (accessTokenValidUntil.isValid())
        o.insert(QStringLiteral("accessValidUntil"), accessTokenValidUntil.toUTC().toString(Qt::ISODate));
    if (refreshTokenValidUntil.isValid())
        o.insert(QStringLiteral("refreshValidUntil"), refreshTokenValidUntil.toUTC().toString(Qt::ISODate));
    return o;
}

} // namespace RestoreDesk::Auth
