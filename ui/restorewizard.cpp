#include "restorewizard.h"

#include "backup/armid.h"
#include "backup/restoreactions.h"
#include "backup/restoreservice.h"
#include "messagebanner.h"
#include "restorecheckpage.h"
#include "restorehowpage.h"
#include "restorereviewpage.h"
#include "restoresubmitpage.h"
#include "restorewhatpage.h"
#include "restorewherepage.h"

#include <QCloseEvent>

namespace RestoreDesk {

RestoreWizard::RestoreWizard(Backup::RestoreActions *actions, Access::AccessService *access,
                             const QString &itemId, const QString &pointId, QWidget *parent)
    : QWizard(parent)
    , m_actions(actions)
    , m_access(access)
    , m_itemId(itemId)
    , m_what(new RestoreWhatPage(this, pointId))
    , m_how(new RestoreHowPage(this))
    , m_where(new RestoreWherePage(this))
    , m_check(new RestoreCheckPage(this))
    , m_review(new RestoreReviewPage(this))
    , m_submit(new RestoreSubmitPage(this))
{
    setObjectName(QStringLiteral("restoreWizard"));
    setWindowTitle(tr("Restore"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoCancelButtonOnLastPage, false);
    setOption(QWizard::HaveHelpButton, false);
    m_request.itemId = itemId;
    m_request.itemName = Backup::ArmId::parse(itemId).itemFriendlyName();
    setPage(WhatPageId, m_what);
    setPage(HowPageId, m_how);
    setPage(WherePageId, m_where);
    setPage(CheckPageId, m_check);
    setPage(ReviewPageId, m_review);
    setPage(SubmitPageId, m_submit);
    setButtonText(QWizard::FinishButton, tr("Close"));
    resize(880, 680);
}

RestoreWizard::~RestoreWizard() = default;

Backup::RestoreService *RestoreWizard::service() const
{
    return m_actions->service();
}

Backup::BackupService *RestoreWizard::backup() const
{
    return service() ? service()->backup() : nullptr;
}

QString RestoreWizard::vaultId() const
{
    return Backup::ArmId::parse(m_itemId).vaultId();
}

void RestoreWizard::updateRequest(const std::function<void(Backup::RestoreRequest &)> &change)
{
    change(m_request);
    Q_EMIT requestChanged();
}

QString RestoreWizard::reason() const
{
    return m_review->reason();
}

void RestoreWizard::setSource(const Backup::RestoreSource &source)
{
    m_request = Backup::RestoreRequest::forSource(source);
    m_hasSource = true;
    Q_EMIT sourceLoaded();
    Q_EMIT requestChanged();
}

bool RestoreWizard::isSending() const
{
    return m_submit->state() == RestoreSubmitPage::State::Sending;
}

void RestoreWizard::refuseToClose()
{
    m_submit->banner()->showMessage(
        MessageBanner::Level::Warning,
        tr("The restore is being sent: the window stays open until its answer is known."));
}

void RestoreWizard::reject()
{
    if (isSending())
        return refuseToClose();
    QWizard::reject();
}

void RestoreWizard::closeEvent(QCloseEvent *event)
{
    if (isSending()) {
        event->ignore();
        return refuseToClose();
    }
    QWizard::closeEvent(event);
}

} // namespace RestoreDesk
