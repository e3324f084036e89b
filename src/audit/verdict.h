#pragma once

#include "audit/anchor.h"
#include "core/error.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace RestoreDesk::Audit {

// What verifying a log found: a plain status, where the first problem is and why (as an Error whose
// code is one of Codes::Malformed … AnchorUnreadable and whose args are record, file, line, then
// what that reason names), which checks ran, and the integrity notes the log itself recorded
// (torn tails set aside, anchors found missing). Worded for people by ui/text/verdicttext.h.
// Plain value type, any thread.
struct Verdict
{
    enum class Status {
        Intact, // every check that could run passed
        Broken, // a check failed at `badRecord`
        Incomplete, // the chain is intact but the anchor is missing or unreadable: records cut off
                    // the end could not be detected
        IntactWithIncidents, // every check passed, but the log's own integrity notes record
                             // incidents (see incidents()): records before them may be lost
    };
    enum class Check { Passed, Failed, NotRun };

    Status status = Status::Intact;
    qint64 records = 0; // records checked
    QStringList files; // segments then the current file, in chain order

    qint64 badRecord = 0; // "record N": the chain position where the first problem is
    QString badFile;
    qint64 badLine = 0; // 1-based, in badFile
    Error problem; // code and args as above; detail is technical

    Check chain = Check::NotRun;
    Check anchor = Check::NotRun;
    Check key = Check::NotRun;
    bool keyAvailable = false; // a key was given to the verifier
    qint64 recordsWithMac = 0; // how many records carry a MAC (checked or not)
    qint64 authenticated = 0; // records whose MAC matched the key
    // Records before the first one authenticated with this key, which is a "key-changed" note (the
    // log was written without a key, or under another one, until then): not authenticated.
    qint64 beforeKey = 0;

    std::optional<Anchor> anchorFound;
    qint64 anchorBehind = 0; // records after the anchored one (a run stopped before updating it)
    qint64 lastSeq = 0;
    QByteArray lastHash;

    qint64 pendingTornBytes = 0; // the current file ends in an unfinished line (not yet set aside)

    struct Note
    {
        qint64 seq = 0;
        QString kind; // tail-set-aside, anchor-missing, anchor-mismatch, log-missing, …
        QJsonObject params;
    };
    QList<Note> notes;

    // Every check passed and the log records no incident.
    bool intact() const { return status == Status::Intact; }
    // Every check passed (with or without incidents).
    bool checksPassed() const { return status == Status::Intact || status == Status::IntactWithIncidents; }
    // The integrity notes that are incidents: every kind except "write-resumed" (records the log
    // could not write while actions were refused, which loses nothing that happened).
    QList<Note> incidents() const;
    // The seq of the last incident: the records from it on are intact with no incident after them.
    qint64 intactSince() const;
    QJsonObject toJson() const;
};

} // namespace RestoreDesk::Audit
