#pragma once

#include "backup/pendingrestore.h"
#include "backup/restorerequest.h"

#include <QWizard>

namespace RestoreDesk {

namespace Access {
class AccessService;
}
namespace Backup {
class BackupService;
class RestoreActions;
class RestoreService;
} // namespace Backup
class RestoreCheckPage;
class RestoreHowPage;
class RestoreReviewPage;
class RestoreSubmitPage;
class RestoreWherePage;
class RestoreWhatPage;

// The on-demand restore, step by step: What (the item and a recovery point on its timeline, the
// tier, rehydration for archive-tier points), How (the kinds the item supports, overwrite off
// unless opted into), Where (targets with live validation), Check (the identity's permissions for
// exactly this restore), Review (what lands where, the equivalent request, a reason, a typed name
// for overwriting restores) and Submit (one request through RestoreActions). The wizard holds the
// one RestoreRequest its pages fill in; it has no logic of its own beyond presenting: checks,
// the request body, the submit and its audit records are the services'. It closes itself once the
// restore is accepted (submitted() carries the record to follow), and refuses to close while the
// restore is being sent (it says so on the submit page). GUI thread; a top-level dialog owned by
// the restore controller.
class RestoreWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId { WhatPageId, HowPageId, WherePageId, CheckPageId, ReviewPageId, SubmitPageId };

    RestoreWizard(Backup::RestoreActions *actions, Access::AccessService *access, const QString &itemId,
                  const QString &pointId, QWidget *parent = nullptr);
    ~RestoreWizard() override;

    Backup::RestoreActions *actions() const { return m_actions; }
    Backup::RestoreService *service() const;
    Backup::BackupService *backup() const;
    Access::AccessService *access() const { return m_access; }

    QString itemId() const { return m_itemId; }
    QString vaultId() const;
    bool hasSource() const { return m_hasSource; }
    const Backup::RestoreRequest &request() const { return m_request; }
    // Pages change the request through here, so every page hears of it (requestChanged).
    void updateRequest(const std::function<void(Backup::RestoreRequest &)> &change);
    QString reason() const;

    RestoreWhatPage *whatPage() const { return m_what; }
    RestoreHowPage *howPage() const { return m_how; }
    RestoreWherePage *wherePage() const { return m_where; }
    RestoreCheckPage *checkPage() const { return m_check; }
    RestoreReviewPage *reviewPage() const { return m_review; }
    RestoreSubmitPage *submitPage() const { return m_submit; }
    // Whether the restore is being sent right now (the wizard does not close then).
    bool isSending() const;

    void reject() override;

Q_SIGNALS:
    void sourceLoaded();
    void requestChanged();
    // The service accepted the restore: the record the tracker now follows.
    void submitted(const RestoreDesk::Backup::PendingRestore &record);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    friend class RestoreWhatPage;
    void refuseToClose();
    void setSource(const Backup::RestoreSource &source);

    Backup::RestoreActions *m_actions;
    Access::AccessService *m_access;
    QString m_itemId;
    Backup::RestoreRequest m_request;
    bool m_hasSource = false;
    RestoreWhatPage *m_what;
    RestoreHowPage *m_how;
    RestoreWherePage *m_where;
    RestoreCheckPage *m_check;
    RestoreReviewPage *m_review;
    RestoreSubmitPage *m_submit;
};

} // namespace RestoreDesk
