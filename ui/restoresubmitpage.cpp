#include "restoresubmitpage.h"

#include "access/accessservice.h"
#include "access/backupoperation.h"
#include "access/restoretarget.h"
#include "backup/restoreactions.h"
#include "backup/restoreerrors.h"
#include "backup/restoresubmitjob.h"
#include "discardrestoredialog.h"
#include "messagebanner.h"
#include "restorewizard.h"
#include "text/errortext.h"
#include "text/permissiontext.h"
#include "text/restoretext.h"
#include "text/restorewizardtext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace RestoreDesk {

RestoreSubmitPage::RestoreSubmitPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_summary(new QLabel(this))
    , m_submit(new QPushButton(tr("Start the restore"), this))
    , m_reconcile(new QPushButton(tr("Look in the vault's jobs again"), this))
    , m_resend(new QPushButton(tr("Send it again (a new request)"), this))
    , m_discard(new QPushButton(tr("Drop it"), this))
    , m_banner(new MessageBanner(this))
{
    setTitle(tr("Submit"));
    setSubTitle(
        tr("One request is sent. The audit log records it before it is sent and records the answer."));
    m_summary->setObjectName(QStringLiteral("submitSummaryLabel"));
    m_summary->setWordWrap(true);
    m_submit->setObjectName(QStringLiteral("submitButton"));
    m_reconcile->setObjectName(QStringLiteral("reconcileButton"));
    m_resend->setObjectName(QStringLiteral("resendButton"));
    m_discard->setObjectName(QStringLiteral("discardButton"));
    m_banner->setObjectName(QStringLiteral("submitBanner"));
    m_reconcile->setVisible(false);
    m_resend->setVisible(false);
    m_discard->setVisible(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_submit);
    buttons->addWidget(m_reconcile);
    buttons->addWidget(m_resend);
    buttons->addWidget(m_discard);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);
    layout->addWidget(m_banner);
    layout->addStretch(1);
    connect(m_submit, &QPushButton::clicked, this, &RestoreSubmitPage::submit);
    connect(m_reconcile, &QPushButton::clicked, this, &RestoreSubmitPage::reconcile);
    connect(m_resend, &QPushButton::clicked, this, &RestoreSubmitPage::resend);
    connect(m_discard, &QPushButton::clicked, this, &RestoreSubmitPage::discard);
}

void RestoreSubmitPage::initializePage()
{
    const Backup::RestoreRequest &r = m_wizard->request();
    m_summary->setText(tr("Restore <b>%2</b>: %1. Reason: “%3”.")
                           .arg(Text::restoreModeName(r.mode).toHtmlEscaped(), r.itemName.toHtmlEscaped(),
                                m_wizard->reason().toHtmlEscaped()));
    if (m_state == State::Refused || m_state == State::Ready)
        setState(State::Ready);
}

void RestoreSubmitPage::setState(State state)
{
    m_state = state;
    // Disabled from the first click until the restore is settled; never again once accepted.
    m_submit->setEnabled(state == State::Ready || state == State::Refused);
    const bool neverSent = m_unanswered && m_unanswered->auditSeq <= 0;
    m_reconcile->setVisible(state == State::Unknown);
    m_resend->setVisible(state == State::NotStarted && !neverSent);
    m_discard->setVisible(state == State::NotStarted);
    QAbstractButton *back = m_wizard->button(QWizard::BackButton);
    if (back)
        back->setEnabled(state == State::Ready || state == State::Refused);
    // The wizard does not close while the restore is being sent (RestoreWizard::reject()).
    QAbstractButton *cancel = m_wizard->button(QWizard::CancelButton);
    if (cancel)
        cancel->setEnabled(state != State::Sending);
    Q_EMIT completeChanged();
}

void RestoreSubmitPage::started(JobBase *job)
{
    if (auto *sending = qobject_cast<Backup::RestoreSubmitJob *>(job))
        m_sendingId = sending->record().clientRequestId;
}

void RestoreSubmitPage::watchReconciling()
{
    if (m_watchesReconciling || !m_wizard->actions())
        return;
    m_watchesReconciling = true;
    connect(m_wizard->actions(), &Backup::RestoreActions::reconciling, this,
            &RestoreSubmitPage::onReconciling);
}

void RestoreSubmitPage::onReconciling(const Backup::PendingRestore &record, const QDateTime &until, int look)
{
    if (m_state != State::Sending
        || record.itemId.compare(m_wizard->request().itemId, Qt::CaseInsensitive) != 0)
        return;
    m_banner->showMessage(
        MessageBanner::Level::Info,
        tr("No answer came, but the service may have taken the restore. Looking for it in the vault's "
           "jobs until %1 (a job can be listed there a while after the service takes it; look %2). "
           "Nothing is sent again meanwhile.")
            .arg(QLocale().toString(until.toLocalTime().time(), QLocale::LongFormat))
            .arg(look));
}

void RestoreSubmitPage::submit()
{
    if (m_state != State::Ready && m_state != State::Refused)
        return;
    watchReconciling();
    m_banner->showMessage(MessageBanner::Level::Info, tr("Sending the restore…"));
    setState(State::Sending);
    m_sendingId.clear();
    started(m_wizard->actions()->submit(m_wizard->request(), m_wizard->reason(), this,
                                        [this](Result<Backup::PendingRestore> r) { answered(r); }));
}

void RestoreSubmitPage::reconcile()
{
    if (m_state != State::Unknown || !m_unanswered)
        return;
    watchReconciling();
    m_banner->showMessage(MessageBanner::Level::Info, tr("Looking for the restore in the vault's jobs…"));
    setState(State::Sending);
    m_wizard->actions()->reconcile(*m_unanswered, this,
                                   [this](Result<Backup::PendingRestore> r) { answered(r); });
}

void RestoreSubmitPage::resend()
{
    if (m_state != State::NotStarted || !m_unanswered)
        return;
    // Sent again, it is a new restore: the same permission check as the first one passed (the
    // identity's permissions may have changed since), before anything is recorded or sent.
    Access::AccessService *access = m_wizard->access();
    if (!access) {
        m_banner->showError(Error::make(Error::Kind::Auth, QStringLiteral("arm_not_signed_in")));
        return;
    }
    m_banner->showMessage(MessageBanner::Level::Info, tr("Checking this identity's permissions first…"));
    setState(State::Sending);
    const auto target = Access::RestoreTarget::fromRequestProperties(
        m_unanswered->body.value(QStringLiteral("properties")).toObject());
    access->check(Access::BackupOperation::get(Access::BackupOperation::Id::Restore), m_unanswered->vaultId,
                  target, this, [this](Result<Access::AccessCheck> check) {
                      if (check && !check->denied())
                          return sendAgain();
                      setState(State::NotStarted);
                      if (!check) {
                          if (check.error().kind != Error::Kind::Cancelled)
                              m_banner->showError(check.error(), [this] { resend(); });
                          return;
                      }
                      QStringList actions;
                      for (const Access::RequirementCheck &need : check->check.missing())
                          actions << need.action;
                      m_banner->showError(Error::make(Error::Kind::Auth, Backup::Codes::RestoreNotPermitted,
                                                      Text::whyNotText(check->check, check->suggestions),
                                                      { actions.join(QStringLiteral(", ")) }));
                  });
}

void RestoreSubmitPage::sendAgain()
{
    if (m_state != State::Sending || !m_unanswered)
        return;
    watchReconciling();
    m_banner->showMessage(MessageBanner::Level::Info,
                          tr("Looking in the vault's jobs once more, then sending it again…"));
    setState(State::Sending);
    m_wizard->actions()->resend(*m_unanswered, this,
                                [this](Result<Backup::PendingRestore> r) { answered(r); });
}

void RestoreSubmitPage::discard()
{
    if (m_state != State::NotStarted || !m_unanswered)
        return;
    // Confirmed, with a reason that goes to the audit record, as the strip's Discard asks.
    auto *dialog = new DiscardRestoreDialog(*m_unanswered, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString id = m_unanswered->clientRequestId;
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        if (m_unanswered && m_unanswered->clientRequestId == id)
            discardConfirmed(dialog->reason());
    });
    dialog->open();
}

void RestoreSubmitPage::discardConfirmed(const QString &reason)
{
    if (m_state != State::NotStarted || !m_unanswered)
        return;
    if (auto dropped = m_wizard->actions()->discard(*m_unanswered, reason); !dropped) {
        m_banner->showError(dropped.error());
        return;
    }
    m_unanswered.reset();
    // Reconciliation found no job of it (or it was never sent), so a new submit is allowed; the
    // words do not promise more than that search could tell.
    m_banner->showMessage(MessageBanner::Level::Info,
                          tr("Dropped: it is no longer followed. No job of it was found in the vault; a "
                             "job can be listed late, so look at the vault's jobs before restoring "
                             "again."));
    setState(State::Ready);
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
    if (e.kind != Error::Kind::Cancelled)
        m_banner->showError(e);
    // Whatever the error, a record still pending (this send's, a resend's new one, or the one
    // being reconciled) keeps the button disabled until it is settled.
    QStringList ids;
    if ((e.is(Backup::Codes::RestoreOutcomeUnknown) || e.is(Backup::Codes::RestoreNoJobFound)
         || e.is(Backup::Codes::RestoreNeverSent))
        && !e.args.isEmpty())
        ids << e.args.first();
    if (!m_sendingId.isEmpty())
        ids << m_sendingId;
    if (m_unanswered)
        ids << m_unanswered->clientRequestId;
    m_unanswered.reset();
    for (const QString &id : std::as_const(ids)) {
        const auto kept = m_wizard->actions()->tracker()->store().find(id);
        if (kept && kept->state == Backup::PendingRestore::State::Submitting) {
            m_unanswered = kept;
            break;
        }
    }
    if (m_unanswered) {
        m_sendingId = m_unanswered->clientRequestId;
        setState(m_unanswered->noJobFound || m_unanswered->auditSeq <= 0 ? State::NotStarted
                                                                         : State::Unknown);
        return;
    }
    m_sendingId.clear();
    setState(State::Refused);
}

bool RestoreSubmitPage::isComplete() const
{
    return m_state == State::Accepted;
}

} // namespace RestoreDesk
