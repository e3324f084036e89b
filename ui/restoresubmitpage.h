#pragma once

#include "backup/pendingrestore.h"
#include "core/result.h"

#include <QWizardPage>

#include <optional>

class QLabel;
class QPushButton;

namespace RestoreDesk {

class MessageBanner;
class RestoreWizard;

// The wizard's last step: one button that sends the restore once, through RestoreActions (which
// records "requested" before sending and "accepted"/"refused" after). The button is disabled
// from the first click until the answer, and a second click (or a second call) while sending does
// nothing. A refusal shows the service's code, message and correlation id inline; a lost answer
// offers to send the very same request again (the same restore, if it started) or to drop it.
// Accepted: the wizard hands the record on and closes. GUI thread; owned by the wizard.
class RestoreSubmitPage : public QWizardPage
{
    Q_OBJECT

public:
    enum class State { Ready, Sending, Accepted, Refused, Unknown };

    explicit RestoreSubmitPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    State state() const { return m_state; }
    MessageBanner *banner() const { return m_banner; }
    // What the submit button does (also for a caller that bypasses the button).
    void submit();

private:
    void answered(const Result<Backup::PendingRestore> &result);
    void resend();
    void discard();
    void setState(State state);

    RestoreWizard *m_wizard;
    QLabel *m_summary;
    QPushButton *m_submit;
    QPushButton *m_resend;
    QPushButton *m_discard;
    MessageBanner *m_banner;
    State m_state = State::Ready;
    std::optional<Backup::PendingRestore> m_unanswered; // sent, answer lost
};

} // namespace RestoreDesk
