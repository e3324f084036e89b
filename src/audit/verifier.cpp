#include "audit/verifier.h"

#include "audit/auditerrors.h"
#include "audit/chain.h"
#include "audit/logfiles.h"
#include "audit/logsnapshot.h"
#include "audit/record.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <cstring>
#include <memory>

namespace RestoreDesk::Audit {

namespace {

constexpr qint64 kBlock = qint64(4) << 20;

// One pass over the chain; holds what carries from line to line and file to file.
class Pass
{
public:
    Pass(const VerifyOptions &options, Verdict &verdict)
        : m_verdict(verdict)
        , m_prev(LineFormat::genesis())
    {
        if (!options.key.isEmpty()) {
            m_key = std::make_unique<MacKey>(options.key);
            m_keyId = m_key->id();
        }
    }

    void setAnchorSeq(qint64 seq) { m_anchorSeq = seq; }
    QByteArray anchoredHash() const { return m_anchoredHash; }
    QByteArray prev() const { return m_prev; }
    bool failed() const { return m_failed; }
    // The key id of the last record's MAC; empty when it has none.
    QByteArray lastKeyId() const { return m_lastKeyId; }

    // Returns false at the first bad record (the verdict says why).
    bool line(const char *p, qsizetype size, const QString &file, qint64 lineNo)
    {
        const qint64 position = m_verdict.records + 1;
        LineFormat::View v;
        if (!LineFormat::parse(p, size, &v))
            return fail(Codes::Malformed, position, file, lineNo, QStringLiteral("not a record line"));
        unsigned char digest[32];
        m_sha.digest(p, v.hashedSize, digest);
        char hex[64];
        LineFormat::toHex(digest, hex);
        if (std::memcmp(hex, v.hash, 64) != 0)
            return fail(Codes::HashMismatch, position, file, lineNo,
                        QStringLiteral("stated hash %1, content hashes to %2")
                            .arg(QString::fromLatin1(v.hash, 64), QString::fromLatin1(hex, 64)));
        if (v.seq != position) {
            if (position == 1)
                return fail(Codes::StartMissing, position, file, lineNo,
                            QStringLiteral("the first record has seq %1").arg(v.seq),
                            { QString::number(v.seq - 1) });
            return fail(Codes::OutOfSequence, position, file, lineNo,
                        QStringLiteral("expected seq %1, found %2").arg(position).arg(v.seq),
                        { QString::number(position), QString::number(v.seq) });
        }
        if (std::memcmp(v.prev, m_prev.constData(), 64) != 0) {
            if (position == 1)
                return fail(Codes::StartMissing, position, file, lineNo,
                            QStringLiteral("the first record does not start a chain"),
                            { QStringLiteral("?") });
            return fail(Codes::ChainBroken, position, file, lineNo,
                        QStringLiteral("prev %1, the record before hashes to %2")
                            .arg(QString::fromLatin1(v.prev, 64), QString::fromLatin1(m_prev)));
        }
        const bool integrity = v.typeSize == int(EventType::Integrity.size())
            && std::memcmp(v.type, EventType::Integrity.data(), size_t(v.typeSize)) == 0;
        QString kind;
        if (integrity)
            kind = note(p, size, v.seq);
        if (v.mac)
            ++m_verdict.recordsWithMac;
        m_lastKeyId = v.mac ? QByteArray(v.keyId, LineFormat::kKeyIdSize) : QByteArray();
        if (m_key) {
            const bool ours = v.mac && std::memcmp(v.keyId, m_keyId.constData(), LineFormat::kKeyIdSize) == 0;
            if (ours) {
                unsigned char mac[32];
                m_key->recordMac(digest, mac);
                LineFormat::toHex(mac, hex);
                if (std::memcmp(hex, v.mac, 64) != 0)
                    return fail(Codes::MacMismatch, position, file, lineNo,
                                QStringLiteral("MAC does not match"));
                ++m_verdict.authenticated;
                if (!m_seenOurs && m_pending.position > 0) {
                    // Records before the first one under this key are accepted only as the log's
                    // history before the key took over, which that record must say (see
                    // AuditLog::recover); they stay unauthenticated and the verdict says so.
                    if (kind != QLatin1String("key-changed") && kind != QLatin1String("key-adopted"))
                        return failPending();
                    m_verdict.beforeKey = position - m_pending.position;
                    m_pending = {};
                }
                m_seenOurs = true;
            } else if (m_seenOurs) {
                // Nothing vouches for a record without this key after an authenticated one: it was
                // forged, or written without the key, and is reported as unauthenticated.
                return fail(v.mac ? Codes::OtherKey : Codes::MacMissing, position, file, lineNo,
                            v.mac ? QStringLiteral("key %1 after records authenticated with %2")
                                        .arg(QString::fromLatin1(v.keyId, LineFormat::kKeyIdSize),
                                             QString::fromLatin1(m_keyId))
                                  : QStringLiteral("no MAC after records authenticated with this key"));
            } else if (m_pending.position == 0) {
                m_pending = { position, file, lineNo, v.mac ? Codes::OtherKey : Codes::MacMissing,
                              v.mac ? QStringLiteral("key %1, this installation's key is %2")
                                          .arg(QString::fromLatin1(v.keyId, LineFormat::kKeyIdSize),
                                               QString::fromLatin1(m_keyId))
                                    : QStringLiteral("no MAC") };
            }
        }
        m_prev = QByteArray(v.hash, 64);
        if (v.seq == m_anchorSeq)
            m_anchoredHash = m_prev;
        m_verdict.records = position;
        return true;
    }

    bool fail(QLatin1String code, qint64 position, const QString &file, qint64 lineNo, const QString &detail,
              const QStringList &more = {})
    {
        m_failed = true;
        m_verdict.status = Verdict::Status::Broken;
        m_verdict.badRecord = position;
        m_verdict.badFile = file;
        m_verdict.badLine = lineNo;
        m_verdict.problem = Error::make(
            Error::Kind::Security, code, detail,
            QStringList { QString::number(position), QFileInfo(file).fileName(), QString::number(lineNo) }
                + more);
        return false;
    }

    // At the end of the log: records without this key and no key change after them (a rewrite).
    bool finish() { return m_pending.position == 0 || failPending(); }

private:
    bool failPending()
    {
        const Pending p = m_pending;
        m_pending = {};
        return fail(p.code, p.position, p.file, p.line, p.detail);
    }

    QString note(const char *p, qsizetype size, qint64 seq)
    {
        const QJsonObject o = QJsonDocument::fromJson(QByteArray(p, size)).object();
        const QJsonObject params = o.value(QLatin1String("params")).toObject();
        const QString kind = params.value(QLatin1String("kind")).toString();
        m_verdict.notes.append({ seq, kind, params });
        return kind;
    }

    struct Pending
    {
        qint64 position = 0;
        QString file;
        qint64 line = 0;
        QLatin1String code;
        QString detail;
    };
    Pending m_pending;

    Verdict &m_verdict;
    Sha256 m_sha;
    std::unique_ptr<MacKey> m_key;
    QByteArray m_keyId;
    QByteArray m_prev;
    qint64 m_anchorSeq = -1;
    QByteArray m_anchoredHash;
    bool m_failed = false;
    bool m_seenOurs = false;
    QByteArray m_lastKeyId;
};

} // namespace

namespace {

Result<Verdict> verifyChain(const LogSnapshot &snapshot, const VerifyOptions &options)
{
    const LogFiles files(snapshot.path());
    Verdict verdict;
    verdict.files = snapshot.names();
    verdict.keyAvailable = !options.key.isEmpty();

    std::optional<Anchor> anchor;
    std::optional<Error> anchorError;
    if (options.useAnchor) {
        const auto &read = snapshot.anchor();
        if (read)
            anchor = read.value();
        else
            anchorError = read.error();
    }
    verdict.anchorFound = anchor;

    Pass pass(options, verdict);
    if (anchor)
        pass.setAnchorSeq(anchor->seq);

    const qint64 total = snapshot.totalSize();
    qint64 done = 0;
    QByteArray buffer(kBlock, Qt::Uninitialized);
    for (int fi = 0; fi < verdict.files.size() && !pass.failed(); ++fi) {
        const QString &name = verdict.files.at(fi);
        QFile &file = *snapshot.files().at(fi).file;
        // Only what the file held when the snapshot was taken: a writer may have appended since.
        qint64 left = snapshot.files().at(fi).size;
        if (!file.seek(0))
            return Error::make(Error::Kind::Io, Codes::ReadFailed,
                               name + QStringLiteral(": ") + file.errorString(), { name });
        qsizetype filled = 0;
        qint64 lineNo = 0;
        for (;;) {
            if (filled == buffer.size())
                buffer.resize(buffer.size() * 2); // a line longer than a block (never written by the log)
            const qint64 n
                = left <= 0 ? 0 : file.read(buffer.data() + filled, qMin(buffer.size() - filled, left));
            if (n < 0)
                return Error::make(Error::Kind::Io, Codes::ReadFailed,
                                   name + QStringLiteral(": ") + file.errorString(), { name });
            if (n == 0)
                break;
            left -= n;
            done += n;
            filled += n;
            const char *start = buffer.constData();
            const char *end = start + filled;
            const char *p = start;
            while (p < end) {
                const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
                if (!nl)
                    break;
                ++lineNo;
                if (!pass.line(p, nl - p, name, lineNo))
                    break;
                p = nl + 1;
            }
            if (pass.failed())
                break;
            filled = end - p;
            std::memmove(buffer.data(), p, size_t(filled));
            if (options.progress && !options.progress(done, total))
                return Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled,
                                   QStringLiteral("verification stopped"));
        }
        if (!pass.failed() && filled > 0) {
            // An unfinished last line: a crash mid-write in the current file (set aside by the
            // next writer); in a rotated segment it cannot come from a crash.
            if (fi == verdict.files.size() - 1)
                verdict.pendingTornBytes = filled;
            else
                pass.fail(Codes::Malformed, verdict.records + 1, name, lineNo + 1,
                          QStringLiteral("unfinished line in a rotated segment"));
        }
    }
    if (!pass.failed())
        pass.finish();
    verdict.lastSeq = verdict.records;
    verdict.lastHash = verdict.records > 0 ? pass.prev() : QByteArray();
    if (pass.failed()) {
        verdict.chain = verdict.problem.code == Codes::MacMismatch
                || verdict.problem.code == Codes::MacMissing || verdict.problem.code == Codes::OtherKey
            ? Verdict::Check::Passed
            : Verdict::Check::Failed;
        if (verdict.chain == Verdict::Check::Passed)
            verdict.key = Verdict::Check::Failed;
        return verdict;
    }
    verdict.chain = Verdict::Check::Passed;
    if (verdict.keyAvailable)
        verdict.key = Verdict::Check::Passed;

    auto broken = [&](QLatin1String code, qint64 record, const QString &detail, const QStringList &more) {
        verdict.status = Verdict::Status::Broken;
        verdict.anchor = Verdict::Check::Failed;
        verdict.badRecord = record;
        verdict.badFile = files.anchor();
        verdict.problem = Error::make(
            Error::Kind::Security, code, detail,
            QStringList { QString::number(record), QFileInfo(files.anchor()).fileName(), QStringLiteral("1") }
                + more);
        return verdict;
    };
    if (!options.useAnchor)
        return verdict;
    if (anchorError) {
        verdict.status = Verdict::Status::Incomplete;
        verdict.problem = anchorError.value();
        verdict.problem.code = Codes::AnchorUnreadable;
        verdict.problem.args = QStringList { QFileInfo(files.anchor()).fileName() };
        return verdict;
    }
    if (!anchor) {
        if (verdict.records == 0)
            return verdict; // a log not written yet
        verdict.status = Verdict::Status::Incomplete;
        verdict.problem = Error::make(Error::Kind::Security, Codes::AnchorMissing, files.anchor(),
                                      { QFileInfo(files.anchor()).fileName() });
        return verdict;
    }
    // A signed log needs an anchor signed with the same key: an unsigned (stripped or replaced)
    // anchor would let anyone cut records off the end and name the new last record.
    const QByteArray anchorKey = verdict.keyAvailable ? MacKey(options.key).id() : pass.lastKeyId();
    if (!anchorKey.isEmpty()) {
        if (anchor->mac.isEmpty() || anchor->keyId != anchorKey)
            return broken(Codes::AnchorMacMissing, anchor->seq,
                          anchor->mac.isEmpty()
                              ? QStringLiteral("the anchor carries no MAC, the log is signed (key %1)")
                                    .arg(QString::fromLatin1(anchorKey))
                              : QStringLiteral("the anchor is signed with key %1, the log with %2")
                                    .arg(QString::fromLatin1(anchor->keyId), QString::fromLatin1(anchorKey)),
                          {});
        if (verdict.keyAvailable) {
            MacKey key(options.key);
            if (anchor->mac != key.anchorMacHex(anchor->seq, anchor->hash))
                return broken(Codes::AnchorMacMismatch, anchor->seq,
                              QStringLiteral("the anchor's MAC does not match"), {});
        }
    }
    if (anchor->seq > verdict.records)
        return broken(Codes::Truncated, verdict.records + 1,
                      QStringLiteral("the anchor names record %1, the log ends at %2")
                          .arg(anchor->seq)
                          .arg(verdict.records),
                      { QString::number(anchor->seq), QString::number(verdict.records) });
    const QByteArray anchored = anchor->seq == 0 ? LineFormat::genesis() : pass.anchoredHash();
    if (anchored != anchor->hash)
        return broken(Codes::AnchorMismatch, anchor->seq,
                      QStringLiteral("anchor hash %1, record %2 hashes to %3")
                          .arg(QString::fromLatin1(anchor->hash))
                          .arg(anchor->seq)
                          .arg(QString::fromLatin1(anchored)),
                      {});
    verdict.anchor = Verdict::Check::Passed;
    verdict.anchorBehind = verdict.records - anchor->seq;
    return verdict;
}

} // namespace

Result<Verdict> verifySnapshot(const LogSnapshot &snapshot, const VerifyOptions &options)
{
    if (auto hashing = Sha256::available(); !hashing)
        return hashing.error(); // not "broken": nothing could be checked
    auto verdict = verifyChain(snapshot, options);
    if (verdict && verdict->status == Verdict::Status::Intact && !verdict->incidents().isEmpty())
        verdict.value().status = Verdict::Status::IntactWithIncidents;
    return verdict;
}

Result<Verdict> verifyLog(const QString &path, const VerifyOptions &options)
{
    auto snapshot = LogSnapshot::take(path, options.lockTimeoutMs);
    if (!snapshot)
        return snapshot.error();
    return verifySnapshot(snapshot.value(), options);
}

} // namespace RestoreDesk::Audit
