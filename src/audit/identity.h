#pragma once

#include <QJsonObject>
#include <QString>

namespace RestoreDesk::Audit {

// Who did something, as the verified ID token says: issuer, subject, object id, username and
// tenant. Never a token. fromClaims() is the one mapping from a session's claims (the GUI and the
// CLI both use it). Plain value type, any thread.
struct Identity
{
    QString issuer;
    QString subject;
    QString objectId;
    QString username;
    QString tenant;

    bool isEmpty() const
    {
        return issuer.isEmpty() && subject.isEmpty() && objectId.isEmpty() && username.isEmpty()
            && tenant.isEmpty();
    }
    // "username" when known, else the object id, else the subject.
    QString display() const;
    QJsonObject toJson() const;
    static Identity fromJson(const QJsonObject &o);
    // From ID-token claims: iss (else `issuer`), sub (else `subject`), oid, preferred_username
    // (else upn), tid. Nothing else of the token is kept.
    static Identity fromClaims(const QJsonObject &claims, const QString &issuer = {},
                               const QString &subject = {});
};

} // namespace RestoreDesk::Audit
