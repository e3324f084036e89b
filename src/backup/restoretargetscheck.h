#pragma once

#include "backup/restoreservice.h"
#include "core/job.h"

#include <optional>

namespace RestoreDesk::Backup {

// What the service's answers say about a restore's targets, all at once: the problems of every
// lookup (RestoreTargetCheck::judge, in RestoreRequest::lookupTargets() order; blocking or "cannot
// tell") and the findings of the service's own validation (each blocks), or why that validation
// could not run (it does not block: the restore itself is still checked by the service).
// Value type, any thread.
struct RestoreTargetsReport
{
    QList<RestoreRequest::Problem> problems;
    QList<ArmError> findings;
    std::optional<Error> validateError;

    QList<RestoreRequest::Problem> blocking() const;
    QList<RestoreRequest::Problem> notes() const; // the "cannot tell" ones
    // Whether anything stops the restore (a blocking problem or a finding).
    bool blocks() const { return !blocking().isEmpty() || !findings.isEmpty(); }
};

// The "Where" step's live validation as one job, shared by the wizard and `restoredesk-cli
// restore`: every lookup of RestoreRequest::lookupTargets() and the service's validation run at
// once, and the job reports once with a RestoreTargetsReport. Errors are values: a lookup or a
// validation that fails becomes part of the report; the job reports an error only when cancelled
// (or its owner dies: then its parts are ended first and its callback gets `cancelled`).
// Composite; owner's thread.
class RestoreTargetsCheck final : public RestoreDesk::Job<RestoreTargetsReport>
{
    Q_OBJECT

public:
    static RestoreTargetsCheck *start(RestoreService *service, const RestoreRequest &request, QObject *owner,
                                      Done done);
    ~RestoreTargetsCheck() override;
    void cancel() override;

private:
    RestoreTargetsCheck(QObject *owner, Done done);
    void partDone();

    QList<QList<RestoreRequest::Problem>> m_byTarget; // in lookupTargets() order
    RestoreTargetsReport m_report;
    int m_pending = 0;
};

} // namespace RestoreDesk::Backup
