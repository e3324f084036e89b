#pragma once

#include "audit/identity.h"
#include "backup/pendingrestore.h"
#include "core/result.h"
#include "sandbox/sandboxoptions.h"

#include <functional>

namespace RestoreDesk::Audit {
class AuditTrail;
}

namespace RestoreDesk::Test {

class RestoreFixture;

// Set-ups the restore tests share, as free functions over a RestoreFixture. Main thread.

// Writes the "restore requested" record RestoreActions writes before it sends, and stamps `p` with
// it (its seq, identity and correlation ids), so `p` stands for a restore an earlier run sent
// without a known answer. False (and `p` unchanged) when the log refused it.
bool recordRequested(Audit::AuditTrail &trail, const Audit::Identity &who, Backup::PendingRestore &p);

// Starts `f` as Oscar against a sandbox with `options` whose restores answer 202 with Location
// only (no Azure-AsyncOperation), runs its clock (5 s every 50 ms), then sends a restore of
// vm-web-02's disks in rsv-prod-weu (its newest point) and waits for the answer: the record,
// Accepted, with the Location to follow. `beforeSend` may change the seeded tenant first.
Result<Backup::PendingRestore> acceptedLocationOnly(RestoreFixture &f, Sandbox::SandboxOptions options,
                                                    const std::function<void(RestoreFixture &)> &beforeSend
                                                    = {});

} // namespace RestoreDesk::Test
