#pragma once

#include "backup/job.h"
#include "backup/restorerequest.h"

namespace RestoreDesk::Text {

// The words of the restore wizard and job page beyond the preview (restoretext.h): what each kind
// of restore does, the target fields, the archive tier's rehydration, and a job's final verdict
// (never "completed" alone when the job ended with warnings). QtCore only; pure functions, any
// thread.

QString restoreModeDescription(Backup::RestoreRequest::Mode mode);
QString restoreFieldName(Backup::RestoreRequest::Field field); // "Target resource group"
// What rehydration from the archive tier means, for the chosen priority and retention.
QString rehydrationText(Backup::RestoreRequest::Priority priority, int days);
// "in progress", "completed", "completed with warnings"…
QString jobStatusText(Backup::Job::Status status);

// A job's verdict: a title and how loudly to say it.
struct JobVerdict
{
    enum class Level { Running, Good, Warning, Bad };
    Level level = Level::Running;
    QString title;
};
JobVerdict restoreVerdict(const Backup::Job &job);

} // namespace RestoreDesk::Text
