#include "backup/restoretargetcheck.h"

#include "backup/armid.h"
#include "backup/restoreerrors.h"

namespace RestoreDesk::Backup {

using Field = RestoreRequest::Field;
using Problem = RestoreRequest::Problem;

namespace {

QString normalRegion(const QString &r)
{
    QString out;
    for (const QChar c : r) {
        if (!c.isSpace())
            out += c.toLower();
    }
    return out;
}

// The targets whose region must be the vault's: the VM is created in the vault's region, so its
// network must be there; the service stages the disks in the vault's region; a SQL server a
// database is restored to is registered with the vault, so in its region.
bool regionBound(Field field)
{
    return field == Field::VirtualNetwork || field == Field::StagingStorageAccount
        || field == Field::TargetServer;
}

} // namespace

bool RestoreTargetCheck::sameRegion(const QString &a, const QString &b)
{
    return normalRegion(a) == normalRegion(b);
}

bool RestoreTargetCheck::blocks(const Problem &problem)
{
    return problem.error.code != QString(Codes::RestoreTargetUnknown);
}

QList<Problem> RestoreTargetCheck::judge(const RestoreRequest &request, Field field, const QString &id,
                                         const Result<TargetLookup> &lookup)
{
    const QString key = RestoreRequest::fieldKey(field);
    auto unknown = [&](const QString &detail) {
        return QList<Problem> {
            { field, Error::make(Error::Kind::Auth, Codes::RestoreTargetUnknown, detail, { key, id }) }
        };
    };
    if (!lookup)
        return unknown(lookup.error().toString());
    const TargetLookup &t = lookup.value();
    if (t.state == TargetLookup::State::Unknown)
        return unknown(t.error.toString());

    // A new VM: its id must not exist yet.
    if (field == Field::TargetVmName) {
        if (t.state == TargetLookup::State::Exists) {
            const ArmId a = ArmId::parse(id);
            return { { field,
                       Error::make(Error::Kind::Invalid, Codes::RestoreNameTaken, {},
                                   { key, a.resourceName, a.resourceGroupId() }) } };
        }
        return {};
    }
    if (t.state == TargetLookup::State::Missing)
        return { { field,
                   Error::make(Error::Kind::Invalid, Codes::RestoreTargetNotFound, t.error.toString(),
                               { key, id }) } };

    QList<Problem> out;
    if (regionBound(field) && !t.location.isEmpty() && !request.vaultLocation.isEmpty()
        && !sameRegion(t.location, request.vaultLocation))
        out << Problem { field,
                         Error::make(Error::Kind::Invalid, Codes::RestoreTargetWrongRegion, {},
                                     { key, id, t.location, request.vaultLocation }) };
    if (field == Field::VirtualNetwork && !request.subnetName.trimmed().isEmpty()) {
        bool found = false;
        for (const QString &s : t.children)
            found = found || s.compare(request.subnetName.trimmed(), Qt::CaseInsensitive) == 0;
        if (!found)
            out << Problem { Field::Subnet,
                             Error::make(Error::Kind::Invalid, Codes::RestoreSubnetNotFound, {},
                                         { request.subnetName.trimmed(), ArmId::parse(id).resourceName,
                                           t.children.join(QStringLiteral(", ")) }) };
    }
    return out;
}

} // namespace RestoreDesk::Backup
