#include "audit/tailrecovery.h"

#include "audit/auditerrors.h"
#include "audit/chain.h"
#include "audit/durablefile.h"

#include <QFile>
#include <QFileInfo>

#include <cstring>
#include <limits>

namespace RestoreDesk::Audit {

namespace {

struct Line
{
    qint64 offset = 0; // in the file
    qint64 end = 0; // one past the newline
    LineFormat::View view;
    bool valid = false;
};

// A line is a good record when it has the record shape, its hash matches its bytes, and (with
// our key) its MAC matches. A record made under another key is accepted here: only the verifier
// can tell a replaced key from a forgery, and setting records aside would hide the question.
bool isGood(const char *p, qsizetype size, LineFormat::View *view, MacKey *key, Sha256 &sha)
{
    if (!LineFormat::parse(p, size, view))
        return false;
    unsigned char digest[32];
    sha.digest(p, view->hashedSize, digest);
    char hex[64];
    LineFormat::toHex(digest, hex);
    if (std::memcmp(hex, view->hash, 64) != 0)
        return false;
    if (key && view->mac && std::memcmp(view->keyId, key->id().constData(), LineFormat::kKeyIdSize) == 0) {
        unsigned char mac[32];
        key->recordMac(digest, mac);
        LineFormat::toHex(mac, hex);
        if (std::memcmp(hex, view->mac, 64) != 0)
            return false;
    }
    return true;
}

QByteArray hashOf(const Line &l)
{
    return QByteArray(l.view.hash, 64);
}

QJsonObject incident(const char *kind)
{
    return QJsonObject { { QLatin1String("kind"), QLatin1String(kind) } };
}

} // namespace

Result<RecoveryPlan> planRecovery(const LogFiles &files, MacKey *key, Sha256 &sha)
{
    RecoveryPlan plan;
    plan.hash = LineFormat::genesis();

    std::optional<Anchor> anchor;
    auto read = Anchor::read(files.anchor());
    if (!read) {
        QJsonObject i = incident("anchor-unreadable");
        i.insert(QLatin1String("detail"), read.error().detail);
        plan.incidents << i;
    } else {
        anchor = read.value();
    }
    // With a key, an anchor is trusted only when it carries this key's valid MAC. An anchor under
    // this key with a wrong MAC is forged; one without a MAC (or under another key) is judged
    // below, once it is known whether the log is signed.
    bool anchorVerified = false;
    if (anchor && key && !anchor->mac.isEmpty() && anchor->keyId == key->id()) {
        if (anchor->mac != key->anchorMacHex(anchor->seq, anchor->hash)) {
            QJsonObject i = incident("anchor-mac-mismatch");
            i.insert(QLatin1String("anchorSeq"), double(anchor->seq));
            plan.incidents << i;
            anchor.reset(); // not trusted: the log decides where the chain goes on
        } else {
            anchorVerified = true;
        }
    }
    const bool anchorSigned = anchor && !anchor->mac.isEmpty();
    if (!key && anchorSigned)
        return Error::make(Error::Kind::Security, Codes::KeyRequired,
                           QStringLiteral("%1: the anchor carries a MAC (key %2); this writer has no key")
                               .arg(files.anchor(), QString::fromLatin1(anchor->keyId)),
                           { files.current() });

    QString source = files.current();
    const QFileInfo current(source);
    plan.currentSize = current.exists() ? current.size() : 0;
    if (plan.currentSize == 0) {
        const QStringList segments = files.segments();
        source = segments.isEmpty() ? QString() : segments.last();
    }
    if (source.isEmpty()) {
        if (anchor) {
            // The log is gone but its anchor is not: go on from the anchor, so the gap stays
            // visible (the verifier reports the missing beginning).
            QJsonObject i = incident("log-missing");
            i.insert(QLatin1String("anchorSeq"), double(anchor->seq));
            plan.incidents << i;
            plan.seq = anchor->seq;
            plan.hash = anchor->hash;
        }
        return plan;
    }
    const bool sourceIsCurrent = source == files.current();
    if (sourceIsCurrent) {
        // Every log this writer made starts with a record; anything else (an older format, or a
        // file damaged from its first byte) is set aside whole rather than cut.
        QFile head(source);
        if (!head.open(QIODevice::ReadOnly))
            return Error::make(Error::Kind::Io, Codes::ReadFailed,
                               source + QStringLiteral(": ") + head.errorString(), { source });
        if (!head.read(7).startsWith("{\"seq\":")) {
            plan.legacyFormat = true;
            return plan;
        }
    }

    // Read a growing window from the end until the anchored record is in it (usually at once).
    QByteArray window;
    qint64 windowStart = 0;
    qint64 size = 0;
    QList<Line> lines;
    int anchored = -1;
    // When no record at all is in the last 8 MB (garbage or zeros written over the end), the
    // whole file is read, so the unreadable tail can be set aside and the log go on.
    constexpr qint64 kLargestWindow = qint64(8) << 20;
    for (qint64 want :
         { qint64(16) << 10, qint64(1) << 20, kLargestWindow, std::numeric_limits<qint64>::max() }) {
        auto bytes = DurableFile::readTail(source, want, &windowStart, &size);
        if (!bytes)
            return bytes.error();
        window = bytes.value();
        lines.clear();
        // Skip the first, partial line of a window that does not start at the file's beginning.
        qsizetype pos = 0;
        if (windowStart > 0) {
            const qsizetype nl = window.indexOf('\n');
            pos = nl < 0 ? window.size() : nl + 1;
        }
        while (pos < window.size()) {
            const qsizetype nl = window.indexOf('\n', pos);
            if (nl < 0)
                break;
            Line l;
            l.offset = windowStart + pos;
            l.end = windowStart + nl + 1;
            l.valid = isGood(window.constData() + pos, nl - pos, &l.view, key, sha);
            lines << l;
            pos = nl + 1;
        }
        anchored = -1;
        if (anchor) {
            for (int i = int(lines.size()) - 1; i >= 0; --i) {
                if (lines[i].valid && lines[i].view.seq == anchor->seq && hashOf(lines[i]) == anchor->hash) {
                    anchored = i;
                    break;
                }
            }
        }
        bool anyValid = false;
        for (const Line &l : std::as_const(lines))
            anyValid = anyValid || l.valid;
        if (windowStart == 0 || (anyValid && (!anchor || anchored >= 0 || want >= kLargestWindow)))
            break;
    }

    bool signedLines = false;
    for (const Line &l : std::as_const(lines))
        signedLines = signedLines || (l.valid && l.view.mac);
    if (!key && signedLines)
        return Error::make(Error::Kind::Security, Codes::KeyRequired,
                           QStringLiteral("%1: its records carry MACs; this writer has no key").arg(source),
                           { files.current() });
    bool anchorDistrusted = false;
    if (key && anchor && !anchorVerified && (anchorSigned || signedLines)) {
        // A signed log whose anchor has no MAC of this key: stripped or replaced (or written under
        // a key this installation no longer has). It cannot say where the log ended.
        QJsonObject i = incident(anchorSigned ? "anchor-other-key" : "anchor-mac-missing");
        i.insert(QLatin1String("anchorSeq"), double(anchor->seq));
        i.insert(QLatin1String("anchorHash"), QString::fromLatin1(anchor->hash));
        if (anchorSigned)
            i.insert(QLatin1String("anchorKeyId"), QString::fromLatin1(anchor->keyId));
        plan.incidents << i;
        anchor.reset();
        anchored = -1;
        anchorDistrusted = true;
    }

    // The anchored record may be the last of the previous segment: a writer rotated, wrote the
    // first record of the new file and stopped before updating the anchor.
    const bool anchoredBeforeFile = anchor && anchored < 0 && windowStart == 0 && !lines.isEmpty()
        && lines[0].valid && lines[0].view.seq == anchor->seq + 1
        && std::memcmp(lines[0].view.prev, anchor->hash.constData(), 64) == 0;

    int last = -1; // the last record the chain goes on from
    if (anchored >= 0 || anchoredBeforeFile) {
        last = anchored >= 0 ? anchored : 0;
        // Records after the anchored one that still chain were written by a run that stopped
        // before it updated the anchor; they stay.
        while (last + 1 < lines.size()) {
            const Line &next = lines[last + 1];
            if (!next.valid || next.view.seq != lines[last].view.seq + 1
                || std::memcmp(next.view.prev, lines[last].view.hash, 64) != 0)
                break;
            ++last;
        }
    } else {
        for (int i = int(lines.size()) - 1; i >= 0 && last < 0; --i) {
            if (lines[i].valid)
                last = i;
        }
        QJsonObject i = incident(anchor ? "anchor-mismatch" : "anchor-missing");
        if (anchor) {
            i.insert(QLatin1String("anchorSeq"), double(anchor->seq));
            i.insert(QLatin1String("anchorHash"), QString::fromLatin1(anchor->hash));
        }
        if (last >= 0)
            i.insert(QLatin1String("lastSeq"), double(lines[last].view.seq));
        // (An unreadable or distrusted anchor has its own incident already.)
        if (anchor || (read.ok() && !anchorDistrusted))
            plan.incidents << i;
    }

    int unauthenticated = 0;
    if (key && last >= 0) {
        // Nothing after the last record authenticated with this key is vouched for: records
        // without its MAC that follow one (forged, or written without the key) are set aside.
        const QByteArray id = key->id();
        auto ours = [&](int i) {
            const Line &l = lines[i];
            return (l.valid && l.view.mac
                    && std::memcmp(l.view.keyId, id.constData(), LineFormat::kKeyIdSize) == 0)
                || (anchorVerified && i == anchored);
        };
        int lastOurs = -1;
        for (int i = last; i >= 0 && lastOurs < 0; --i) {
            if (ours(i))
                lastOurs = i;
        }
        if (lastOurs >= 0 && lastOurs < last) {
            for (int i = lastOurs + 1; i <= last; ++i) {
                if (lines[i].valid) {
                    if (unauthenticated == 0)
                        plan.unauthenticatedFirstSeq = lines[i].view.seq;
                    ++unauthenticated;
                }
            }
            if (!sourceIsCurrent)
                return Error::make(
                    Error::Kind::Security, Codes::SetAsideFailed,
                    QStringLiteral("%1: records not authenticated with this key at the end of a "
                                   "rotated segment: %2")
                        .arg(source)
                        .arg(unauthenticated),
                    { source });
            last = lastOurs;
        }
    }
    plan.unauthenticatedRecords = unauthenticated;

    if (last < 0 && windowStart > 0)
        return Error::make(
            Error::Kind::Io, Codes::SetAsideFailed,
            QStringLiteral("%1: no intact record in its last %2 bytes").arg(source).arg(window.size()),
            { source });
    if (last >= 0) {
        plan.seq = lines[last].view.seq;
        plan.hash = hashOf(lines[last]);
        plan.lastIsRecord = true;
        if (lines[last].view.keyId)
            plan.lastKeyId = QByteArray(lines[last].view.keyId, LineFormat::kKeyIdSize);
    } else if (anchor) {
        plan.seq = anchor->seq;
        plan.hash = anchor->hash;
        plan.lastIsRecord = false;
    }
    plan.keyChange = key && plan.lastIsRecord && plan.lastKeyId != key->id();
    const qint64 cut = last >= 0 ? lines[last].end : 0;
    if (sourceIsCurrent && cut < size) {
        plan.cutOffset = cut;
        plan.tail = window.mid(cut - windowStart);
        plan.tailCompleteLines = int(lines.size()) - (last + 1);
    }
    return plan;
}

} // namespace RestoreDesk::Audit
