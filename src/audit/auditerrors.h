#pragma once

#include <QLatin1String>

namespace RestoreDesk::Audit::Codes {

// Errors raised by the audit layer (sentences in ui/text/errortext_audit.cpp).
inline constexpr QLatin1String FolderFailed("audit_folder_failed"); // args: folder
inline constexpr QLatin1String LockFailed("audit_lock_failed"); // args: lock file
inline constexpr QLatin1String LockTimeout("audit_lock_timeout"); // args: lock file
inline constexpr QLatin1String OpenFailed("audit_open_failed"); // args: log file
inline constexpr QLatin1String WriteFailed("audit_write_failed"); // args: log file
inline constexpr QLatin1String SyncFailed("audit_sync_failed"); // args: log file
inline constexpr QLatin1String AnchorWriteFailed("audit_anchor_write_failed"); // args: anchor file
inline constexpr QLatin1String SetAsideFailed("audit_set_aside_failed"); // args: log file
inline constexpr QLatin1String ReadFailed("audit_read_failed"); // args: file
inline constexpr QLatin1String NotWritable("audit_not_writable"); // args: log file (earlier failure)
inline constexpr QLatin1String InvalidEvent("audit_invalid_event"); // args: what
inline constexpr QLatin1String NoIdentity("audit_no_identity"); // args: event type
inline constexpr QLatin1String KeyUnavailable("audit_key_unavailable"); // no keychain: no MAC
inline constexpr QLatin1String
    KeyRequired("audit_key_required"); // args: log file (signed; writer has no key)
inline constexpr QLatin1String Busy("audit_busy"); // args: lock file (held longer than this caller waits)
inline constexpr QLatin1String ExportFailed("audit_export_failed"); // args: file
inline constexpr QLatin1String ForwardFailed("audit_forward_failed"); // args: target
// OpenSSL's libcrypto (SHA-256, HMAC) could not be loaded: no record can be written or checked.
inline constexpr QLatin1String CryptoUnavailable("audit_crypto_unavailable");

// Why verification failed at a record (Verdict::problem.code; args: record, file, line, then
// what the reason names).
inline constexpr QLatin1String Malformed("audit_malformed"); // not a record line
inline constexpr QLatin1String HashMismatch("audit_hash_mismatch"); // content edited
inline constexpr QLatin1String OutOfSequence("audit_out_of_sequence"); // args +: expected, found
inline constexpr QLatin1String ChainBroken("audit_chain_broken"); // prev is not the record before
inline constexpr QLatin1String StartMissing("audit_start_missing"); // the first records are gone
inline constexpr QLatin1String MacMismatch("audit_mac_mismatch"); // MAC under this key is wrong
inline constexpr QLatin1String MacMissing("audit_mac_missing"); // key available, record has no MAC
inline constexpr QLatin1String OtherKey("audit_other_key"); // MAC made with another key
inline constexpr QLatin1String Truncated("audit_truncated"); // args +: anchor seq, last seq
inline constexpr QLatin1String AnchorMismatch("audit_anchor_mismatch"); // anchor names another record
inline constexpr QLatin1String AnchorMacMismatch("audit_anchor_mac_mismatch"); // anchor forged
inline constexpr QLatin1String AnchorMacMissing("audit_anchor_mac_missing"); // signed log, unsigned anchor
inline constexpr QLatin1String AnchorMissing("audit_anchor_missing"); // no audit.head next to the log
inline constexpr QLatin1String AnchorUnreadable("audit_anchor_unreadable"); // audit.head is damaged

} // namespace RestoreDesk::Audit::Codes
