// The audit log's writer and verifier: chaining, every tamper case at the right record, torn and
// invalid tails set aside, anchors, rotation, redaction, legacy files, the HMAC itself.
#include "audit/anchor.h"
#include "audit/auditerrors.h"
#include "audit/auditlog.h"
#include "audit/chain.h"
#include "audit/filelock.h"
#include "audit/logfiles.h"
#include "audit/verifier.h"
#include "core/qtcompat.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Audit;

namespace {

const QByteArray kKey = QByteArrayLiteral("0123456789abcdef0123456789abcdef-test-key");

QList<QByteArray> readLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = f.readAll().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

void writeLines(const QString &path, const QList<QByteArray> &lines)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    for (const QByteArray &l : lines)
        f.write(l + '\n');
}

// A record line an attacker without the key can write: chained to `lines`' last record, no MAC
// (or under `key`).
QByteArray forgeAfter(const QByteArray &lastLine, const QString &reason, MacKey *key = nullptr,
                      const QString &kind = QString())
{
    const Record last = Record::parse(lastLine).value();
    Record r;
    r.type = kind.isEmpty() ? QStringLiteral("restore") : QString(EventType::Integrity);
    r.outcome = kind.isEmpty() ? QStringLiteral("accepted") : QString(Outcome::Noted);
    r.reason = reason;
    r.time = last.time.addSecs(1);
    r.host = last.host;
    r.app = last.app;
    if (!kind.isEmpty())
        r.params = QJsonObject { { QStringLiteral("kind"), kind } };
    Sha256 sha;
    QByteArray hash;
    return LineFormat::encode(last.seq + 1, last.hash.toLatin1(), r.type, r.bodyJson(), key, sha, &hash);
}

void appendRaw(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Append));
    f.write(bytes);
}

} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hmacMatchesReference();
    void appendReopenVerify_data();
    void appendReopenVerify();
    void tamperingIsFoundAtTheRightRecord_data();
    void tamperingIsFoundAtTheRightRecord();
    void tornTailIsSetAsideAndRecorded_data();
    void tornTailIsSetAsideAndRecorded();
    void pendingTornTailIsReported();
    void largeUnreadableTailIsSetAside_data();
    void largeUnreadableTailIsSetAside();
    void anchorBehindByOneIsAccepted();
    void truncationIsRecordedWhenTheChainGoesOn();
    void missingKeyMeansTheKeyCheckDoesNotRun();
    void keylessRecordsAreAdoptedByTheNextKeyedWriter();
    void forgedMaclessRecordsAreNeverAdopted_data();
    void forgedMaclessRecordsAreNeverAdopted();
    void adoptionNoteAfterSignedRecordsIsRefused();
    void keylessWriterRefusesASignedLog();
    void strippedAnchorMacIsFound_data();
    void strippedAnchorMacIsFound();
    void rotationKeepsTheChainAcrossFiles();
    void rotationDuringVerificationIsNotDamage();
    void crashAfterRotationIsNotAnIncident();
    void readersTakeTheLock();
    void missingSegmentIsFound();
    void secretsNeverReachTheFile();
    void preparingTheProcessChangesNoRecord();
    void legacyFileIsSetAside();
    void invalidTypeIsRefused();

private:
    static Record record(int i);
    static void fill(AuditLog &log, int count);
};

Record TestAuditLog::record(int i)
{
    Record r;
    r.type = QStringLiteral("restore");
    r.outcome = i % 2 ? QStringLiteral("accepted") : QStringLiteral("requested");
    r.identity = Identity { QStringLiteral("https://idp"), QStringLiteral("sub-1"), QStringLiteral("oid-1"),
                            QStringLiteral("oscar@example"), QStringLiteral("tenant-1") };
    r.target = QStringLiteral("/subscriptions/s/vaults/v/items/%1").arg(i);
    r.correlationIds << QStringLiteral("corr-%1").arg(i);
    r.reason = QStringLiteral("drill %1").arg(i);
    r.params = QJsonObject { { QStringLiteral("n"), i } };
    return r;
}

void TestAuditLog::fill(AuditLog &log, int count)
{
    for (int i = 1; i <= count; ++i) {
        auto w = log.append(record(i));
        QVERIFY2(w.ok(), qPrintable(w ? QString() : w.error().toString()));
    }
}

void TestAuditLog::hmacMatchesReference()
{
    MacKey key(kKey);
    const QByteArray message = QByteArrayLiteral("the quick brown fox");
    QCOMPARE(key.macHex(message),
             QMessageAuthenticationCode::hash(message, kKey, QCryptographicHash::Sha256).toHex());
    const QByteArray longKey(200, 'k'); // longer than a block: hashed first
    MacKey key2(longKey);
    QCOMPARE(key2.macHex(message),
             QMessageAuthenticationCode::hash(message, longKey, QCryptographicHash::Sha256).toHex());
    Sha256 sha;
    QCOMPARE(sha.hex(message), QCryptographicHash::hash(message, QCryptographicHash::Sha256).toHex());
}

void TestAuditLog::appendReopenVerify_data()
{
    QTest::addColumn<bool>("withKey");
    QTest::newRow("with key") << true;
    QTest::newRow("without key") << false;
}

void TestAuditLog::appendReopenVerify()
{
    QFETCH(bool, withKey);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/audit.jsonl"));
    AuditLog log(path);
    if (withKey)
        log.setKey(kKey);
    QVERIFY(log.open().ok());
    fill(log, 5);
    AuditLog again(path); // a later run goes on with the same chain
    if (withKey)
        again.setKey(kKey);
    QVERIFY(again.open().ok());
    QCOMPARE(again.entries(), 5);
    QVERIFY(again.lastIncidents().isEmpty());
    fill(again, 3);

    VerifyOptions o;
    if (withKey)
        o.key = kKey;
    const auto v = verifyLog(path, o);
    QVERIFY(v.ok());
    QVERIFY2(v->intact(), qPrintable(v->problem.toString()));
    QCOMPARE(v->records, 8);
    QCOMPARE(v->chain, Verdict::Check::Passed);
    QCOMPARE(v->anchor, Verdict::Check::Passed);
    QCOMPARE(v->key, withKey ? Verdict::Check::Passed : Verdict::Check::NotRun);
    QCOMPARE(v->authenticated, withKey ? 8 : 0);
    QVERIFY(v->notes.isEmpty());
    // Each line is valid JSON that names what the issue asks for.
    const auto parsed = Record::parse(readLines(path).at(2));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->seq, 3);
    QCOMPARE(parsed->identity.tenant, QStringLiteral("tenant-1"));
    QCOMPARE(parsed->reason, QStringLiteral("drill 3"));
    QVERIFY(!parsed->host.isEmpty());
    QVERIFY(!parsed->app.isEmpty());
    QCOMPARE(parsed->hasMac, withKey);
}

void TestAuditLog::tamperingIsFoundAtTheRightRecord_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<int>("badRecord");
    QTest::addColumn<QString>("code");
    QTest::newRow("edit a field") << "edit" << 3 << QString(Audit::Codes::HashMismatch);
    QTest::newRow("delete a record") << "delete" << 3 << QString(Audit::Codes::OutOfSequence);
    QTest::newRow("swap two records") << "swap" << 2 << QString(Audit::Codes::OutOfSequence);
    QTest::newRow("truncate the tail") << "truncate" << 5 << QString(Audit::Codes::Truncated);
    QTest::newRow("append a garbage line") << "garbage" << 7 << QString(Audit::Codes::Malformed);
    QTest::newRow("delete the first record") << "delete-first" << 1 << QString(Audit::Codes::StartMissing);
    QTest::newRow("rewrite with a fresh chain, no MAC")
        << "rewrite" << 1 << QString(Audit::Codes::MacMissing);
    QTest::newRow("rewrite with a fresh chain, another key")
        << "rewrite-key" << 1 << QString(Audit::Codes::OtherKey);
    QTest::newRow("edit and re-hash one record") << "rehash" << 3 << QString(Audit::Codes::MacMismatch);
    QTest::newRow("anchor edited alone") << "anchor" << 6 << QString(Audit::Codes::AnchorMacMismatch);
    QTest::newRow("anchor names another record")
        << "anchor-other" << 4 << QString(Audit::Codes::AnchorMismatch);
}

void TestAuditLog::tamperingIsFoundAtTheRightRecord()
{
    QFETCH(QString, how);
    QFETCH(int, badRecord);
    QFETCH(QString, code);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        AuditLog log(path);
        log.setKey(kKey);
        fill(log, 6);
    }
    QList<QByteArray> lines = readLines(path);
    QCOMPARE(lines.size(), 6);
    const QString anchorPath = dir.filePath(QStringLiteral("audit.head"));
    if (how == QLatin1String("edit")) {
        lines[2].replace("drill 3", "drill X");
    } else if (how == QLatin1String("delete")) {
        lines.removeAt(2);
    } else if (how == QLatin1String("swap")) {
        lines.swapItemsAt(1, 2);
    } else if (how == QLatin1String("truncate")) {
        lines = lines.mid(0, 4);
    } else if (how == QLatin1String("garbage")) {
        lines << "{\"seq\":7,\"totally\":\"made up\"}";
    } else if (how == QLatin1String("delete-first")) {
        lines.removeFirst();
    } else if (how == QLatin1String("rewrite") || how == QLatin1String("rewrite-key")) {
        // An attacker without the key writes a whole new, internally valid chain and anchor.
        QDir(dir.path()).removeRecursively();
        QDir().mkpath(dir.path());
        AuditLog forged(path);
        if (how == QLatin1String("rewrite-key"))
            forged.setKey(QByteArrayLiteral("some other key of the attacker's...."));
        fill(forged, 6);
        lines = readLines(path);
    } else if (how == QLatin1String("rehash")) {
        // Edit record 3 and recompute its hash and every later link: only the MAC can tell.
        QList<QByteArray> out = lines.mid(0, 2);
        Sha256 sha;
        QByteArray prev = Record::parse(lines[1])->hash.toLatin1();
        for (int i = 2; i < lines.size(); ++i) {
            Record r = Record::parse(lines[i]).value();
            QJsonObject body = r.bodyJson();
            if (i == 2)
                body.insert(QStringLiteral("reason"), QStringLiteral("drill X"));
            QByteArray hash;
            QByteArray line = LineFormat::encode(r.seq, prev, r.type, body, nullptr, sha, &hash);
            // Keep the original key id and MAC fields in place, as an attacker would have to.
            LineFormat::View v;
            QVERIFY(LineFormat::parse(lines[i].constData(), lines[i].size(), &v));
            QByteArray hashed = line.left(line.indexOf(",\"hash\":\"")) + ",\"key\":\""
                + QByteArray(v.keyId, LineFormat::kKeyIdSize) + '"';
            hash = sha.hex(hashed);
            out << hashed + ",\"hash\":\"" + hash + "\",\"mac\":\"" + QByteArray(v.mac, 64) + "\"}";
            prev = hash;
        }
        lines = out;
        QFile a(anchorPath);
        QVERIFY(a.open(QIODevice::WriteOnly | QIODevice::Truncate));
        a.write(Anchor::make(6, prev, nullptr).toBytes());
    } else if (how == QLatin1String("anchor")) {
        Anchor a = Anchor::parse(readLines(anchorPath).first()).value();
        a.seq = 6;
        a.mac = QByteArray(64, 'a');
        QFile f(anchorPath);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(a.toBytes());
    } else if (how == QLatin1String("anchor-other")) {
        // A well-formed anchor for seq 4 whose hash is the one of record 5.
        MacKey key(kKey);
        const QByteArray wrong = Record::parse(lines[4])->hash.toLatin1();
        QFile f(anchorPath);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(Anchor::make(4, wrong, &key).toBytes());
    }
    writeLines(path, lines);

    VerifyOptions o;
    o.key = kKey;
    const auto v = verifyLog(path, o);
    QVERIFY(v.ok());
    QCOMPARE(v->status, Verdict::Status::Broken);
    QCOMPARE(v->problem.code, code);
    QCOMPARE(v->badRecord, qint64(badRecord));
    QCOMPARE(v->problem.args.value(0), QString::number(badRecord));
    QVERIFY(!v->problem.detail.isEmpty());
}

void TestAuditLog::tornTailIsSetAsideAndRecorded_data()
{
    QTest::addColumn<QByteArray>("tail");
    QTest::addColumn<int>("completeLines");
    QTest::newRow("torn record") << QByteArray("{\"seq\":6,\"prev\":\"00ab") << 0;
    QTest::newRow("NUL bytes after a crash") << QByteArray(37, '\0') << 0;
    QTest::newRow("a garbage line") << QByteArray("garbage\n") << 1;
    QTest::newRow("two garbage lines and a torn one") << QByteArray("x\ny\nz") << 2;
}

void TestAuditLog::tornTailIsSetAsideAndRecorded()
{
    QFETCH(QByteArray, tail);
    QFETCH(int, completeLines);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        AuditLog log(path);
        log.setKey(kKey);
        fill(log, 5);
    }
    const QList<QByteArray> before = readLines(path);
    appendRaw(path, tail);

    AuditLog log(path);
    log.setKey(kKey);
    QVERIFY(log.open().ok()); // a damaged end never stops the log from opening
    QCOMPARE(log.lastIncidents().size(), 1);
    const Record incident = log.lastIncidents().first();
    QCOMPARE(incident.type, QString(Audit::EventType::Integrity));
    QCOMPARE(incident.params.value(QStringLiteral("kind")).toString(), QStringLiteral("tail-set-aside"));
    QCOMPARE(incident.params.value(QStringLiteral("bytes")).toInt(), tail.size());
    QCOMPARE(incident.params.value(QStringLiteral("completeLines")).toInt(), completeLines);
    QCOMPARE(incident.seq, 6);

    // The tail is kept byte for byte next to the log.
    const QString aside = dir.filePath(incident.params.value(QStringLiteral("file")).toString());
    QVERIFY(aside.contains(QStringLiteral("audit.jsonl.torn-")));
    QFile kept(aside);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), tail);

    fill(log, 1);
    const QList<QByteArray> after = readLines(path);
    QCOMPARE(after.mid(0, 5), before);
    QCOMPARE(after.size(), 7);
    VerifyOptions o;
    o.key = kKey;
    const auto v = verifyLog(path, o);
    QVERIFY2(v->checksPassed(), qPrintable(v->problem.toString()));
    QCOMPARE(v->status, Verdict::Status::IntactWithIncidents); // a tail set aside is an incident
    QCOMPARE(v->records, 7);
    QCOMPARE(v->notes.size(), 1);
    QCOMPARE(v->notes.first().kind, QStringLiteral("tail-set-aside"));
    QCOMPARE(v->notes.first().seq, 6);
}

void TestAuditLog::largeUnreadableTailIsSetAside_data()
{
    QTest::addColumn<bool>("withAnchor");
    QTest::addColumn<int>("garbageBytes");
    QTest::newRow("no anchor, 20 KB of garbage lines") << false << (20 << 10);
    QTest::newRow("anchor, 9 MB of zeros") << true << (9 << 20);
}

void TestAuditLog::largeUnreadableTailIsSetAside()
{
    QFETCH(bool, withAnchor);
    QFETCH(int, garbageBytes);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        AuditLog log(path);
        log.setKey(kKey);
        fill(log, 3);
    }
    if (!withAnchor)
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("audit.head"))));
    QByteArray garbage = withAnchor ? QByteArray(garbageBytes, '\0') : QByteArray();
    while (garbage.size() < garbageBytes)
        garbage += "not a record, just noise that fills the end of the file\n";
    appendRaw(path, garbage);

    AuditLog log(path);
    log.setKey(kKey);
    const auto w = log.append(record(4));
    QVERIFY2(w.ok(), qPrintable(w ? QString() : w.error().toString()));
    bool setAside = false;
    for (const Record &r : log.lastIncidents()) {
        if (r.params.value(QStringLiteral("kind")).toString() != QLatin1String("tail-set-aside"))
            continue;
        setAside = true;
        QCOMPARE(qint64(r.params.value(QStringLiteral("bytes")).toDouble()), qint64(garbage.size()));
        QFile kept(dir.filePath(r.params.value(QStringLiteral("file")).toString()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.size(), qint64(garbage.size()));
    }
    QVERIFY(setAside);
    VerifyOptions o;
    o.key = kKey;
    const auto v = verifyLog(path, o);
    QVERIFY2(v->checksPassed(), qPrintable(v->problem.toString()));
    QCOMPARE(v->records, qint64(3 + log.lastIncidents().size() + 1));
}

void TestAuditLog::pendingTornTailIsReported()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog log(path);
    fill(log, 3);
    appendRaw(path, "{\"seq\":4,\"pr");
    const auto v = verifyLog(path);
    QVERIFY(v->intact()); // nothing recorded was changed; the next writer sets it aside
    QCOMPARE(v->records, 3);
    QCOMPARE(v->pendingTornBytes, 12);
}

void TestAuditLog::anchorBehindByOneIsAccepted()
{
    // A crash between fsync of the record and the anchor update leaves the anchor one behind.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog log(path);
    log.setKey(kKey);
    fill(log, 4);
    const QList<QByteArray> lines = readLines(path);
    MacKey key(kKey);
    QFile f(dir.filePath(QStringLiteral("audit.head")));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(Anchor::make(3, Record::parse(lines[2])->hash.toLatin1(), &key).toBytes());
    f.close();
    VerifyOptions o;
    o.key = kKey;
    auto v = verifyLog(path, o);
    QVERIFY2(v->intact(), qPrintable(v->problem.toString()));
    QCOMPARE(v->anchorBehind, 1);

    AuditLog next(path);
    next.setKey(kKey);
    fill(next, 1);
    QVERIFY(next.lastIncidents().isEmpty());
    v = verifyLog(path, o);
    QVERIFY(v->intact());
    QCOMPARE(v->records, 5);
    QCOMPARE(v->anchorBehind, 0);
}

void TestAuditLog::truncationIsRecordedWhenTheChainGoesOn()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        AuditLog log(path);
        fill(log, 6);
    }
    writeLines(path, readLines(path).mid(0, 4));
    AuditLog log(path);
    QVERIFY(log.open().ok());
    QCOMPARE(log.lastIncidents().size(), 1);
    const Record i = log.lastIncidents().first();
    QCOMPARE(i.params.value(QStringLiteral("kind")).toString(), QStringLiteral("anchor-mismatch"));
    QCOMPARE(i.params.value(QStringLiteral("anchorSeq")).toInt(), 6);
    QCOMPARE(i.params.value(QStringLiteral("lastSeq")).toInt(), 4);
    QCOMPARE(i.seq, 5);
    const auto v = verifyLog(path);
    // The chain checks pass, but the cut is an incident: not "intact", and intact only since it.
    QVERIFY(!v->intact());
    QCOMPARE(v->status, Verdict::Status::IntactWithIncidents);
    QVERIFY(v->checksPassed());
    QCOMPARE(v->intactSince(), 5);
    QCOMPARE(v->incidents().size(), 1);
    QCOMPARE(v->toJson().value(QStringLiteral("status")).toString(), QStringLiteral("intact-with-incidents"));
    QCOMPARE(v->notes.size(), 1); // the evidence stays in the chain
    QCOMPARE(v->notes.first().kind, QStringLiteral("anchor-mismatch"));
}

void TestAuditLog::missingKeyMeansTheKeyCheckDoesNotRun()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog log(path);
    log.setKey(kKey);
    fill(log, 3);
    auto v = verifyLog(path);
    QVERIFY(v->intact());
    QCOMPARE(v->key, Verdict::Check::NotRun);
    QCOMPARE(v->recordsWithMac, 3);
    QVERIFY(!v->keyAvailable);

    QFile::remove(dir.filePath(QStringLiteral("audit.head")));
    v = verifyLog(path);
    QCOMPARE(v->status, Verdict::Status::Incomplete);
    QCOMPARE(v->problem.code, QString(Audit::Codes::AnchorMissing));
    VerifyOptions noAnchor;
    noAnchor.useAnchor = false;
    v = verifyLog(path, noAnchor);
    QVERIFY(v->intact());
    QCOMPARE(v->anchor, Verdict::Check::NotRun);
}

void TestAuditLog::keylessRecordsAreAdoptedByTheNextKeyedWriter()
{
    // A log that was never signed (runs without a keychain) may be taken over by a keyed writer,
    // but not silently: the first authenticated record says so, and verification lists it.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        AuditLog keyless(path);
        fill(keyless, 2);
    }
    VerifyOptions o;
    o.key = kKey;
    // Until a keyed writer starts, they look exactly like a rewritten file.
    auto v = verifyLog(path, o);
    QCOMPARE(v->status, Verdict::Status::Broken);
    QCOMPARE(v->problem.code, QString(Audit::Codes::MacMissing));
    QCOMPARE(v->badRecord, 1);
    {
        AuditLog keyed(path);
        keyed.setKey(kKey);
        QVERIFY(keyed.open().ok());
        QCOMPARE(keyed.lastIncidents().size(), 1);
        QCOMPARE(keyed.lastIncidents().first().params.value(QStringLiteral("kind")).toString(),
                 QStringLiteral("key-changed"));
        fill(keyed, 1);
    }
    v = verifyLog(path, o);
    QCOMPARE(v->chain, Verdict::Check::Passed);
    QCOMPARE(v->records, 4);
    QCOMPARE(v->beforeKey, 2); // not vouched for: reported as written before the key took over
    QCOMPARE(v->authenticated, 2);
    QCOMPARE(v->notes.size(), 1);
    QCOMPARE(v->notes.first().kind, QStringLiteral("key-changed"));
    // A keyless writer can no longer append to it.
    AuditLog keyless(path);
    QVERIFY(!keyless.append(record(9)).ok());
}

void TestAuditLog::forgedMaclessRecordsAreNeverAdopted_data()
{
    QTest::addColumn<bool>("forgeAnchor");
    QTest::newRow("records appended") << false;
    QTest::newRow("records appended and an unsigned anchor for them") << true;
}

void TestAuditLog::forgedMaclessRecordsAreNeverAdopted()
{
    QFETCH(bool, forgeAnchor);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        AuditLog log(path);
        log.setKey(kKey);
        fill(log, 3);
    }
    // The attacker, without the key, appends two well-chained records with no MAC.
    QList<QByteArray> lines = readLines(path);
    lines << forgeAfter(lines.last(), QStringLiteral("forged one"));
    lines << forgeAfter(lines.last(), QStringLiteral("forged two"));
    writeLines(path, lines);
    if (forgeAnchor) {
        QFile a(dir.filePath(QStringLiteral("audit.head")));
        QVERIFY(a.open(QIODevice::WriteOnly | QIODevice::Truncate));
        a.write(Anchor::make(5, Record::parse(lines.last())->hash.toLatin1(), nullptr).toBytes());
    }
    VerifyOptions o;
    o.key = kKey;
    auto v = verifyLog(path, o);
    QCOMPARE(v->status, Verdict::Status::Broken);
    QCOMPARE(v->problem.code, QString(Audit::Codes::MacMissing));
    QCOMPARE(v->badRecord, 4);

    // The next keyed action must not vouch for them: they are set aside (kept) and recorded.
    {
        AuditLog log(path);
        log.setKey(kKey);
        fill(log, 1);
    }
    const QList<QByteArray> after = readLines(path);
    for (const QByteArray &l : after)
        QVERIFY2(!l.contains("forged"), l.constData());
    v = verifyLog(path, o);
    QCOMPARE(v->chain, Verdict::Check::Passed);
    QCOMPARE(v->authenticated, v->records);
    QCOMPARE(v->beforeKey, 0);
    QStringList kinds;
    QString asideFile;
    for (const Verdict::Note &n : v->notes) {
        kinds << n.kind;
        if (n.kind == QLatin1String("unauthenticated-set-aside"))
            asideFile = n.params.value(QStringLiteral("file")).toString();
    }
    QVERIFY2(kinds.contains(QStringLiteral("unauthenticated-set-aside")), qPrintable(kinds.join(u',')));
    QVERIFY(!kinds.contains(QStringLiteral("key-adopted")));
    QVERIFY(!kinds.contains(QStringLiteral("key-changed")));
    QFile kept(dir.filePath(asideFile));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    const QByteArray keptBytes = kept.readAll();
    QVERIFY(keptBytes.contains("forged one") && keptBytes.contains("forged two"));
}

void TestAuditLog::adoptionNoteAfterSignedRecordsIsRefused()
{
    // A log written by an earlier version that signed a "key-adopted" note after forged records.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        AuditLog log(path);
        log.setKey(kKey);
        fill(log, 3);
    }
    QList<QByteArray> lines = readLines(path);
    lines << forgeAfter(lines.last(), QStringLiteral("forged"));
    MacKey key(kKey);
    lines << forgeAfter(lines.last(), QString(), &key, QStringLiteral("key-adopted"));
    writeLines(path, lines);
    QFile a(dir.filePath(QStringLiteral("audit.head")));
    QVERIFY(a.open(QIODevice::WriteOnly | QIODevice::Truncate));
    a.write(Anchor::make(5, Record::parse(lines.last())->hash.toLatin1(), &key).toBytes());
    a.close();
    VerifyOptions o;
    o.key = kKey;
    const auto v = verifyLog(path, o);
    QCOMPARE(v->status, Verdict::Status::Broken);
    QCOMPARE(v->problem.code, QString(Audit::Codes::MacMissing));
    QCOMPARE(v->badRecord, 4);
}

void TestAuditLog::keylessWriterRefusesASignedLog()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        AuditLog log(path);
        log.setKey(kKey);
        fill(log, 2);
    }
    const QList<QByteArray> before = readLines(path);
    AuditLog keyless(path);
    const auto opened = keyless.open();
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, QString(Audit::Codes::KeyRequired));
    const auto w = keyless.append(record(3));
    QVERIFY(!w.ok());
    QCOMPARE(w.error().code, QString(Audit::Codes::KeyRequired));
    QCOMPARE(readLines(path), before);
    // Stripping the anchor's MAC does not make the log look unsigned.
    QFile a(dir.filePath(QStringLiteral("audit.head")));
    QVERIFY(a.open(QIODevice::WriteOnly | QIODevice::Truncate));
    a.write(Anchor::make(2, Record::parse(before.last())->hash.toLatin1(), nullptr).toBytes());
    a.close();
    QVERIFY(!keyless.append(record(3)).ok());
    QCOMPARE(readLines(path), before);
}

void TestAuditLog::strippedAnchorMacIsFound_data()
{
    QTest::addColumn<bool>("verifyWithKey");
    QTest::newRow("key available") << true;
    QTest::newRow("no key, the last record is signed") << false;
}

void TestAuditLog::strippedAnchorMacIsFound()
{
    QFETCH(bool, verifyWithKey);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        AuditLog log(path);
        log.setKey(kKey);
        fill(log, 6);
    }
    // Cut two records off and write an anchor without a MAC for the new end.
    const QList<QByteArray> lines = readLines(path).mid(0, 4);
    writeLines(path, lines);
    QFile a(dir.filePath(QStringLiteral("audit.head")));
    QVERIFY(a.open(QIODevice::WriteOnly | QIODevice::Truncate));
    a.write(Anchor::make(4, Record::parse(lines.last())->hash.toLatin1(), nullptr).toBytes());
    a.close();
    VerifyOptions o;
    if (verifyWithKey)
        o.key = kKey;
    auto v = verifyLog(path, o);
    QCOMPARE(v->status, Verdict::Status::Broken);
    QCOMPARE(v->problem.code, QString(Audit::Codes::AnchorMacMissing));
    QCOMPARE(v->anchor, Verdict::Check::Failed);

    // The next keyed writer does not re-sign it silently: it records that the anchor was unsigned.
    AuditLog log(path);
    log.setKey(kKey);
    QVERIFY(log.open().ok());
    QStringList kinds;
    for (const Record &r : log.lastIncidents())
        kinds << r.params.value(QStringLiteral("kind")).toString();
    QVERIFY2(kinds.contains(QStringLiteral("anchor-mac-missing")), qPrintable(kinds.join(u',')));
}

void TestAuditLog::rotationKeepsTheChainAcrossFiles()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog::Options options;
    options.maxFileBytes = 2000;
    AuditLog log(path, options);
    log.setKey(kKey);
    fill(log, 20);
    const QStringList segments = LogFiles(path).segments();
    QVERIFY2(segments.size() >= 3, qPrintable(segments.join(QLatin1Char(' '))));
    QVERIFY(segments.first().endsWith(QStringLiteral("audit.jsonl.000001")));
    for (const QString &s : segments)
        QVERIFY(QFileInfo(s).size() <= 2000);
    VerifyOptions o;
    o.key = kKey;
    const auto v = verifyLog(path, o);
    QVERIFY2(v->intact(), qPrintable(v->problem.toString()));
    QCOMPARE(v->records, 20);
    QCOMPARE(v->files.size(), segments.size() + 1);
    // A second writer goes on from the rotated chain.
    AuditLog again(path, options);
    again.setKey(kKey);
    fill(again, 2);
    QCOMPARE(again.entries(), 22);
    QVERIFY(verifyLog(path, o)->intact());
}

void TestAuditLog::rotationDuringVerificationIsNotDamage()
{
    // Another process appends (and rotates) while a reader is between files: the reader must
    // see the log as it was when it started, not half of each.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog::Options options;
    options.maxFileBytes = 2000;
    AuditLog log(path, options);
    log.setKey(kKey);
    fill(log, 12);
    QVERIFY(LogFiles(path).segments().size() >= 2);
    AuditLog other(path, options);
    other.setKey(kKey);
    bool appended = false;
    VerifyOptions o;
    o.key = kKey;
    o.progress = [&](qint64, qint64) {
        if (!appended) {
            appended = true;
            for (int i = 0; i < 6; ++i) // enough to rotate the current file at least once
                if (!other.append(record(100 + i)))
                    return false;
        }
        return true;
    };
    const auto v = verifyLog(path, o);
    QVERIFY(appended);
    QVERIFY2(v.ok(), qPrintable(v ? QString() : v.error().toString()));
    QVERIFY2(v->intact(), qPrintable(v->problem.toString()));
    QCOMPARE(v->records, 12);
    o.progress = nullptr;
    QCOMPARE(verifyLog(path, o)->records, 18);
}

void TestAuditLog::crashAfterRotationIsNotAnIncident()
{
    // A writer rotates, writes the first record of the new file and is killed before it updates
    // the anchor, which still names the last record of the segment before.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog::Options options;
    options.maxFileBytes = 2000;
    AuditLog log(path, options);
    log.setKey(kKey);
    fill(log, 1);
    const QString anchorPath = LogFiles(path).anchor();
    QByteArray anchorBefore;
    for (int i = 2; LogFiles(path).segments().isEmpty(); ++i) {
        QVERIFY(i < 100);
        QFile a(anchorPath);
        QVERIFY(a.open(QIODevice::ReadOnly));
        anchorBefore = a.readAll();
        a.close();
        QVERIFY(log.append(record(i)).ok());
    }
    QCOMPARE(readLines(path).size(), 1); // the new file holds the one record
    QFile a(anchorPath);
    QVERIFY(a.open(QIODevice::WriteOnly | QIODevice::Truncate));
    a.write(anchorBefore);
    a.close();

    AuditLog next(path, options);
    next.setKey(kKey);
    QVERIFY(next.open().ok());
    QVERIFY(next.lastIncidents().isEmpty());
    fill(next, 1);
    VerifyOptions o;
    o.key = kKey;
    const auto v = verifyLog(path, o);
    QVERIFY2(v->intact(), qPrintable(v->problem.toString()));
}

void TestAuditLog::readersTakeTheLock()
{
    // While a writer holds the lock (mid-append), a reader waits for it rather than read a
    // half-updated log, and gives up with an error after its timeout.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog log(path);
    fill(log, 2);
    auto held = FileLock::acquire(LogFiles(path).lock(), 100);
    QVERIFY(held.ok());
    VerifyOptions o;
    o.lockTimeoutMs = 50;
    const auto v = verifyLog(path, o);
    QVERIFY(!v.ok());
    QCOMPARE(v.error().code, QString(Audit::Codes::LockTimeout));
    QVERIFY(!FileLock::acquireShared(LogFiles(path).lock(), 50).ok());
    // Readers share the lock with each other, and a writer waits for them.
    {
        auto released = std::move(held);
    }
    auto shared = FileLock::acquireShared(LogFiles(path).lock(), 100);
    QVERIFY(shared.ok());
    QVERIFY(verifyLog(path, o).ok());
    QVERIFY(!FileLock::acquire(LogFiles(path).lock(), 50).ok());
}

void TestAuditLog::missingSegmentIsFound()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog::Options options;
    options.maxFileBytes = 2000;
    AuditLog log(path, options);
    fill(log, 20);
    const QStringList segments = LogFiles(path).segments();
    QVERIFY(segments.size() >= 3);
    const int firstOfSecond = int(readLines(segments[0]).size()) + 1;
    QVERIFY(QFile::remove(segments[1]));
    auto v = verifyLog(path);
    QCOMPARE(v->status, Verdict::Status::Broken);
    QCOMPARE(v->problem.code, QString(Audit::Codes::OutOfSequence));
    QCOMPARE(v->badRecord, qint64(firstOfSecond));
    QVERIFY(QFile::remove(segments[0]));
    v = verifyLog(path);
    QCOMPARE(v->problem.code, QString(Audit::Codes::StartMissing));
    QCOMPARE(v->badRecord, 1);
}

void TestAuditLog::preparingTheProcessChangesNoRecord()
{
    // The one-time set-up done ahead (a CLI run does it while its requests are in flight) writes
    // nothing and takes no lock, and the records after it are the bytes they would be without
    // it: chained, with their MAC, their secrets redacted, on disk when append returns.
    QTemporaryDir dir;
    QDir before(dir.path());
    AuditLog::prepareProcess();
    AuditLog::prepareProcess(); // twice is once
    QVERIFY(before.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());

    const QDateTime at = Compat::fromMSecsSinceEpochUtc(1764633600000);
    auto write = [&](const QString &name, bool prepare) {
        AuditLog::Options options;
        options.clock = [at] { return at; };
        options.host = QStringLiteral("host-1");
        options.app = QStringLiteral("app-1");
        const QString path = dir.filePath(name + QStringLiteral("/audit.jsonl"));
        AuditLog log(path, options);
        log.setKey(kKey);
        if (prepare)
            AuditLog::prepareProcess();
        for (int i = 1; i <= 3; ++i) {
            Record r = record(i);
            r.reason = QStringLiteral("pasted access_token=opaque-reason-000 by mistake");
            if (!log.append(r).ok())
                return QByteArray();
        }
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray plain = write(QStringLiteral("plain"), false);
    const QByteArray prepared = write(QStringLiteral("prepared"), true);
    QCOMPARE(readLines(dir.filePath(QStringLiteral("prepared/audit.jsonl"))).size(), 3);
    QCOMPARE(prepared, plain);
    QVERIFY(!prepared.contains("opaque-reason-000"));
    QVERIFY(verifyLog(dir.filePath(QStringLiteral("prepared/audit.jsonl")))->intact());
}

void TestAuditLog::secretsNeverReachTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog log(path);
    const QString jwt = QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
    Record r = record(1);
    r.params = QJsonObject {
        { QStringLiteral("request"), QStringLiteral("Authorization: Bearer %1").arg(jwt) },
        { QStringLiteral("headers"),
          QJsonArray { QStringLiteral("Accept: */*"),
                       QStringLiteral("Authorization: Bearer opaque-xyz-123") } },
        { QStringLiteral("nested"),
          QJsonObject {
              { QStringLiteral("list"), QJsonArray { QJsonObject { { QStringLiteral("t"), jwt } } } },
              { QStringLiteral("refresh_token"), QStringLiteral("opaque-refresh-456") },
              { QStringLiteral("Authorization"), QStringLiteral("Basic dXNlcjpwYXNz") } } },
        { QStringLiteral("url"), QStringLiteral("https://idp/token?code=abc&code_verifier=verif-789") },
        { QStringLiteral("vault"), QStringLiteral("kept-visible") },
    };
    r.reason = QStringLiteral("pasted access_token=opaque-reason-000 by mistake");
    QVERIFY(log.append(r).ok());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    for (const char *secret : { "eyJzdWIiOiJ4In0", "opaque-xyz-123", "opaque-refresh-456", "dXNlcjpwYXNz",
                                "verif-789", "opaque-reason-000", "Bearer opaque" })
        QVERIFY2(!content.contains(secret), secret);
    QVERIFY(content.contains("kept-visible"));
    QVERIFY(verifyLog(path)->intact());
}

void TestAuditLog::legacyFileIsSetAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    const QByteArray old = "{\"action\":\"sign-in\",\"hash\":\"ab\",\"seq\":1}\n";
    appendRaw(path, old);
    AuditLog log(path);
    QVERIFY(log.open().ok());
    QCOMPARE(log.lastIncidents().size(), 1);
    const Record i = log.lastIncidents().first();
    QCOMPARE(i.params.value(QStringLiteral("kind")).toString(), QStringLiteral("legacy-set-aside"));
    QFile kept(dir.filePath(i.params.value(QStringLiteral("file")).toString()));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), old);
    const auto v = verifyLog(path);
    QVERIFY(v->checksPassed());
    QCOMPARE(v->status, Verdict::Status::IntactWithIncidents); // the set-aside file is an incident
}

void TestAuditLog::invalidTypeIsRefused()
{
    QTemporaryDir dir;
    AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
    Record r = record(1);
    r.type = QStringLiteral("Restore \"quoted\"");
    const auto w = log.append(r);
    QVERIFY(!w.ok());
    QCOMPARE(w.error().code, QString(Audit::Codes::InvalidEvent));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("audit.jsonl"))));
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
