#include "discardrestoredialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

DiscardRestoreDialog::DiscardRestoreDialog(const Backup::PendingRestore &record, QWidget *parent)
    : QDialog(parent)
    , m_record(record)
    , m_reason(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
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
    m_reason->setObjectName(QStringLiteral("discardReasonEdit"));
    m_reason->setPlaceholderText(tr("Why it is dropped (required; recorded)"));
    form->addRow(tr("Reason:"), m_reason);
    m_buttons->setObjectName(QStringLiteral("discardButtons"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Drop restore"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    connect(m_reason, &QLineEdit::textChanged, this, &DiscardRestoreDialog::updateOk);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!reason().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateOk();
    m_reason->setFocus();
}

QString DiscardRestoreDialog::reason() const
{
    return m_reason->text().trimmed();
}

void DiscardRestoreDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty());
}

} // namespace RestoreDesk
