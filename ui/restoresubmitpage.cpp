#include "restoresubmitpage.h"

#include "backup/restoreactions.h"
#include "backup/restoreerrors.h"
#include "messagebanner.h"
#include "restorewizard.h"
#include "text/errortext.h"
#include "text/restoretext.h"
#include "text/restorewizardtext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace RestoreDesk {

RestoreSubmitPage::RestoreSubmitPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_summary(new QLabel(this))
    , m_submit(new QPushButton(tr("Start the restore"), this))
    , m_resend(new QPushButton(tr("Send the same request again"), this))
    , m_discard(new QPushButton(tr("Drop it"), this))
    , m_banner(new MessageBanner(this))
{
    setTitle(tr("Submit"));
    setSubTitle(
        tr("One request is sent. The audit log records it before it is sent and records the answer."));
    m_summary->setObjectName(QStringLiteral("submitSummaryLabel"));
    m_summary->setWordWrap(true);
    m_submit->setObjectName(QStringLiteral("submitButton"));
    m_resend->setObjectName(QStringLiteral("resendButton"));
    m_discard->setObjectName(QStringLiteral("discardButton"));
    m_banner->setObjectName(QStringLiteral("submitBanner"));
    m_resend->setVisible(false);
    m_discard->setVisible(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_submit);
    buttons->addWidget(m_resend);
    buttons->addWidget(m_discard);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);
    layout->addWidget(m_banner);
    layout->addStretch(1);
    connect(m_submit, &QPushButton::clicked, this, &RestoreSubmitPage::submit);
    connect(m_resend, &QPushButton::clicked, this, &RestoreSubmitPage::resend);
    connect(m_discard, &QPushButton::clicked, this, &RestoreSubmitPage::discard);
}

void RestoreSubmitPage::initializePage()
{
    const Backup::RestoreRequest &r = m_wizard->request();
    m_summary->setText(tr("Restore <b>%2</b>: %1. Reason: “%3”.")
                           .arg(Text::restoreModeName(r.mode).toHtmlEscaped(), r.itemName.toHtmlEscaped(),
                                m_wizard->reason().toHtmlEscaped()));
    if (m_state != State::Sending && m_state != State::Accepted)
        setState(State::Ready);
}

void RestoreSubmitPage::setState(State state)
{
    m_state = state;
    // Disabled from the first click to the answer; never again once accepted.
    m_submit->setEnabled(state == State::Ready || state == State::Refused);
    m_resend->setVisible(state == State::Unknown);
    m_discard->setVisible(state == State::Unknown);
    m_resend->setEnabled(state == State::Unknown);
    m_discard->setEnabled(state == State::Unknown);
    QAbstractButton *back = m_wizard->button(QWizard::BackButton);
    if (back)
        back->setEnabled(state == State::Ready || state == State::Refused);
    Q_EMIT completeChanged();
}

void RestoreSubmitPage::submit()
{
    if (m_state == State::Sending || m_state == State::Accepted || m_state == State::Unknown)
        return;
    m_banner->showMessage(MessageBanner::Level::Info, tr("Sending the restore…"));
    setState(State::Sending);
    m_wizard->actions()->submit(m_wizard->request(), m_wizard->reason(), this,
                                [this](Result<Backup::PendingRestore> r) { answered(r); });
}

void RestoreSubmitPage::resend()
{
    if (m_state != State::Unknown || !m_unanswered)
        return;
    m_banner->showMessage(MessageBanner::Level::Info, tr("Sending the same request again…"));
    setState(State::Sending);
    m_wizard->actions()->resend(*m_unanswered, this,
                                [this](Result<Backup::PendingRestore> r) { answered(r); });
}

void RestoreSubmitPage::discard()
{
    if (m_state != State::Unknown || !m_unanswered)
        return;
    if (auto dropped = m_wizard->actions()->discard(*m_unanswered); !dropped) {
        m_banner->showError(dropped.error());
        return;
    }
    m_unanswered.reset();
    m_banner->showMessage(
        MessageBanner::Level::Warning,
        tr("Dropped. It is not known whether that restore started: look at the vault's jobs."));
    setState(State::Refused);
}

void RestoreSubmitPage::answered(const Result<Backup::PendingRestore> &result)
{
    if (result) {
        m_unanswered.reset();
        m_banner->showMessage(
            MessageBanner::Level::Success,
            tr("The service accepted the restore (correlation id %1).").arg(result->correlationId));
        setState(State::Accepted);
        Q_EMIT m_wizard->submitted(result.value());
        QTimer::singleShot(0, m_wizard, &QDialog::accept);
        return;
    }
    const Error &e = result.error();
    if (e.kind == Error::Kind::Cancelled)
        return;
    m_banner->showError(e);
    if (e.code == QString(Backup::Codes::RestoreOutcomeUnknown)) {
        // The record stays on disk: find it, so "again" sends exactly the same request.
        for (const Backup::PendingRestore &p : m_wizard->actions()->tracker()->records()) {
            if (p.state == Backup::PendingRestore::State::Submitting
                && (p.correlationId == e.correlationId
                    || (m_unanswered && p.clientRequestId == m_unanswered->clientRequestId)))
                m_unanswered = p;
        }
        if (m_unanswered) {
            setState(State::Unknown);
            return;
        }
    }
    setState(State::Refused);
}

bool RestoreSubmitPage::isComplete() const
{
    return m_state == State::Accepted;
}

} // namespace RestoreDesk
