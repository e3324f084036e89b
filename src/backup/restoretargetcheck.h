#pragma once

#include "backup/restorerequest.h"
#include "backup/restoreservice.h"

namespace RestoreDesk::Backup {

// What the API's answers about a restore's targets mean for the request (the "Where" step's live
// validation, shared by the GUI and the CLI): each target of RestoreRequest::lookupTargets() and
// what its lookup said become problems tied to their field. A target that does not exist
// (RestoreTargetNotFound), a new VM's name already in use (RestoreNameTaken), a staging account or
// network outside the vault's region (RestoreTargetWrongRegion), a subnet the network does not
// have (RestoreSubnetNotFound) block the restore; a target the identity may not read, or a lookup
// that failed, is RestoreTargetUnknown: the service will decide, so it does not block. Pure
// functions, any thread.
struct RestoreTargetCheck
{
    static QList<RestoreRequest::Problem> judge(const RestoreRequest &request, RestoreRequest::Field field,
                                                const QString &id, const Result<TargetLookup> &lookup);
    // Whether a problem stops the restore (everything but "cannot tell").
    static bool blocks(const RestoreRequest::Problem &problem);
    // "westeurope" and "West Europe" are one region.
    static bool sameRegion(const QString &a, const QString &b);
};

} // namespace RestoreDesk::Backup
