#pragma once

#include "backup/pendingrestore.h"

#include "reasondialog.h"

namespace RestoreDesk {

// Asks the operator to confirm dropping a kept restore, as `restoredesk-cli restore pending discard
// --reason` does: the restore (item, when it was requested, its client request id), the jobs that
// may be it (check them first: one of them may be this restore) and a reason, required (OK stays
// off until one is typed); the reason goes to the audit record. Opened for the unsettled-restores
// strip's Discard and the submit page's "Drop it", window-modal, deleted on close; GUI thread.
class DiscardRestoreDialog : public ReasonDialog
{
    Q_OBJECT

public:
    explicit DiscardRestoreDialog(const Backup::PendingRestore &record, QWidget *parent = nullptr);

    const Backup::PendingRestore &record() const { return m_record; }

private:
    Backup::PendingRestore m_record;
};

} // namespace RestoreDesk
