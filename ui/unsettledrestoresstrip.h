#pragma once

#include "backup/pendingrestore.h"

#include <QFrame>
#include <QHash>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace RestoreDesk {

// Every restore whose outcome is not settled — sent without a known answer, or recorded and never
// sent — one row each: the item, when and why it was requested, what is known, and the operator's
// choices (Reconcile: look for its job in the vault again; Discard: drop the record, audited;
// Adopt: take a job that may be it — a candidate reconciliation named — as it, audited). A
// row stays until its restore is settled (found, sent again or dropped), whatever notices come and
// go in the page banner. Hidden while empty. GUI thread; owned by the console page.
class UnsettledRestoresStrip : public QFrame
{
    Q_OBJECT

public:
    explicit UnsettledRestoresStrip(QWidget *parent = nullptr);

    // Adds the record's row or updates it with what is known now (`status`, one sentence).
    // `busy`: its job is being looked for (the buttons wait). `candidates`: the jobs that may be it
    // (full job ids; the record's own candidateJobs when none are given): Adopt offers them.
    void setRecord(const Backup::PendingRestore &record, const QString &status, bool busy,
                   const QStringList &candidates = {});
    // A record of another backup API (or of none known) than the one signed in to: shown with
    // `status`, left alone (no Reconcile, no Adopt); Discard only when `discardable`.
    void setLeftAlone(const Backup::PendingRestore &record, const QString &status, bool discardable);
    bool isLeftAlone(const QString &clientRequestId) const
    {
        const auto it = m_rows.constFind(clientRequestId);
        return it != m_rows.cend() && it->leftAlone;
    }
    void remove(const QString &clientRequestId);
    bool contains(const QString &clientRequestId) const { return m_rows.contains(clientRequestId); }
    int count() const { return int(m_rows.size()); }

Q_SIGNALS:
    void reconcileRequested(const RestoreDesk::Backup::PendingRestore &record);
    void discardRequested(const RestoreDesk::Backup::PendingRestore &record);
    void adoptRequested(const RestoreDesk::Backup::PendingRestore &record, const QString &jobId);

private:
    struct Row
    {
        Backup::PendingRestore record;
        QWidget *widget = nullptr;
        QLabel *text = nullptr;
        QPushButton *reconcile = nullptr;
        QPushButton *discard = nullptr;
        QPushButton *adopt = nullptr;
        QStringList candidates;
        bool leftAlone = false;
    };
    Row &rowFor(const Backup::PendingRestore &record);
    void updateTitle();

    QLabel *m_title;
    QVBoxLayout *m_rowsLayout;
    QHash<QString, Row> m_rows;
};

} // namespace RestoreDesk
