#pragma once

#include "audit/verdict.h"
#include "core/result.h"

#include <functional>

namespace RestoreDesk::Audit {

// Verifies a whole log: its rotated segments and current file in order, every record's hash,
// sequence number, link to the one before, and (with the key) MAC, then the anchor. Streams the
// files in large blocks and reads each line's chain fields without a JSON parser, so a million
// records take about as long as hashing the file. A pure function: no state, safe on any thread
// (the GUI runs it through QtConcurrent). An Error only when a file cannot be read; everything
// the files say is in the Verdict.
struct VerifyOptions
{
    QByteArray key; // the installation key; empty: the key check does not run
    bool useAnchor = true; // false: a copied log without its anchor (the anchor check does not run)
    // Called after each block with bytes done and total; returning false stops (an Error).
    std::function<bool(qint64, qint64)> progress;
    int lockTimeoutMs = 10000; // for the shared lock while the snapshot is taken
};

class LogSnapshot;

// Takes a snapshot of the log (see LogSnapshot: files listed, opened and sized under the shared
// lock) and verifies it, so a rotation or append meanwhile cannot look like damage.
Result<Verdict> verifyLog(const QString &path, const VerifyOptions &options = {});
// Verifies a snapshot already taken (an export verifies and reads the same one).
Result<Verdict> verifySnapshot(const LogSnapshot &snapshot, const VerifyOptions &options = {});

} // namespace RestoreDesk::Audit
