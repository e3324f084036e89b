#pragma once

#include "backup/job.h"
#include "backup/pendingrestore.h"
#include "core/job.h"

#include <QPointer>
#include <QTimer>

namespace RestoreDesk::Backup {

class RestoreActions;

// One restore sent, reconciled, or reconciled and then sent again, for RestoreActions (whose
// audited steps it calls): the POST and its answer; after a lost answer, the vault's jobs looked
// through (again and again, the pauses growing) until the record's restore shows (adopted) or
// the window in which the service could still take it and list its job has passed: its send plus
// the transport's timeout (or the moment the answer was found lost, if later) plus the listing
// lag (TrackingOptions::reconcileGraceMs). None by then: the record is marked so, and with
// `resendIfNone` a new request replaces it and is sent. RestoreActions::reconciling says
// until when it looks. Reports the accepted record, a refusal, or why the outcome stays unsettled.
// Composite: ends its inner call in its destructor and ignores it once it has reported. A child of
// the RestoreActions; GUI/CLI thread.
class RestoreSubmitJob final : public RestoreDesk::Job<PendingRestore>
{
    Q_OBJECT

public:
    enum class First { Send, Reconcile };

    static RestoreSubmitJob *start(RestoreActions *actions, PendingRestore record, First first,
                                   bool resendIfNone, Done done);
    ~RestoreSubmitJob() override;
    void cancel() override;
    const PendingRestore &record() const { return m_record; }
    // Whether no job was found and the request was sent again as a new one (record() is it).
    bool sentAgain() const { return m_sentAgain; }

private:
    RestoreSubmitJob(RestoreActions *actions, PendingRestore record, bool resendIfNone, Done done);
    void send();
    void reconcile(const QDateTime &lostAt = {});
    void look();
    void lookAgainIn(qint64 ms);
    void onJobs(const Result<QList<Backup::Job>> &jobs);
    bool pastGrace() const;

    QPointer<RestoreActions> m_actions;
    PendingRestore m_record;
    bool m_resendIfNone;
    bool m_sentAgain = false;
    QDateTime m_graceEnd;
    int m_looks = 0; // of this reconciliation
    // The requests of others this console knows (RestoreActions::requestsOfOthers), read once per
    // reconciliation, off this thread: the audit log is not read again at every look.
    QStringList m_others;
    QPointer<QObject> m_read; // the audit log's read on the pool (a QFutureWatcher), while it runs
    QTimer m_timer;
    QPointer<JobBase> m_call;
};

} // namespace RestoreDesk::Backup
