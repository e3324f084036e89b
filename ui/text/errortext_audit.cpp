#include "text/errortext.h"

#include <QtGlobal>

namespace RestoreDesk::Text {

// Audit log errors (src/audit/auditerrors.h) and the reasons verification gives for a record
// (args 1–3: record, file, line; then what each reason names).
const QList<Sentence> &auditSentences()
{
    static const QList<Sentence> s = {
        { "audit_folder_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The audit log's folder %1 could not be created.") },
        { "audit_lock_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The audit log's lock %1 could not be taken.") },
        { "audit_lock_timeout",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Another Restore Desk process has held the audit log's lock %1 for too long; "
                            "try again.") },
        { "audit_open_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The audit log %1 could not be opened.") },
        { "audit_write_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The audit log %1 could not be written (is the disk full?); the action was not "
                            "performed.") },
        { "audit_sync_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The audit log %1 could not be saved to disk; the action was "
                            "not performed.") },
        { "audit_anchor_write_failed",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "The audit log's anchor %1 could not be written; the action was not performed.") },
        { "audit_set_aside_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The damaged end of the audit log %1 could not be set aside.") },
        { "audit_read_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The audit file %1 could not be read.") },
        { "audit_not_writable",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "The audit log %1 cannot be written: actions that change anything are refused.") },
        { "audit_invalid_event", QT_TRANSLATE_NOOP("RestoreDesk::Text", "'%1' is not an audit event type.") },
        { "audit_no_identity",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The %1 was not performed: it names no signed-in identity for the audit log.") },
        { "audit_crypto_unavailable",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The audit log cannot be written or checked: OpenSSL's libcrypto, which its "
                            "hash chain uses, could not be loaded. Reinstall Restore Desk's dependencies "
                            "(OpenSSL 3).") },
        { "audit_key_unavailable",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The audit key is not available (no keychain): records are chained and anchored "
                            "but carry no MAC.") },
        { "audit_key_required",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The audit log %1 is signed with a key, and this run has none (no keychain, or "
                            "--no-keychain / RESTOREDESK_NO_KEYCHAIN): records without a MAC would not be "
                            "authenticated, so nothing was written and the action was not performed. Run "
                            "with the keychain available.") },
        { "audit_busy",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The audit log is busy (its lock %1 is held by another Restore Desk process or a "
                            "verification); the action was not performed. Try again in a moment.") },
        { "audit_export_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The audit export %1 could not be written.") },
        { "audit_forward_failed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "Audit records could not be forwarded to %1.") },

        { "audit_malformed",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "Record %1 (%2, line %3) is not an audit record.") },
        { "audit_hash_mismatch",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Record %1 (%2, line %3) was changed after it was written: its content does not "
                            "match its hash.") },
        { "audit_out_of_sequence",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "Record %1 (%2, line %3) is out of sequence (expected %4, found %5): records were "
              "removed, inserted or reordered.") },
        { "audit_chain_broken",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Record %1 (%2, line %3) does not follow the record before it: records were "
                            "removed, inserted or replaced.") },
        { "audit_start_missing",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The beginning of the log is missing: the first record (%2, line %3) does not "
                            "start the chain.") },
        { "audit_mac_mismatch",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Record %1 (%2, line %3) was not written with this installation's key: its MAC "
                            "does not match (forged or edited).") },
        { "audit_mac_missing",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Record %1 (%2, line %3) carries no MAC although this installation has a key: "
                            "it was forged, or written where the keychain was not available.") },
        { "audit_other_key",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Record %1 (%2, line %3) was authenticated with another key: the file was "
                            "rewritten, or this installation's key was replaced.") },
        { "audit_truncated",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "Records were cut off the end: the anchor names record %4, the log ends at record "
              "%5.") },
        { "audit_anchor_mismatch",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The anchor does not match record %1: the log or its anchor was replaced.") },
        { "audit_anchor_mac_mismatch",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The anchor (%2) was not written with this installation's key: it was edited.") },
        { "audit_anchor_mac_missing",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The anchor (%2) carries no MAC of this installation's key although the log is "
                            "signed: it was replaced, and records may have been cut off the end.") },
        { "audit_anchor_missing",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The anchor %1 is missing: records cut off the end of the log cannot be "
                            "detected.") },
        { "audit_anchor_unreadable",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The anchor %1 is damaged: records cut off the end of the log cannot be "
                            "detected.") },
    };
    return s;
}

} // namespace RestoreDesk::Text
