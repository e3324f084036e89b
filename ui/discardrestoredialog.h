#pragma once

#include "backup/pendingrestore.h"

#include <QDialog>

class QDialogButtonBox;
class QLineEdit;

namespace RestoreDesk {

// Asks the operator to confirm dropping a kept restore, as `restoredesk-cli restore pending discard
// --reason` does: the restore (item, when it was requested, its client request id), the jobs that
// may be it (check them first: one of them may be this restore) and a reason, required (OK stays
// off until one is typed); the reason goes to the audit record. Opened for the unsettled-restores
// strip's Discard and the submit page's "Drop it", window-modal, deleted on close; GUI thread.
class DiscardRestoreDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DiscardRestoreDialog(const Backup::PendingRestore &record, QWidget *parent = nullptr);

    QString reason() const;
    const Backup::PendingRestore &record() const { return m_record; }

private:
    void updateOk();

    Backup::PendingRestore m_record;
    QLineEdit *m_reason;
    QDialogButtonBox *m_buttons;
};

} // namespace RestoreDesk
