#include "discardrestoredialog.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>

namespace RestoreDesk {

DiscardRestoreDialog::DiscardRestoreDialog(const Backup::PendingRestore &record, QWidget *parent)
    : ReasonDialog(QStringLiteral("discard"), tr("Why it is dropped (required; recorded)"),
                   tr("Drop restore"), parent)
    , m_record(record)
{
    setObjectName(QStringLiteral("discardRestoreDialog"));
    setWindowTitle(tr("Drop this restore"));
    setWindowModality(Qt::WindowModal);
    auto *intro = new QLabel(tr("Drop the kept restore below: it is no longer followed and nothing is sent. "
                                "The audit log records that you dropped it, with your reason."),
                             this);
    intro->setWordWrap(true);
    auto *item
        = new QLabel(tr("%1 (%2), requested %3")
                         .arg(record.itemName, record.mode,
                              QLocale().toString(record.requestedAt.toLocalTime(), QLocale::ShortFormat)),
                     this);
    item->setObjectName(QStringLiteral("discardItemLabel"));
    item->setWordWrap(true);
    auto *id = new QLabel(record.clientRequestId, this);
    id->setObjectName(QStringLiteral("discardRequestIdLabel"));
    id->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *form = new QFormLayout;
    form->addRow(tr("Restore of:"), item);
    form->addRow(tr("Client request id:"), id);
    if (!record.candidateJobs.isEmpty()) {
        auto *jobs = new QLabel(tr("A job in the vault may be this restore. Check it first: if it is, adopt "
                                   "it instead of dropping the restore.\n%1")
                                    .arg(record.candidateJobs.join(QLatin1Char('\n'))),
                                this);
        jobs->setObjectName(QStringLiteral("discardCandidatesLabel"));
        jobs->setTextInteractionFlags(Qt::TextSelectableByMouse);
        jobs->setWordWrap(true);
        form->addRow(tr("Check first:"), jobs);
    }
    finish(intro, form);
}

} // namespace RestoreDesk
