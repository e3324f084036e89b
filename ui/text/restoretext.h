#pragma once

#include "backup/restorerequest.h"

#include <QString>
#include <QStringList>

namespace RestoreDesk::Text {

// The plain-language preview of a restore ("where will it land?"), shared by the wizard's review
// page and `restoredesk-cli restore`: one sentence per effect, naming what is created or
// overwritten and where, resources by name with their resource group. Pure functions, any thread.

// One effect as a sentence.
QString restoreEffect(const Backup::RestoreEffect &effect);
// Every effect of the request, in order, and a last line when it overwrites anything.
QStringList restorePreview(const Backup::RestoreRequest &request);
// "create a new VM", "restore disks"…: the restore's kind in words.
QString restoreModeName(Backup::RestoreRequest::Mode mode);

} // namespace RestoreDesk::Text
