#pragma once

#include "backup/pendingrestore.h"

#include "reasondialog.h"

namespace RestoreDesk {

// Asks the operator to confirm that a job IS a kept restore, as `restoredesk-cli restore pending
// adopt --reason` does: the job, the restore (item, when, its own reason) and a reason for the
// adoption, required (OK stays off until one is typed); the reason goes to the audit record.
// Opened by the restore controller for the unsettled-restores strip's Adopt button, window-modal,
// deleted on close; GUI thread.
class AdoptJobDialog : public ReasonDialog
{
    Q_OBJECT

public:
    AdoptJobDialog(const Backup::PendingRestore &record, const QString &jobId, QWidget *parent = nullptr);

    QString jobId() const { return m_jobId; }
    const Backup::PendingRestore &record() const { return m_record; }

private:
    Backup::PendingRestore m_record;
    QString m_jobId;
};

} // namespace RestoreDesk
