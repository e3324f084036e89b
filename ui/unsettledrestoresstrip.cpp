#include "unsettledrestoresstrip.h"

#include "backup/armid.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

UnsettledRestoresStrip::UnsettledRestoresStrip(QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_rowsLayout(new QVBoxLayout)
{
    setObjectName(QStringLiteral("unsettledRestores"));
    setAccessibleName(tr("Restores not settled"));
    setStyleSheet(QStringLiteral(
        "RestoreDesk--UnsettledRestoresStrip { background: #fff4e5; border: 1px solid #f0c68a; "
        "border-radius: 4px; } RestoreDesk--UnsettledRestoresStrip QLabel { color: #663c00; }"));
    m_title->setObjectName(QStringLiteral("unsettledRestoresTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(4);
    layout->addWidget(m_title);
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(2);
    layout->addLayout(m_rowsLayout);
    setVisible(false);
}

UnsettledRestoresStrip::Row &UnsettledRestoresStrip::rowFor(const Backup::PendingRestore &record)
{
    auto it = m_rows.find(record.clientRequestId);
    if (it != m_rows.end())
        return it.value();
    Row row;
    row.record = record;
    row.widget = new QWidget(this);
    row.widget->setObjectName(QStringLiteral("unsettled_") + record.clientRequestId);
    row.text = new QLabel(row.widget);
    row.text->setObjectName(QStringLiteral("unsettledText"));
    row.text->setWordWrap(true);
    row.text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row.reconcile = new QPushButton(tr("Reconcile"), row.widget);
    row.reconcile->setObjectName(QStringLiteral("reconcileRestoreButton"));
    row.reconcile->setToolTip(tr("Look for this restore's job in the vault again"));
    row.discard = new QPushButton(tr("Discard"), row.widget);
    row.discard->setObjectName(QStringLiteral("discardRestoreButton"));
    row.discard->setToolTip(tr("Drop this record without sending anything (written to the audit log)"));
    row.adopt = new QPushButton(tr("Adopt job"), row.widget);
    row.adopt->setObjectName(QStringLiteral("adoptRestoreButton"));
    row.adopt->setToolTip(
        tr("This job IS this restore: follow it as this restore (checked against the vault, "
           "written to the audit log; nothing is sent)"));
    row.adopt->setVisible(false);
    auto layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(row.text, 1);
    layout->addWidget(row.adopt);
    layout->addWidget(row.reconcile);
    layout->addWidget(row.discard);
    m_rowsLayout->addWidget(row.widget);
    const QString id = record.clientRequestId;
    // The record the signals carry is the row's latest.
    connect(row.reconcile, &QPushButton::clicked, this, [this, id] {
        if (const auto r = m_rows.constFind(id); r != m_rows.cend())
            Q_EMIT reconcileRequested(r->record);
    });
    connect(row.discard, &QPushButton::clicked, this, [this, id] {
        if (const auto r = m_rows.constFind(id); r != m_rows.cend()) {
            // With the jobs the row names as maybe it (the discard dialog says to check them).
            Backup::PendingRestore shown = r->record;
            if (!r->candidates.isEmpty())
                shown.candidateJobs = r->candidates;
            Q_EMIT discardRequested(shown);
        }
    });
    // One candidate: the button adopts it; several: its menu names each.
    connect(row.adopt, &QPushButton::clicked, this, [this, id] {
        if (const auto r = m_rows.constFind(id); r != m_rows.cend() && r->candidates.size() == 1)
            Q_EMIT adoptRequested(r->record, r->candidates.first());
    });
    return m_rows.insert(id, row).value();
}

void UnsettledRestoresStrip::setRecord(const Backup::PendingRestore &record, const QString &status, bool busy,
                                       const QStringList &candidates)
{
    Row &row = rowFor(record);
    row.record = record;
    row.leftAlone = false;
    const QStringList mayBe = candidates.isEmpty() ? record.candidateJobs : candidates;
    if (mayBe != row.candidates || (mayBe.size() > 1) != (row.adopt->menu() != nullptr)) {
        row.candidates = mayBe;
        if (QMenu *old = row.adopt->menu()) {
            row.adopt->setMenu(nullptr);
            old->deleteLater();
        }
        if (mayBe.size() > 1) {
            auto *menu = new QMenu(row.adopt);
            for (const QString &job : mayBe) {
                const QString id = record.clientRequestId;
                menu->addAction(Backup::ArmId::parse(job).job, this, [this, id, job] {
                    if (const auto r = m_rows.constFind(id); r != m_rows.cend())
                        Q_EMIT adoptRequested(r->record, job);
                });
            }
            row.adopt->setMenu(menu);
        }
    }
    row.adopt->setVisible(!row.candidates.isEmpty() && record.auditSeq > 0);
    row.adopt->setEnabled(!busy);
    row.adopt->setToolTip(row.candidates.size() == 1
                              ? tr("Job %1 IS this restore: follow it as this restore (checked against the "
                                   "vault, written to the audit log; nothing is sent)")
                                    .arg(row.candidates.first())
                              : tr("One of these jobs IS this restore: follow it as this restore (checked "
                                   "against the vault, written to the audit log; nothing is sent)"));
    const QString requested = QLocale().toString(record.requestedAt.toLocalTime(), QLocale::ShortFormat);
    row.text->setText(tr("Restore of %1 (%2), requested %3, reason \"%4\": %5")
                          .arg(record.itemName, record.mode, requested, record.reason, status));
    // A record never sent has nothing to look for: only dropping it settles it. One the service
    // accepted (its operation named no job) is neither looked for again nor dropped: adopted.
    const bool accepted = record.state == Backup::PendingRestore::State::Accepted;
    row.reconcile->setVisible(record.auditSeq > 0 && !accepted);
    row.reconcile->setEnabled(!busy);
    row.discard->setVisible(!accepted);
    row.discard->setEnabled(!busy);
    updateTitle();
}

void UnsettledRestoresStrip::setLeftAlone(const Backup::PendingRestore &record, const QString &status,
                                          bool discardable)
{
    Row &row = rowFor(record);
    row.record = record;
    row.leftAlone = true;
    row.candidates.clear();
    row.adopt->setVisible(false);
    row.reconcile->setVisible(false);
    row.discard->setVisible(discardable);
    row.discard->setEnabled(discardable);
    const QString requested = QLocale().toString(record.requestedAt.toLocalTime(), QLocale::ShortFormat);
    row.text->setText(tr("Restore of %1 (%2), requested %3, reason \"%4\": %5")
                          .arg(record.itemName, record.mode, requested, record.reason, status));
    updateTitle();
}

void UnsettledRestoresStrip::remove(const QString &clientRequestId)
{
    const auto it = m_rows.find(clientRequestId);
    if (it == m_rows.end())
        return;
    // From the event loop: the row's own button may be the one reporting.
    it->widget->hide();
    it->widget->deleteLater();
    m_rows.erase(it);
    updateTitle();
}

void UnsettledRestoresStrip::updateTitle()
{
    m_title->setText(tr("%n restore(s) not settled: for each, whether the service started it is not known, "
                        "or it was never sent. Nothing is sent again on its own.",
                        nullptr, int(m_rows.size())));
    setVisible(!m_rows.isEmpty());
}

} // namespace RestoreDesk
