#pragma once

#include <QStringList>

namespace RestoreDesk::Sandbox {

// Who is calling the sandbox API, as established from a verified bearer token.
struct Principal
{
    QString issuer;
    QString subject;
    QString objectId; // the RBAC principal id (oid, or the trusted issuer's principal claim)
    QStringList groups;
    QStringList roles;
    QString name;
    QString username;
    QString tenantId;
    QString clientId;
    QStringList mappedRoles; // built-in role names granted by a trusted issuer's mapping
    QString mappedScope;

    QStringList principalIds() const { return QStringList { objectId } + groups; }
    QString displayName() const { return username.isEmpty() ? (name.isEmpty() ? subject : name) : username; }
};

} // namespace RestoreDesk::Sandbox
