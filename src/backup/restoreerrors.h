#pragma once

#include <QLatin1String>

namespace RestoreDesk::Backup::Codes {

// Codes of the restore service (Error::code). The sentences an operator reads are in
// ui/text/errortext_restore.cpp; `args` are listed with each code. Field keys (args named
// "field") are RestoreRequest::fieldKey() values.

// A field the chosen restore needs is empty. args: field.
inline constexpr QLatin1String RestoreFieldRequired("restore_field_required");
// A name breaks Azure's naming rule for its kind. args: field, the value, the rule as a key
// (vm-name, storage-account-name, share-name, database-name, resource-group-name).
inline constexpr QLatin1String RestoreInvalidName("restore_invalid_name");
// A field should hold a resource id of another kind. args: field, the value, the expected kind
// (resource-group, storage-account, virtual-network, sql-server).
inline constexpr QLatin1String RestoreInvalidTarget("restore_invalid_target");
// A path leaves the share or folder it belongs to, or is not a path. args: field, the value.
inline constexpr QLatin1String RestoreInvalidPath("restore_invalid_path");
// The item's kind does not support the chosen restore. args: mode key, the item kind key.
inline constexpr QLatin1String RestoreModeUnsupported("restore_mode_unsupported");
// Overwriting was asked for a restore that has nothing to overwrite (it only creates).
// args: mode key.
inline constexpr QLatin1String RestoreOverwriteUnsupported("restore_overwrite_unsupported");
// A rehydration retention outside 10..30 days. args: the value.
inline constexpr QLatin1String RestoreRehydrationDays("restore_rehydration_days");
// The recovery point cannot be used (expired, deleted from every tier). args: point time.
inline constexpr QLatin1String RestorePointUnusable("restore_point_unusable");

// Target checks against the API. args: field, resource id.
inline constexpr QLatin1String RestoreTargetNotFound("restore_target_not_found");
// args: field, resource id, its region, the vault's region.
inline constexpr QLatin1String RestoreTargetWrongRegion("restore_target_wrong_region");
// A new VM's (or database's) name is in use. args: field, the name, where (resource group or server).
inline constexpr QLatin1String RestoreNameTaken("restore_name_taken");
// The subnet is not in the network. args: subnet name, network name, the subnets it has.
inline constexpr QLatin1String RestoreSubnetNotFound("restore_subnet_not_found");
// The identity may not read the target, so its existence cannot be told. args: field, resource id.
inline constexpr QLatin1String RestoreTargetUnknown("restore_target_unknown");
// The targets were checked with the service (RestoreTargetsCheck) and something stops the restore,
// so it was not sent. args: how many problems.
inline constexpr QLatin1String RestoreTargetsRefused("restore_targets_refused");

// The restore is not sent: what the operator still has to give or confirm.
// args: none.
inline constexpr QLatin1String RestoreReasonRequired("restore_reason_required");
// The typed confirmation does not match. args: what must be typed.
inline constexpr QLatin1String RestoreConfirmationMismatch("restore_confirmation_mismatch");
// Nothing can be recorded, so nothing is done (fail closed). args: none.
inline constexpr QLatin1String RestoreAuditUnavailable("restore_audit_unavailable");
// The permission pre-check found missing actions. args: the actions, comma-separated.
inline constexpr QLatin1String RestoreNotPermitted("restore_not_permitted");
// A restore of this request is already being sent. args: none.
inline constexpr QLatin1String RestoreInFlight("restore_in_flight");
// A kept restore changed on disk since it was listed (another run settled, adopted or dropped
// it). args: none.
inline constexpr QLatin1String RestoreSettledMeanwhile("restore_settled_meanwhile");
// Adopting a job for a kept restore (RestoreActions::adopt) was refused: the kept record changed
// since it was read (another run settled, adopted, sent or dropped it). args: client request id.
inline constexpr QLatin1String RestoreAdoptChanged("restore_adopt_changed");
// The job is not one that may be this restore: not a candidate of the record, not a Restore job of
// its item in its vault, or another request's. args: the job id, the item's name, why (a key:
// not-candidate, not-found, not-restore, other-item, other-vault, another-request).
inline constexpr QLatin1String RestoreAdoptNotCandidate("restore_adopt_not_candidate");
// The audit log could not record the adoption: nothing was adopted, the record is kept.
// args: client request id.
inline constexpr QLatin1String RestoreAdoptUnrecorded("restore_adopt_unrecorded");

// The service's validation refused the request. args: the service's code, its message.
inline constexpr QLatin1String RestoreValidationFailed("restore_validation_failed");
// The restore operation ended Failed or Canceled before a job existed. args: the service's code,
// its message.
inline constexpr QLatin1String RestoreOperationFailed("restore_operation_failed");
// The operation succeeded but named no job to follow. args: the operation URL, then the full ids
// of the restore jobs of the item that may be it (RestoreService::candidateJobs reads them).
inline constexpr QLatin1String RestoreNoJob("restore_no_job");
// The answer to the restore was lost and the vault's jobs could not tell whether it started.
// args: the record's client request id, then the full ids of the restore jobs of the item that may
// be this restore (RestoreService::candidateJobs reads them; none when the jobs could not be read).
inline constexpr QLatin1String RestoreOutcomeUnknown("restore_outcome_unknown");
// The answer was lost and no restore job of the item appeared within the grace period: it did not
// start; it may be sent again (as a new request) or dropped. args: the record's client request id,
// the item's name, the grace period in seconds.
inline constexpr QLatin1String RestoreNoJobFound("restore_no_job_found");
// The record was kept but "requested" was never written, so it was never sent: nothing started.
// args: the record's client request id.
inline constexpr QLatin1String RestoreNeverSent("restore_never_sent");
// A new restore of an item whose earlier restore is still unsettled (sent, its answer lost, not
// yet found or dropped): refused, lest one intent make two restores. args: the item's name, the
// earlier record's client request id.
inline constexpr QLatin1String RestoreUnsettled("restore_unsettled");

// The pending-restores folder could not be written or read. args: the path.
inline constexpr QLatin1String PendingStoreWrite("pending_store_write");
inline constexpr QLatin1String PendingStoreRead("pending_store_read");
// Another process is following this restore. args: the client request id.
inline constexpr QLatin1String PendingClaimed("pending_claimed");
// The kept restore was recorded against another backup API than the one this process talks to (a
// profile signed in to another API, the sandbox): it is left to a session of that API.
// args: the client request id, the record's API origin, the record's profile (may be empty), this
// process's API origin.
inline constexpr QLatin1String PendingOtherApi("pending_other_api");
// The kept restore was recorded before records named their API, and nothing in it tells which
// API took it: it is not sent, reconciled, adopted or followed, only dropped (discard).
// args: the client request id, this process's API origin.
inline constexpr QLatin1String PendingUnknownApi("pending_unknown_api");

} // namespace RestoreDesk::Backup::Codes
