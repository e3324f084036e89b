#include "adoptjobdialog.h"

#include "backup/armid.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>

namespace RestoreDesk {

AdoptJobDialog::AdoptJobDialog(const Backup::PendingRestore &record, const QString &jobId, QWidget *parent)
    : ReasonDialog(QStringLiteral("adopt"), tr("Why this job is this restore (required; recorded)"),
                   tr("Adopt job"), parent)
    , m_record(record)
    , m_jobId(jobId)
{
    setObjectName(QStringLiteral("adoptJobDialog"));
    setWindowTitle(tr("Adopt job as this restore"));
    auto *intro = new QLabel(
        tr("Say that this job IS the restore below. It is checked against the vault first, written to the "
           "audit log with your reason, and then followed as this restore. Nothing is sent."),
        this);
    intro->setWordWrap(true);
    auto *job = new QLabel(jobId, this);
    job->setObjectName(QStringLiteral("adoptJobLabel"));
    job->setTextInteractionFlags(Qt::TextSelectableByMouse);
    job->setWordWrap(true);
    auto *item = new QLabel(
        tr("%1 (%2), requested %3, reason \"%4\"")
            .arg(record.itemName, record.mode,
                 QLocale().toString(record.requestedAt.toLocalTime(), QLocale::ShortFormat), record.reason),
        this);
    item->setObjectName(QStringLiteral("adoptItemLabel"));
    item->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Job:"), job);
    form->addRow(tr("Restore of:"), item);
    finish(intro, form);
}

} // namespace RestoreDesk
