#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace RestoreDesk::Sandbox {

// One person the sandbox can sign in, as a sign-in page lists them: read from the tenant data
// (the seed or a --data file), never written in the console. Plain value, any thread.
struct SandboxPerson
{
    QString username; // what the sandbox's sign-in page submits
    QString name; // display name
    QStringList roles; // "Backup Reader @ Fabrikam Production"; empty: no access
};

} // namespace RestoreDesk::Sandbox
