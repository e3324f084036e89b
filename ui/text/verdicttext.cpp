#include "text/verdicttext.h"

#include "text/errortext.h"

#include <QCoreApplication>
#include <QLocale>

#include <limits>

namespace RestoreDesk::Text {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("RestoreDesk::Text", text, disambiguation, n);
}

// The count a counted sentence's wording follows ("1 record", "2 records").
int count(qint64 n)
{
    return int(qBound(qint64(0), n, qint64(std::numeric_limits<int>::max())));
}

QString number(qint64 n)
{
    return QLocale::c().toString(n);
}

} // namespace

QString incidentName(const QString &kind)
{
    if (kind == QLatin1String("tail-set-aside"))
        return tr("a torn or damaged end set aside");
    if (kind == QLatin1String("unauthenticated-set-aside"))
        return tr("unauthenticated records set aside");
    if (kind == QLatin1String("anchor-missing"))
        return tr("the anchor missing");
    if (kind == QLatin1String("anchor-mismatch"))
        return tr("records cut off the end");
    if (kind == QLatin1String("anchor-mac-mismatch"))
        return tr("an edited anchor");
    if (kind == QLatin1String("anchor-mac-missing"))
        return tr("an unsigned anchor");
    if (kind == QLatin1String("anchor-other-key"))
        return tr("an anchor signed with another key");
    if (kind == QLatin1String("anchor-unreadable"))
        return tr("a damaged anchor");
    if (kind == QLatin1String("log-missing"))
        return tr("the log missing");
    if (kind == QLatin1String("key-changed") || kind == QLatin1String("key-adopted"))
        return tr("a key change");
    if (kind == QLatin1String("legacy-set-aside"))
        return tr("an older log set aside");
    return kind;
}

QString verdictHeadline(const Audit::Verdict &v)
{
    using S = Audit::Verdict::Status;
    switch (v.status) {
    case S::Intact:
        if (v.records == 0)
            return tr("Intact: the log has no records yet.");
        return tr("Intact: %1 records, nothing changed, removed or added since they were written.")
            .arg(number(v.records));
    case S::Broken:
        return tr("Broken at record %1: %2").arg(number(v.badRecord), headline(v.problem));
    case S::Incomplete:
        return tr("Incomplete (%1 records chain correctly): %2").arg(number(v.records), headline(v.problem));
    case S::IntactWithIncidents: {
        QStringList kinds;
        for (const Audit::Verdict::Note &n : v.incidents())
            kinds << tr("%1 at record %2").arg(incidentName(n.kind), number(n.seq));
        return tr("Intact since record %1, with incidents: %2 records chain correctly, but the log itself "
                  "records %3 (details below); records before them may have been lost or not authenticated.")
            .arg(number(v.intactSince()), number(v.records), kinds.join(QStringLiteral("; ")));
    }
    }
    return {};
}

QStringList verdictChecks(const Audit::Verdict &v)
{
    using C = Audit::Verdict::Check;
    QStringList out;
    switch (v.chain) {
    case C::Passed:
        out << tr("Hash chain: checked, intact.");
        break;
    case C::Failed:
        out << tr("Hash chain: checked, broken.");
        break;
    case C::NotRun:
        out << tr("Hash chain: not checked.");
        break;
    }
    switch (v.anchor) {
    case C::Passed:
        out << (v.anchorBehind > 0
                    ? tr("Anchor: checked; it names record %1, and %2 later record(s) came after it from a "
                         "run that "
                         "stopped before updating it.",
                         nullptr, count(v.anchorBehind))
                          .arg(number(v.anchorFound ? v.anchorFound->seq : 0), number(v.anchorBehind))
                    : tr("Anchor: checked, it names the last record (%1).").arg(number(v.lastSeq)));
        break;
    case C::Failed:
        out << tr("Anchor: checked, it does not match the log.");
        break;
    case C::NotRun:
        out << (v.anchorFound || v.status == Audit::Verdict::Status::Incomplete
                    ? tr("Anchor: not checked (missing or damaged).")
                    : tr("Anchor: not checked."));
        break;
    }
    switch (v.key) {
    case C::Passed:
        out << tr("Key: checked, %1 record(s) authenticated with this installation's key.", nullptr,
                  count(v.authenticated))
                   .arg(number(v.authenticated));
        if (v.beforeKey > 0)
            out << tr("Not authenticated: %1 record(s) at the start, written before this key took over "
                      "(without "
                      "a key, or under another one).",
                      nullptr, count(v.beforeKey))
                       .arg(number(v.beforeKey));
        break;
    case C::Failed:
        out << tr("Key: checked, a record is not authenticated with this installation's key.");
        break;
    case C::NotRun:
        if (v.keyAvailable)
            out << tr("Key: not checked.");
        else if (v.recordsWithMac > 0)
            out << tr("Key: not checked: the records carry MACs, but the key (in the OS keychain) was not "
                      "available, so a rewritten file would not be detected.");
        else
            out << tr("Key: not checked: the records carry no MAC (written without a keychain).");
        break;
    }
    return out;
}

QStringList verdictNotes(const Audit::Verdict &v)
{
    QStringList out;
    for (const Audit::Verdict::Note &n : v.notes) {
        const QJsonObject &p = n.params;
        if (n.kind == QLatin1String("tail-set-aside"))
            out << tr("Record %1: an unfinished or damaged end of the log (%2 bytes) was set aside to %3.")
                       .arg(number(n.seq), number(qint64(p.value(QLatin1String("bytes")).toDouble())),
                            p.value(QLatin1String("file")).toString());
        else if (n.kind == QLatin1String("anchor-missing"))
            out << tr("Record %1: the anchor was missing when the log was next written.").arg(number(n.seq));
        else if (n.kind == QLatin1String("anchor-mismatch"))
            out << tr("Record %1: the log did not reach its anchor (record %2) when it was next written; the "
                      "log ended at record %3.")
                       .arg(number(n.seq), number(qint64(p.value(QLatin1String("anchorSeq")).toDouble())),
                            number(qint64(p.value(QLatin1String("lastSeq")).toDouble())));
        else if (n.kind == QLatin1String("anchor-mac-mismatch"))
            out << tr("Record %1: the anchor had been edited when the log was next written.")
                       .arg(number(n.seq));
        else if (n.kind == QLatin1String("anchor-unreadable"))
            out << tr("Record %1: the anchor was damaged when the log was next written.").arg(number(n.seq));
        else if (n.kind == QLatin1String("log-missing"))
            out << tr("Record %1: the log was missing when it was next written (its anchor named record %2).")
                       .arg(number(n.seq), number(qint64(p.value(QLatin1String("anchorSeq")).toDouble())));
        else if (n.kind == QLatin1String("key-adopted") || n.kind == QLatin1String("key-changed"))
            out << tr("Record %1: this installation's key took over after record %2, which was written "
                      "without it (records up to it are not authenticated by this key).")
                       .arg(number(n.seq), number(qint64(p.value(QLatin1String("afterSeq")).toDouble())));
        else if (n.kind == QLatin1String("unauthenticated-set-aside"))
            out << tr("Record %1: set aside to %4, %2 record(s) after record %3 that this installation's key "
                      "did not authenticate (forged, or written without it).",
                      nullptr, count(qint64(p.value(QLatin1String("records")).toDouble())))
                       .arg(number(n.seq), number(qint64(p.value(QLatin1String("records")).toDouble())),
                            number(qint64(p.value(QLatin1String("afterSeq")).toDouble())),
                            p.value(QLatin1String("file")).toString());
        else if (n.kind == QLatin1String("anchor-mac-missing"))
            out << tr("Record %1: the anchor carried no MAC although the log is signed (stripped or "
                      "replaced) "
                      "when the log was next written.")
                       .arg(number(n.seq));
        else if (n.kind == QLatin1String("anchor-other-key"))
            out << tr("Record %1: the anchor was signed with another key when the log was next written.")
                       .arg(number(n.seq));
        else if (n.kind == QLatin1String("write-resumed"))
            out << tr("Record %1: the log could not be written from %2 until this record, and actions were "
                      "refused meanwhile; failed writes: %3 (the first one's reason: %4).")
                       .arg(number(n.seq), p.value(QLatin1String("since")).toString(),
                            number(qint64(p.value(QLatin1String("failedWrites")).toDouble())),
                            p.value(QLatin1String("error")).toString());
        else if (n.kind == QLatin1String("legacy-set-aside"))
            out << tr("Record %1: a log in an older format was set aside to %2.")
                       .arg(number(n.seq), p.value(QLatin1String("file")).toString());
        else
            out << tr("Record %1: %2").arg(number(n.seq), n.kind);
    }
    if (v.pendingTornBytes > 0)
        out << tr("The log ends in an unfinished record (%1 bytes, from an interrupted write); the next run "
                  "sets it aside.")
                   .arg(number(v.pendingTornBytes));
    return out;
}

QString describeVerdict(const Audit::Verdict &v)
{
    QStringList lines { verdictHeadline(v) };
    if (!v.checksPassed() && !v.problem.detail.isEmpty())
        lines << tr("Detail: %1").arg(v.problem.detail);
    lines += verdictChecks(v);
    lines += verdictNotes(v);
    return lines.join(QLatin1Char('\n'));
}

} // namespace RestoreDesk::Text
