#include "adoptjobdialog.h"

#include "backup/armid.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

AdoptJobDialog::AdoptJobDialog(const Backup::PendingRestore &record, const QString &jobId, QWidget *parent)
    : QDialog(parent)
    , m_record(record)
    , m_jobId(jobId)
    , m_reason(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
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
    m_reason->setObjectName(QStringLiteral("adoptReasonEdit"));
    m_reason->setPlaceholderText(tr("Why this job is this restore (required; recorded)"));
    m_buttons->setObjectName(QStringLiteral("adoptButtons"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Adopt job"));
    auto *form = new QFormLayout;
    form->addRow(tr("Job:"), job);
    form->addRow(tr("Restore of:"), item);
    form->addRow(tr("Reason:"), m_reason);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    connect(m_reason, &QLineEdit::textChanged, this, &AdoptJobDialog::updateOk);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!reason().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateOk();
    m_reason->setFocus();
}

QString AdoptJobDialog::reason() const
{
    return m_reason->text().trimmed();
}

void AdoptJobDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty());
}

} // namespace RestoreDesk
