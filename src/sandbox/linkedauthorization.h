#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace RestoreDesk::Sandbox {

// One right the sandbox demands where a restore lands ("linked scope" in the service's 403).
struct LinkedNeed
{
    QString scope;
    QString action;
};

// The sandbox's own rule for linked authorization: which actions a restore request (`properties`
// of the POST …/restore body) needs on the scopes it names, besides the restore action on the
// item. It follows Microsoft's published minimum permissions per restore scenario: a new VM needs,
// in its resource group, the rights to write the VM, its network interface and its disks; it
// reads the network and joins the subnet; every VM restore writes to the staging storage account;
// restored disks are written in the target resource group; a replace in place writes the original
// VM; a file share restore writes the storage account that receives the files; a SQL restore
// writes the server (VM) that receives the database or its files.
//
// It is written apart from the console's pre-check (Access::RestoreTarget::requirements) on
// purpose, reading the body on its own: the tests compare the two, so a restore the pre-check lets
// through but the service would refuse (or the reverse) shows as a disagreement, not as two copies
// of one mistake. Pure function, any thread.
QList<LinkedNeed> linkedNeeds(const QJsonObject &properties);

} // namespace RestoreDesk::Sandbox
