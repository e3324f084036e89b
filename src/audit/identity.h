#pragma once

#include <QJsonObject>
#include <QString>

namespace RestoreDesk::Audit {

// Who did something, as the verified ID token says: issuer, subject, object id, username and
// tenant. Never a token. The session's claims are mapped to it by the caller. Plain value type,
// any thread.
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
};

} // namespace RestoreDesk::Audit
