#include "text/errortext.h"

#include <QtGlobal>

namespace RestoreDesk::Text {

// Sentences for the restore codes of RestoreDesk::Backup::Codes (src/backup/restoreerrors.h).
// A "field" argument is the CLI's option name for it (RestoreRequest::fieldKey), which the GUI's
// form labels follow too.
const QList<Sentence> &restoreSentences()
{
    static const QList<Sentence> s = {
        { "restore_field_required",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "This restore needs a value for %1.") },
        { "restore_invalid_name",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "\"%2\" cannot be used for %1: it breaks Azure's naming rule for a %3.") },
        { "restore_invalid_target",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "%1 should name a %3, but \"%2\" is not one.") },
        { "restore_invalid_path",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "\"%2\" is not a usable path for %1: it must stay inside its share or folder.") },
        { "restore_mode_unsupported",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "A %2 item cannot be restored the \"%1\" way.") },
        { "restore_overwrite_unsupported",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "A \"%1\" restore only creates what it restores: there is nothing to "
                            "overwrite, so overwriting cannot be asked for.") },
        { "restore_rehydration_days",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "A rehydrated copy is kept 10 to 30 days; %1 days is outside that.") },
        { "restore_point_unusable",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The recovery point of %1 can no longer be restored (expired or deleted).") },
        { "restore_target_not_found", QT_TRANSLATE_NOOP("RestoreDesk::Text", "The %1 %2 does not exist.") },
        { "restore_target_wrong_region",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The %1 %2 is in %3, but a restore from this vault must land in %4.") },
        { "restore_name_taken",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The name \"%2\" (%1) is already in use in %3; choose another.") },
        { "restore_subnet_not_found",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The network %2 has no subnet \"%1\" (it has: %3).") },
        { "restore_target_unknown",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Whether the %1 %2 exists cannot be told: you may not read it. The service "
                            "will decide.") },
        { "restore_targets_refused",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The service's answers about the targets stop this restore (problems to fix: "
                            "%1); nothing was sent.") },
        { "restore_reason_required",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "Give a reason for this restore (it goes into the audit log); nothing was sent.") },
        { "restore_confirmation_mismatch",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "This restore overwrites what exists: confirm it by typing the item's name "
                            "\"%1\" exactly; nothing was sent.") },
        { "restore_audit_unavailable",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The audit log cannot be written, so nothing was done (a restore is never "
                            "started unrecorded).") },
        { "restore_not_permitted",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "You are missing permission for this restore: %1. Ask your administrator for "
                            "a role that grants it; nothing was sent.") },
        { "restore_in_flight",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "This restore is already being sent; wait for its answer instead of sending it "
                            "again.") },
        { "restore_settled_meanwhile",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "This kept restore changed since it was listed: another console or command "
                            "followed, settled or dropped it. Nothing was dropped here; look at the kept "
                            "restores again (restoredesk-cli restore pending list, or the console's "
                            "unsettled-restores strip).") },
        { "restore_adopt_changed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The kept restore %1 changed since it was read: another console or command "
                            "settled, adopted, sent or dropped it. Nothing was adopted; look at the kept "
                            "restores again.") },
        { "restore_adopt_not_candidate",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Job %1 is not one that may be this restore of %2 (%3): only a restore job of "
                            "the same item in the same vault that reconciliation named, and no other "
                            "request's, can be adopted. Nothing was adopted; the restore stays kept.") },
        { "restore_adopt_unrecorded",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The audit log could not record the adoption, so nothing was adopted: the "
                            "restore stays kept (client request id %1). Adopt it again once the log can "
                            "be written.") },
        { "restore_validation_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The service's check refused the restore: %1: %2") },
        { "restore_operation_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The service could not start the restore job: %1: %2") },
        { "restore_no_job",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The service accepted the restore but named no job to follow (operation %1); "
                            "look for it in the vault's jobs.") },
        { "restore_outcome_unknown",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "The outcome of the restore is not known: its answer was lost, and the vault's jobs "
              "cannot tell whether it started: they could not be read, or a restore job of the item "
              "started since may be this restore, as the service does not say which request started "
              "a job (the details name it; it may also be one started elsewhere). Nothing was sent "
              "again. It is kept as pending (client request id %1). Check that job in the vault's "
              "jobs: if it is this restore, adopt it (the Adopt button of the console's "
              "unsettled-restores strip, or restoredesk-cli restore pending adopt %1 --job JOB; audited): "
              "it is then followed as this restore; if it is not, discard this request and restore anew. To "
              "discard it: the "
              "Discard button of the console's unsettled-restores strip, or restoredesk-cli restore "
              "pending discard %1 (audited; nothing is sent). The Reconcile button looks through the "
              "vault's jobs again and sends nothing; restoredesk-cli restore resend %1 looks again "
              "too and sends it anew only when no job of the item may be it, once you confirm.") },
        { "restore_no_job_found",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "The answer to the restore was lost, and no restore job of %2 was listed in the "
              "vault within %3 s of its sending, so it most likely did not start (a job can be listed "
              "late: look at the vault's jobs before restoring again). Send it again (restoredesk-cli "
              "restore resend %1 looks once more first) or discard it (the console's Discard button, "
              "or restoredesk-cli restore pending discard %1 --reason TEXT).") },
        { "restore_unsettled",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "An earlier restore of %1 is still unsettled: it was sent and its answer was "
              "lost (client request id %2). Settle it first — Reconcile or Discard in the "
              "console's unsettled-restores strip, or restoredesk-cli restore resend %2 or "
              "restore pending discard %2 --reason TEXT — so that one request does not become two "
              "restores.") },
        { "restore_never_sent",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "This restore was recorded but never sent (the console stopped before writing "
              "it to the audit log), so it did not start. Discard it (the console's Discard "
              "button, or restoredesk-cli restore pending discard %1 --reason TEXT) and start it "
              "again.") },
        { "pending_store_write",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The record of a pending restore could not be written in %1; following it may "
                            "not survive a restart.") },
        { "pending_store_read",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The records of pending restores in %1 could not be read.") },
        { "pending_claimed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Another Restore Desk window or command is following restore %1.") },
        { "pending_other_api",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Restore %1 was recorded against %2 (profile %3), not the API this session "
                            "talks to (%4): it is left alone here. Sign in to that profile to follow, "
                            "adopt, resend or discard it.") },
        { "pending_unknown_api",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Restore %1 was recorded before records named their API, and nothing in it "
                            "tells which API took it, so it is not sent, looked for or followed against "
                            "%2. Check the vault's jobs yourself; discard it (nothing is sent) once "
                            "settled.") },
    };
    return s;
}

} // namespace RestoreDesk::Text
