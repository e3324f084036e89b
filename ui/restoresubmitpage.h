#pragma once

#include "backup/pendingrestore.h"
#include "core/job.h"
#include "core/result.h"

#include <QWizardPage>

#include <optional>

class QLabel;
class QPushButton;

namespace RestoreDesk {

class MessageBanner;
class RestoreWizard;

// The wizard's last step: one button that sends the restore once, through RestoreActions (which
// records "requested" before sending and "accepted"/"refused" after, and owns the sending, so
// closing the wizard cannot cancel it; the wizard does not close while it runs). The button is
// disabled from the first click until the restore is settled: accepted, refused, or — after a lost
// answer — reconciled against the vault's jobs. While the jobs cannot tell, it offers to look
// again; once they show no restore started, to send it again (a new request) or to drop it.
// Accepted: the wizard hands the record on and closes. GUI thread; owned by the wizard.
class RestoreSubmitPage : public QWizardPage
{
    Q_OBJECT

public:
    // Unknown: answer lost, the jobs could not tell. NotStarted: answer lost, no job appeared (or
    // never sent).
    enum class State { Ready, Sending, Accepted, Refused, Unknown, NotStarted };

    explicit RestoreSubmitPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    State state() const { return m_state; }
    MessageBanner *banner() const { return m_banner; }
    // What the submit button does (also for a caller that bypasses the button).
    void submit();
    // The record sent without a known answer, if any.
    const std::optional<Backup::PendingRestore> &unanswered() const { return m_unanswered; }

private:
    void answered(const Result<Backup::PendingRestore> &result);
    void started(RestoreDesk::JobBase *job);
    void reconcile();
    void resend(); // after the permission check, sendAgain()
    void sendAgain();
    // Opens the discard dialog (reason required); discardConfirmed() drops it once confirmed.
    void discard();
    void discardConfirmed(const QString &reason);
    void setState(State state);

    RestoreWizard *m_wizard;
    // While this page's restore is looked for after a lost answer: says until when, and that
    // nothing is sent again meanwhile.
    void watchReconciling();
    void onReconciling(const Backup::PendingRestore &record, const QDateTime &until, int look);

    QLabel *m_summary;
    QPushButton *m_submit;
    QPushButton *m_reconcile;
    QPushButton *m_resend;
    QPushButton *m_discard;
    MessageBanner *m_banner;
    State m_state = State::Ready;
    std::optional<Backup::PendingRestore> m_unanswered; // sent, answer lost
    QString m_sendingId; // the client request id of the record being sent
    bool m_watchesReconciling = false;
};

} // namespace RestoreDesk
