#pragma once

#include "audit/identity.h"
#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace RestoreDesk::Audit {

// Event types (the record's "type"). Lower case, [a-z0-9.-] only: the verifier reads them
// without a JSON parser.
namespace EventType {
inline constexpr QLatin1String SignIn("sign-in");
inline constexpr QLatin1String SignOut("sign-out");
inline constexpr QLatin1String TokenRefresh("token-refresh");
inline constexpr QLatin1String SessionResumed("session-resumed");
inline constexpr QLatin1String PermissionCheck("permission-check");
inline constexpr QLatin1String Restore("restore");
inline constexpr QLatin1String JobCancel("job-cancel");
inline constexpr QLatin1String CredentialCreate("credential-create"); // a federated identity credential
inline constexpr QLatin1String ProfileChange("profile-change");
inline constexpr QLatin1String AuditExport("audit-export");
// The estate was read (a listing or a `show` of subscriptions, vaults, policies, items, recovery
// points or jobs): who read what scope, how many things came back, or why it was refused.
inline constexpr QLatin1String EstateRead("estate-read");
// Written by the log itself: torn tail set aside, anchor missing or mismatched, log missing.
inline constexpr QLatin1String Integrity("audit-integrity");
} // namespace EventType

// Outcomes. An action is "requested" first (written and fsync'd before it is sent), then one of
// the others in a second record that refers to the first ("ref").
namespace Outcome {
inline constexpr QLatin1String Requested("requested");
inline constexpr QLatin1String Accepted("accepted");
inline constexpr QLatin1String Refused("refused");
inline constexpr QLatin1String Finished("finished");
inline constexpr QLatin1String Succeeded("succeeded");
inline constexpr QLatin1String Failed("failed");
inline constexpr QLatin1String Denied("denied");
inline constexpr QLatin1String Cancelled("cancelled");
inline constexpr QLatin1String Noted("noted");
} // namespace Outcome

// One audit record: what the caller fills in (type, outcome, identity, target, params,
// correlation ids, reason, ref) and what the log adds (seq, time, app, host, and the chain
// fields). Parsed back from a line by parse(). Plain value type, any thread.
struct Record
{
    // Filled by the caller.
    QString type;
    QString outcome;
    Identity identity;
    QString target; // resource id (or issuer for sign-in events)
    QJsonObject params; // what matters for the action; strings pass through redactSecrets()
    QStringList correlationIds;
    QString reason; // the operator's words, when given
    qint64 ref = 0; // seq of the "requested" record this outcome belongs to

    // Filled by the log.
    qint64 seq = 0;
    QDateTime time; // UTC
    QString app; // application version
    QString host;
    QString prev; // hex SHA-256 of the previous record
    QString hash; // hex SHA-256 of this record's bytes before "hash"
    QString keyId; // fingerprint of the MAC key; empty without a MAC
    bool hasMac = false;

    // Where it was read from (parse()).
    QString file;
    qint64 line = 0;
    QByteArray raw;

    // The JSON body without the chain fields (the writer's canonical form before hashing).
    QJsonObject bodyJson() const;
    // Parses one line written by the log; the chain is not checked here (see Verifier).
    static Result<Record> parse(const QByteArray &line);
};

} // namespace RestoreDesk::Audit

Q_DECLARE_METATYPE(RestoreDesk::Audit::Record)
