#include "text/restorewizardtext.h"

#include <QCoreApplication>

namespace RestoreDesk::Text {

using Mode = Backup::RestoreRequest::Mode;
using Field = Backup::RestoreRequest::Field;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RestoreDesk::Text", text);
}

} // namespace

QString restoreModeDescription(Mode mode)
{
    switch (mode) {
    case Mode::VmNew:
        return tr("A new VM is created from the recovery point in a resource group you choose; the "
                  "original VM is not touched.");
    case Mode::VmDisks:
        return tr("The disks are created as managed disks (and a template to build a VM from them); no "
                  "VM is created and nothing is overwritten.");
    case Mode::VmReplace:
        return tr("The original VM's disks are replaced by those of the recovery point. Everything "
                  "written since is lost. This overwrites data.");
    case Mode::FileShareOriginal:
        return tr("Files are written back into the share they came from. Files of the same name are "
                  "kept unless you choose to overwrite them.");
    case Mode::FileShareAlternate:
        return tr("Files are written into another share (and folder); the original share is not touched.");
    case Mode::SqlAlternate:
        return tr("The database is restored under another name on a protected SQL instance.");
    case Mode::SqlFiles:
        return tr("The backup files (.bak) are written into a folder on a protected server, to be "
                  "attached by hand.");
    }
    return {};
}

QString restoreFieldName(Field field)
{
    switch (field) {
    case Field::Mode:
        return tr("Kind of restore");
    case Field::TargetResourceGroup:
        return tr("Target resource group");
    case Field::TargetVmName:
        return tr("New VM name");
    case Field::VirtualNetwork:
        return tr("Virtual network");
    case Field::Subnet:
        return tr("Subnet");
    case Field::StagingStorageAccount:
        return tr("Staging storage account");
    case Field::TargetStorageAccount:
        return tr("Target storage account");
    case Field::TargetShare:
        return tr("Target share");
    case Field::TargetFolder:
        return tr("Target folder");
    case Field::Items:
        return tr("Files and folders");
    case Field::TargetServer:
        return tr("Target server");
    case Field::TargetDatabase:
        return tr("Target database");
    case Field::TargetDirectory:
        return tr("Target folder on the server");
    case Field::RehydrationDays:
        return tr("Keep the rehydrated copy for");
    }
    return {};
}

QString rehydrationText(Backup::RestoreRequest::Priority priority, int days)
{
    const QString speed = priority == Backup::RestoreRequest::Priority::High
        ? tr("High priority rehydrates in less than 1 hour for most points, at a higher cost.")
        : tr("Standard priority takes up to 15 hours (usually less) before the restore itself starts.");
    return tr("This recovery point is only in the archive tier: it is first copied back (rehydrated) to "
              "the vault-standard tier, and the restore runs from that copy. %1 The rehydrated copy is "
              "kept for %2 days, then deleted again (it stays in the archive tier).")
        .arg(speed)
        .arg(days);
}

QString jobStatusText(Backup::Job::Status status)
{
    using S = Backup::Job::Status;
    switch (status) {
    case S::InProgress:
        return tr("in progress");
    case S::Completed:
        return tr("completed");
    case S::CompletedWithWarnings:
        return tr("completed with warnings");
    case S::Failed:
        return tr("failed");
    case S::Cancelling:
        return tr("cancelling");
    case S::Cancelled:
        return tr("cancelled");
    case S::Invalid:
        return tr("invalid");
    case S::Unknown:
        break;
    }
    return tr("unknown");
}

JobVerdict restoreVerdict(const Backup::Job &job)
{
    using S = Backup::Job::Status;
    using L = JobVerdict::Level;
    // Warnings weigh as much as the status: a "Completed" job that reports warnings is not clean.
    const bool warned = !job.warnings.isEmpty();
    switch (job.status) {
    case S::Completed:
        if (warned)
            return { L::Warning,
                     tr("Restore finished with warnings: check each one below before relying on "
                        "the restored data") };
        return { L::Good, tr("Restore completed") };
    case S::CompletedWithWarnings:
        return { L::Warning,
                 tr("Restore finished with warnings: check each one below before relying on the "
                    "restored data") };
    case S::Failed:
        return { L::Bad, tr("Restore failed") };
    case S::Cancelled:
        return { L::Bad, tr("Restore cancelled: it did not finish") };
    case S::Cancelling:
        return { L::Running, tr("Cancelling the restore…") };
    case S::InProgress:
        return { L::Running, tr("Restore in progress") };
    case S::Invalid:
    case S::Unknown:
        break;
    }
    return { L::Bad, tr("The restore's state is unknown (%1)").arg(job.statusText) };
}

} // namespace RestoreDesk::Text
