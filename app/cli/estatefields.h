#pragma once

#include "backup/job.h"
#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "backup/recoverypoint.h"
#include "backup/subscription.h"
#include "backup/vault.h"
#include "shownresource.h"

namespace RestoreDesk::Cli {

// What the estate verbs show of each backup value: the fields of a list row (every ARM resource
// with its full `id` and its `name`), and the fuller set of a `show`. The text words of kinds,
// schedules, retention and durations live here, beside the fields they fill. Pure functions,
// reentrant (rows are formatted on worker threads: no static state here).
namespace EstateFields {

ShownResource subscription(const Backup::Subscription &s);
// `subscriptionName`: the display name when the listing knows it (else only the id is shown).
ShownResource vault(const Backup::Vault &v, const QString &subscriptionName = {});
ShownResource vaultDetails(const Backup::Vault &v);
ShownResource policy(const Backup::Policy &p);
ShownResource policyDetails(const Backup::Policy &p);
ShownResource item(const Backup::ProtectedItem &i);
// item(i) with its vault's name ("vault") as a JSON list's element: byte for byte
// JsonListWriter::element(row.toJson()), written without building the row (an estate's listing
// writes tens of thousands).
QByteArray itemElement(const Backup::ProtectedItem &i, const QString &vaultName);
// The same, written at the end of `out` (JsonListWriter::beginElement()).
void appendItemElement(QByteArray &out, const Backup::ProtectedItem &i, const QString &vaultName);
ShownResource itemDetails(const Backup::ProtectedItem &i);
// `policy`: the item's policy, when read. A point the service sends without its retention
// (recoveryPointProperties) then shows the rule and expiry the policy's arithmetic gives
// (Backup::PointRetention, as the console's table does), marked `retentionComputed`.
ShownResource point(const Backup::RecoveryPoint &p, const Backup::Policy *policy = nullptr);
ShownResource job(const Backup::Job &j);
ShownResource jobDetails(const Backup::Job &j);

QString itemKindText(Backup::ProtectedItem::Kind kind);
QString policyKindText(const Backup::Policy &p);
QString scheduleText(const Backup::Policy &p);
QString retentionText(const Backup::Policy &p);
// "3 h 12 min", "42 s"; and ISO 8601 ("PT3H12M0S") for JSON.
QString durationText(qint64 ms);
QString isoDuration(qint64 ms);

} // namespace EstateFields

} // namespace RestoreDesk::Cli
