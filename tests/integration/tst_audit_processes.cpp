// The audit log across real processes: kill -9 at random moments never loses a record the writer
// reported as written and always verifies after recovery; several processes appending at once
// keep one chain; a full disk (RLIMIT_FSIZE, /dev/full) refuses the action and loses nothing;
// records reach a syslog collector on a loopback UDP socket as RFC 5424 messages.
#include "audit/auditlog.h"
#include "audit/auditreader.h"
#include "audit/syslogforwarder.h"
#include "audit/verifier.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

using namespace RestoreDesk;
using namespace RestoreDesk::Audit;

namespace {

const QByteArray kKey = QByteArrayLiteral("integration-test-key-0123456789abcdef");

QList<QByteArray> outputLines(QProcess &p)
{
    QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
    lines.removeAll(QByteArray());
    return lines;
}

} // namespace

class TestAuditProcesses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killNineNeverLosesAWrittenRecord();
    void concurrentWritersKeepOneChain();
    void fullDiskRefusesTheAction();
    void devFullRefusesTheAction();
    void recordsAreForwardedToSyslog();

private:
    QStringList args(const QString &log, const QStringList &more = {}) const
    {
        return QStringList { QStringLiteral("--log"), log, QStringLiteral("--key"),
                             QString::fromLatin1(kKey) }
        + more;
    }
};

void TestAuditProcesses::killNineNeverLosesAWrittenRecord()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    QHash<qint64, QByteArray> reported; // seq -> hash the writer said is on disk
    QRandomGenerator random(20240607);
    const int rounds = 120;
    int killedWhileWriting = 0;
    // The incidents noted for it (by their record): at most one, as only the log's first record
    // has no anchor before it. verifyLog() lists every incident of the log, each round again.
    QSet<qint64> firstAnchorLost;
    // At least `rounds` rounds, and more (up to five times as many) until the children have
    // reported more records than rounds: on a loaded machine a child may be killed before its
    // first record in many rounds, and the test must still have crashes mid-log to check.
    int round = 0;
    for (; round < rounds || (reported.size() <= rounds && round < 5 * rounds); ++round) {
        QProcess child;
        child.start(QStringLiteral(RD_AUDIT_APPENDER),
                    args(path,
                         { QStringLiteral("--count"), QStringLiteral("0"), QStringLiteral("--max-bytes"),
                           QStringLiteral("65536") }));
        QVERIFY(child.waitForStarted(5000));
        // Let it append for a random while (sometimes not even one record), then SIGKILL.
        QTest::qWait(int(random.bounded(1, 60)));
        child.kill();
        QVERIFY(child.waitForFinished(5000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        const QList<QByteArray> lines = outputLines(child);
        for (const QByteArray &line : lines) {
            const QList<QByteArray> parts = line.split(' ');
            QCOMPARE(parts.value(0), QByteArray("ok"));
            reported.insert(parts.value(1).toLongLong(), parts.value(2));
        }
        if (lines.isEmpty())
            ++killedWhileWriting;

        // Recovery: the next writer opens the log; it must verify, with every reported record.
        AuditLog next(path);
        next.setKey(kKey);
        const auto opened = next.open();
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().toString()));
        VerifyOptions o;
        o.key = kKey;
        const auto v = verifyLog(path, o);
        QVERIFY(v.ok());
        // Every check passes; the only incidents are torn tails set aside (each one is listed),
        // and one known case: a writer killed between the new log's first record and its first
        // anchor leaves a log without an anchor, which the next writer notes (anchor-missing,
        // the last record 1). No record is lost either way (checked below).
        QVERIFY2(v->checksPassed(),
                 qPrintable(QStringLiteral("round %1: %2").arg(round).arg(v->problem.toString())));
        for (const Verdict::Note &n : v->incidents()) {
            if (n.kind == QLatin1String("anchor-missing")
                && n.params.value(QStringLiteral("lastSeq")).toDouble() == 1.0) {
                firstAnchorLost.insert(n.seq);
                continue;
            }
            QCOMPARE(n.kind, QStringLiteral("tail-set-aside"));
        }
        QCOMPARE(v->pendingTornBytes, 0);
    }
    const auto read = readRecords(path);
    QVERIFY(read.ok());
    QCOMPARE(read->unreadable, 0);
    QHash<qint64, QString> present;
    for (const Record &r : read->records)
        present.insert(r.seq, r.hash);
    QVERIFY(reported.size() > rounds); // the children did write, many times over
    QVERIFY(firstAnchorLost.size() <= 1);
    for (auto it = reported.cbegin(); it != reported.cend(); ++it)
        QVERIFY2(present.value(it.key()) == QString::fromLatin1(it.value()),
                 qPrintable(QStringLiteral("record %1 reported as written is missing").arg(it.key())));
    const QStringList torn = QDir(dir.path()).entryList({ QStringLiteral("audit.jsonl.torn-*") });
    qInfo("%d rounds, %lld records reported, %lld in the log, %lld torn tails set aside, %d rounds killed "
          "before the first record, %d killed before the first anchor",
          round, qint64(reported.size()), qint64(read->records.size()), qint64(torn.size()),
          killedWhileWriting, int(firstAnchorLost.size()));
}

void TestAuditProcesses::concurrentWritersKeepOneChain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    const int writers = 4;
    const int each = 100;
    std::vector<std::unique_ptr<QProcess>> children;
    for (int w = 0; w < writers; ++w) {
        auto p = std::make_unique<QProcess>();
        p->start(
            QStringLiteral(RD_AUDIT_APPENDER),
            args(path,
                 { QStringLiteral("--count"), QString::number(each), QStringLiteral("--writer"),
                   QStringLiteral("w%1").arg(w), QStringLiteral("--max-bytes"), QStringLiteral("20000") }));
        children.push_back(std::move(p));
    }
    for (auto &p : children) {
        QVERIFY(p->waitForFinished(60000));
        QCOMPARE(p->exitCode(), 0);
        QCOMPARE(outputLines(*p).size(), each);
    }
    VerifyOptions o;
    o.key = kKey;
    const auto v = verifyLog(path, o);
    QVERIFY2(v->intact(), qPrintable(v->problem.toString()));
    QCOMPARE(v->records, writers * each);
    QVERIFY(v->files.size() > 1); // rotation happened while they raced
    const auto read = readRecords(path);
    QHash<QString, int> last;
    for (const Record &r : read->records) {
        const QString w = r.params.value(QStringLiteral("writer")).toString();
        const int n = r.params.value(QStringLiteral("n")).toInt();
        QCOMPARE(n, last.value(w) + 1); // each writer's records in its own order, none lost
        last[w] = n;
    }
    QCOMPARE(last.size(), writers);
}

void TestAuditProcesses::fullDiskRefusesTheAction()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    {
        QProcess p;
        p.start(QStringLiteral(RD_AUDIT_APPENDER),
                args(path, { QStringLiteral("--count"), QStringLiteral("3") }));
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
    }
    QFile before(path);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray content = before.readAll();
    before.close();

    // The file may not grow by a whole record: the "requested" write fails, the action is refused.
    QProcess p;
    p.start(QStringLiteral(RD_AUDIT_APPENDER),
            args(path,
                 { QStringLiteral("--action"), QStringLiteral("--fsize"),
                   QString::number(content.size() + 50) }));
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 3);
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY2(out.startsWith("refused audit_write_failed"), out.constData());
    QVERIFY2(out.contains("too large"), out.constData()); // EFBIG, as the kernel said it
    QVERIFY(!out.contains("sent"));

    QFile after(path);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), content); // nothing half-written, nothing lost
    VerifyOptions o;
    o.key = kKey;
    const auto v = verifyLog(path, o);
    QVERIFY(v->intact());
    QCOMPARE(v->records, 3);

    // With room again, the same action is recorded and goes out.
    QProcess again;
    again.start(QStringLiteral(RD_AUDIT_APPENDER), args(path, { QStringLiteral("--action") }));
    QVERIFY(again.waitForFinished(10000));
    QCOMPARE(again.exitCode(), 0);
    QVERIFY(again.readAllStandardOutput().contains("sent 1"));
    QCOMPARE(verifyLog(path, o)->records, 5);
}

void TestAuditProcesses::devFullRefusesTheAction()
{
    // /dev/full accepts the open and fails every write with ENOSPC.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), path));
    AuditLog log(path);
    Record r;
    r.type = EventType::Restore;
    r.outcome = Outcome::Requested;
    const auto w = log.append(r);
    QVERIFY(!w.ok());
    QCOMPARE(w.error().kind, Error::Kind::Io);
    QCOMPARE(w.error().code, QStringLiteral("audit_write_failed"));
    QVERIFY2(w.error().detail.contains(QStringLiteral("No space left")), qPrintable(w.error().detail));
    QCOMPARE(log.entries(), 0);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("audit.head"))));
}

void TestAuditProcesses::recordsAreForwardedToSyslog()
{
    QUdpSocket collector;
    QVERIFY(collector.bind(QHostAddress::LocalHost, 0));
    auto forwarder = SyslogForwarder::create(QStringLiteral("udp:127.0.0.1:%1").arg(collector.localPort()));
    QVERIFY(forwarder.ok());
    QTemporaryDir dir;
    AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
    log.setForwarder(forwarder.value());
    Record r;
    r.type = EventType::Restore;
    r.outcome = Outcome::Refused;
    r.target = QStringLiteral("/vaults/v");
    const auto written = log.append(r);
    QVERIFY(written.ok());
    QVERIFY(!log.lastForwardError());
    QTRY_VERIFY(collector.hasPendingDatagrams());
    QByteArray datagram(int(collector.pendingDatagramSize()), '\0');
    collector.readDatagram(datagram.data(), datagram.size());
    // <facility 13 "log audit" * 8 + severity 4 "warning">, version 1, then the header fields.
    QVERIFY2(datagram.startsWith("<108>1 "), datagram.constData());
    const QList<QByteArray> header = datagram.split(' ');
    QCOMPARE(header.value(1), written->time.toString(Qt::ISODateWithMs).toLatin1());
    QCOMPARE(header.value(3), QByteArray("restoredesk"));
    QCOMPARE(header.value(5), QByteArray("restore"));
    QVERIFY(datagram.contains("[restoredesk@32473 seq=\"1\" outcome=\"refused\" hash=\""
                              + written->hash.toLatin1() + "\"]"));
    QVERIFY(datagram.endsWith("\xEF\xBB\xBF" + written->raw));

    QVERIFY(!SyslogForwarder::create(QStringLiteral("udp:example.com:514")).ok()); // numeric only
    QVERIFY(!SyslogForwarder::create(QStringLiteral("udp:127.0.0.1:0")).ok());
}

QTEST_GUILESS_MAIN(TestAuditProcesses)
#include "tst_audit_processes.moc"
