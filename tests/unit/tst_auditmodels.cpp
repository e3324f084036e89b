// The audit view's models and the pure functions behind them: incremental loading, the filter
// proxy (every filter), the timeline merged with a real activity-log payload and linked by
// correlation id, and exports that carry the chain head and the verification result.
#include "audit/auditexport.h"
#include "audit/auditlog.h"
#include "audit/auditreader.h"
#include "audit/timeline.h"
#include "audit/verifier.h"
#include "core/qtcompat.h"
#include "models/auditfilterproxymodel.h"
#include "models/auditrecordmodel.h"
#include "models/audittimelinemodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Audit;
using namespace RestoreDesk::Models;

namespace {

const QString kVault = QStringLiteral(
    "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/vault1");

// Records as a log writes them (so raw, hash and seq are real).
QList<Record> writtenRecords(const QString &dir, int count, ManualClock &clock)
{
    AuditLog::Options o;
    o.clock = clock.clock();
    AuditLog log(dir + QStringLiteral("/audit.jsonl"), o);
    for (int i = 1; i <= count; ++i) {
        Record r;
        r.type = i % 3 == 0 ? QStringLiteral("sign-in") : QStringLiteral("restore");
        r.outcome = i % 2 ? QStringLiteral("requested") : QStringLiteral("accepted");
        r.identity = Identity { QStringLiteral("https://idp"), QStringLiteral("sub-%1").arg(i % 2),
                                QStringLiteral("oid-%1").arg(i % 2),
                                i % 2 ? QStringLiteral("oscar@x") : QStringLiteral("rita@x"), QString() };
        r.target = i % 4 == 0 ? QStringLiteral("/subscriptions/s2/other")
                              : kVault + QStringLiteral("/items/%1").arg(i);
        r.reason = QStringLiteral("reason %1").arg(i);
        r.correlationIds << QStringLiteral("corr-%1").arg(i);
        if (!log.append(r))
            return {};
        clock.advance(60);
    }
    return readRecords(dir + QStringLiteral("/audit.jsonl"))->records;
}

} // namespace

class TestAuditModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordModelLoadsInBatches();
    void newRecordsAppearAtTheTop();
    void proxyFilters_data();
    void proxyFilters();
    void timelineMergesTheActivityLog();
    void timelineLinksByCorrelationId();
    void timelineModel();
    void exportCarriesHeadAndVerdict();
    void csvCellsCannotRunFormulas();
    void csvHeaderValuesCannotAddRows();

private:
    QTemporaryDir m_dir;
};

void TestAuditModels::recordModelLoadsInBatches()
{
    ManualClock clock(Compat::utcDateTime(QDate(2026, 1, 1), QTime(9, 0)));
    const QList<Record> records = writtenRecords(m_dir.filePath(QStringLiteral("batches")), 25, clock);
    QCOMPARE(records.size(), 25);
    AuditRecordModel model;
    model.setBatchSize(10);
    model.setRecords(records);
    QCOMPARE(model.rowCount(), 10);
    QVERIFY(model.canFetchMore({}));
    QCOMPARE(model.index(0, AuditRecordModel::SeqColumn).data().toString(),
             QStringLiteral("25")); // newest first
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 20);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 25);
    QVERIFY(!model.canFetchMore({}));
    // Attached once every batch is in (the tester fetches by itself from inside its reset handler).
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendRecord(records.first());
    QCOMPARE(model.rowCount(), 26);
    const QModelIndex last = model.index(25, AuditRecordModel::IdentityColumn);
    QCOMPARE(last.data().toString(), QStringLiteral("oscar@x"));
    QCOMPARE(last.data(AuditRecordModel::SeqRole).toLongLong(), 1);
    QVERIFY(last.data(AuditRecordModel::RawJsonRole)
                .toString()
                .contains(QStringLiteral("\"reason\": \"reason 1\"")));
    QCOMPARE(model.headerData(AuditRecordModel::TargetColumn, Qt::Horizontal).toString(),
             QStringLiteral("Resource"));
}

void TestAuditModels::newRecordsAppearAtTheTop()
{
    ManualClock clock(Compat::utcDateTime(QDate(2026, 1, 1), QTime(9, 0)));
    const QList<Record> records = writtenRecords(m_dir.filePath(QStringLiteral("top")), 4, clock);
    AuditRecordModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRecords(records.mid(0, 3));
    model.appendRecord(records.at(3));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(0, 0).data(AuditRecordModel::SeqRole).toLongLong(), 4);
}

void TestAuditModels::proxyFilters_data()
{
    QTest::addColumn<QStringList>("types");
    QTest::addColumn<QStringList>("outcomes");
    QTest::addColumn<QString>("identity");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<int>("fromMinute");
    QTest::addColumn<int>("toMinute");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<qint64>>("expected"); // seqs, newest first
    const QList<qint64> all { 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
    QTest::newRow("no filter") << QStringList() << QStringList() << ""
                               << "" << -1 << -1 << "" << all;
    QTest::newRow("type") << QStringList { "sign-in" } << QStringList() << ""
                          << "" << -1 << -1 << "" << QList<qint64> { 12, 9, 6, 3 };
    QTest::newRow("outcome") << QStringList() << QStringList { "accepted" } << ""
                             << "" << -1 << -1 << "" << QList<qint64> { 12, 10, 8, 6, 4, 2 };
    QTest::newRow("identity by username") << QStringList() << QStringList() << "RITA"
                                          << "" << -1 << -1 << "" << QList<qint64> { 12, 10, 8, 6, 4, 2 };
    QTest::newRow("identity by object id") << QStringList() << QStringList() << "oid-1"
                                           << "" << -1 << -1 << "" << QList<qint64> { 11, 9, 7, 5, 3, 1 };
    QTest::newRow("resource") << QStringList() << QStringList() << ""
                              << "/subscriptions/s2" << -1 << -1 << "" << QList<qint64> { 12, 8, 4 };
    QTest::newRow("time range") << QStringList() << QStringList() << ""
                                << "" << 2 << 4 << "" << QList<qint64> { 5, 4, 3 };
    QTest::newRow("search") << QStringList() << QStringList() << ""
                            << "" << -1 << -1 << "corr-11" << QList<qint64> { 11 };
    QTest::newRow("combined, nothing") << QStringList { "sign-in" } << QStringList { "requested" } << "rita"
                                       << "" << -1 << -1 << "" << QList<qint64> {};
}

void TestAuditModels::proxyFilters()
{
    QFETCH(QStringList, types);
    QFETCH(QStringList, outcomes);
    QFETCH(QString, identity);
    QFETCH(QString, resource);
    QFETCH(int, fromMinute);
    QFETCH(int, toMinute);
    QFETCH(QString, text);
    QFETCH(QList<qint64>, expected);
    const QDateTime start = Compat::utcDateTime(QDate(2026, 1, 1), QTime(9, 0));
    ManualClock clock(start);
    static QList<Record> records;
    if (records.isEmpty())
        records = writtenRecords(m_dir.filePath(QStringLiteral("proxy")), 12, clock);
    AuditRecordModel model;
    model.setRecords(records);
    AuditFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    Filter f;
    f.types = types;
    f.outcomes = outcomes;
    f.identity = identity;
    f.resource = resource;
    if (fromMinute >= 0)
        f.from = start.addSecs(60 * fromMinute);
    if (toMinute >= 0)
        f.to = start.addSecs(60 * toMinute);
    f.text = text;
    proxy.setFilter(f);
    QList<qint64> seqs;
    for (int row = 0; row < proxy.rowCount(); ++row)
        seqs << proxy.index(row, 0).data(AuditRecordModel::SeqRole).toLongLong();
    QCOMPARE(seqs, expected);
}

void TestAuditModels::timelineMergesTheActivityLog()
{
    // The published example payload: one event, no local counterpart, outside any vault scope.
    QFile f(QStringLiteral(RD_TEST_DATA_DIR "/arm/GetActivityLogsFiltered.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray events = QJsonDocument::fromJson(f.readAll())
                                  .object()
                                  .value(QStringLiteral("responses"))
                                  .toObject()
                                  .value(QStringLiteral("200"))
                                  .toObject()
                                  .value(QStringLiteral("body"))
                                  .toObject()
                                  .value(QStringLiteral("value"))
                                  .toArray();
    QCOMPARE(events.size(), 1);
    const TimelineEntry e = serviceEntry(events.first().toObject());
    QCOMPARE(e.source, TimelineEntry::Source::Service);
    QCOMPARE(e.operation, QStringLiteral("microsoft.support/supporttickets/write"));
    QCOMPARE(e.outcome, QStringLiteral("Succeeded"));
    QCOMPARE(e.who, QStringLiteral("admin@contoso.com"));
    QCOMPARE(e.correlationIds, QStringList { QStringLiteral("1e121103-0ba6-4300-ac9d-952bb5d0c80f") });
    QCOMPARE(e.time, Compat::utcDateTime(QDate(2015, 1, 21), QTime(22, 14, 26, 979)));
    QVERIFY(e.target.startsWith(QStringLiteral("/subscriptions/089bd33f")));

    ManualClock clock(Compat::utcDateTime(QDate(2015, 1, 21), QTime(22, 0)));
    const QList<Record> records = writtenRecords(m_dir.filePath(QStringLiteral("merge")), 3, clock);
    const QList<TimelineEntry> merged = mergeTimeline(records, events, QString(), {}, {});
    QCOMPARE(merged.size(), 4);
    for (int i = 1; i < merged.size(); ++i)
        QVERIFY(merged[i - 1].time <= merged[i].time);
    // Scoped to the vault: the support-ticket event and the out-of-vault record drop out.
    QCOMPARE(mergeTimeline(records, events, kVault, {}, {}).size(), 3);
}

void TestAuditModels::timelineLinksByCorrelationId()
{
    ManualClock clock(Compat::utcDateTime(QDate(2026, 2, 1), QTime(10, 0)));
    const QList<Record> records = writtenRecords(m_dir.filePath(QStringLiteral("link")), 3, clock);
    const QJsonObject event {
        { QStringLiteral("eventTimestamp"), QStringLiteral("2026-02-01T10:00:30.5Z") },
        { QStringLiteral("correlationId"), QStringLiteral("CORR-1") }, // ids compare without case
        { QStringLiteral("operationName"),
          QJsonObject { { QStringLiteral("value"),
                          QStringLiteral("Microsoft.RecoveryServices/vaults/backupFabrics/"
                                         "protectionContainers/protectedItems/"
                                         "recoveryPoints/restore/action") } } },
        { QStringLiteral("status"), QJsonObject { { QStringLiteral("value"), QStringLiteral("Accepted") } } },
        { QStringLiteral("caller"), QStringLiteral("oscar@x") },
        { QStringLiteral("eventDataId"), QStringLiteral("ev-1") },
        { QStringLiteral("authorization"),
          QJsonObject { { QStringLiteral("scope"), kVault + QStringLiteral("/items/1") } } },
    };
    const QList<TimelineEntry> merged = mergeTimeline(records, QJsonArray { event }, kVault, {}, {});
    QCOMPARE(merged.size(), 4); // record 1, the event (30 s later), record 2 (60 s), record 3 (120 s)
    QCOMPARE(merged[0].seq, 1);
    QCOMPARE(merged[0].linkedEvents, QStringList { QStringLiteral("ev-1") });
    QCOMPARE(merged[1].source, TimelineEntry::Source::Service);
    QCOMPARE(merged[1].linkedSeqs, QList<qint64> { 1 });
    QVERIFY(merged[2].linkedEvents.isEmpty());
    // A time range keeps only what lies in it, from both sources.
    const QDateTime t0 = Compat::utcDateTime(QDate(2026, 2, 1), QTime(10, 0, 10));
    QCOMPARE(mergeTimeline(records, QJsonArray { event }, kVault, t0, t0.addSecs(40)).size(), 1);
}

void TestAuditModels::timelineModel()
{
    ManualClock clock(Compat::utcDateTime(QDate(2026, 2, 1), QTime(10, 0)));
    const QList<Record> records = writtenRecords(m_dir.filePath(QStringLiteral("tlmodel")), 2, clock);
    const QJsonObject event { { QStringLiteral("eventTimestamp"), QStringLiteral("2026-02-01T10:00:30Z") },
                              { QStringLiteral("correlationId"), QStringLiteral("corr-1") },
                              { QStringLiteral("eventDataId"), QStringLiteral("ev-1") } };
    AuditTimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries(mergeTimeline(records, QJsonArray { event }, QString(), {}, {}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, 0).data(AuditTimelineModel::IsServiceRole).toBool(), true);
    QCOMPARE(model.index(1, 0).data(AuditTimelineModel::IsLinkedRole).toBool(), true);
    QVERIFY(model.index(1, AuditTimelineModel::SourceColumn)
                .data()
                .toString()
                .contains(QStringLiteral("Service")));
    QVERIFY(
        model.index(0, AuditTimelineModel::SourceColumn).data().toString().contains(QStringLiteral("#1")));
    QCOMPARE(model.index(2, 0).data(AuditTimelineModel::IsLinkedRole).toBool(), false);
}

void TestAuditModels::exportCarriesHeadAndVerdict()
{
    ManualClock clock(Compat::utcDateTime(QDate(2026, 3, 1), QTime(8, 0)));
    const QString dir = m_dir.filePath(QStringLiteral("export"));
    const QList<Record> records = writtenRecords(dir, 5, clock);
    const QString path = dir + QStringLiteral("/audit.jsonl");
    const auto verdict = verifyLog(path);
    QVERIFY(verdict->intact());
    Filter f;
    f.types << QStringLiteral("restore");
    QList<Record> some;
    for (const Record &r : records) {
        if (f.matches(r))
            some << r;
    }
    const QDateTime at = Compat::utcDateTime(QDate(2026, 3, 2), QTime(0, 0));
    const QJsonObject o = QJsonDocument::fromJson(Export::json(some, verdict.value(), f, path, at)).object();
    QCOMPARE(o.value(QStringLiteral("head")).toObject().value(QStringLiteral("seq")).toInt(), 5);
    QCOMPARE(o.value(QStringLiteral("head")).toObject().value(QStringLiteral("hash")).toString(),
             records.last().hash);
    QCOMPARE(o.value(QStringLiteral("verification")).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("intact"));
    QCOMPARE(o.value(QStringLiteral("count")).toInt(), int(some.size()));
    QCOMPARE(o.value(QStringLiteral("records"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("hash"))
                 .toString(),
             some.first().hash);
    QCOMPARE(o.value(QStringLiteral("filter")).toObject().value(QStringLiteral("types")).toArray().size(), 1);

    const QByteArray csv = Export::csv(some, verdict.value(), f, path, at);
    const QList<QByteArray> lines = csv.split('\n');
    QVERIFY(lines[1].startsWith("# chain head: seq 5 hash " + records.last().hash.toLatin1()));
    QVERIFY(lines[2].startsWith("# verification:,\"{"));
    QVERIFY(lines[2].contains("\"\"status\"\":\"\"intact\"\""));
    QCOMPARE(lines[4],
             QByteArray("seq,time,type,outcome,username,subject,objectId,issuer,tenant,target,"
                        "correlationIds,reason,ref,params,app,host,hash"));
    QVERIFY(lines[5].startsWith("1,2026-03-01T08:00:00.000Z,restore,requested,oscar@x,sub-1,"));
}

void TestAuditModels::csvCellsCannotRunFormulas()
{
    Record r;
    r.seq = 1;
    r.type = QStringLiteral("restore");
    r.reason = QStringLiteral("=HYPERLINK(\"http://evil\",\"x\")");
    r.target = QStringLiteral("a,b");
    const QByteArray csv
        = Export::csv({ r }, Verdict(), Filter(), QStringLiteral("log"), QDateTime::currentDateTimeUtc());
    QVERIFY2(csv.contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","), csv.constData());
    QVERIFY(csv.contains(",\"a,b\","));
}

// RFC 4180 rows (quoted cells may hold commas, doubled quotes and newlines).
static QList<QStringList> parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString cell;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                cell += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row << cell;
            cell.clear();
        } else if (c == u'\n') {
            row << cell;
            cell.clear();
            rows << row;
            row.clear();
        } else {
            cell += c;
        }
    }
    return rows;
}

void TestAuditModels::csvHeaderValuesCannotAddRows()
{
    // A log path and a search text are the operator's, but may come from anywhere (a shared
    // config, a pasted search): a newline in them must not start a row of the export.
    Record r;
    r.seq = 1;
    r.type = QStringLiteral("restore");
    Filter f;
    f.text = QStringLiteral("x\n2,2026-01-01T00:00:00Z,restore,succeeded,mallory");
    const QString log
        = QStringLiteral("/tmp/a,\"b\"\n3,2026-01-01T00:00:00Z,restore,succeeded,eve/audit.jsonl");
    const QByteArray csv = Export::csv({ r }, Verdict(), f, log, QDateTime::currentDateTimeUtc());
    const QList<QStringList> rows = parseCsv(csv);
    QCOMPARE(rows.size(), 6); // four leading rows, the column names, one record
    for (const QStringList &row : rows.mid(0, 4))
        QVERIFY2(row.first().startsWith(u'#'), qPrintable(row.join(u'|')));
    QCOMPARE(rows[0].value(2), QStringLiteral("log ") + log);
    QVERIFY(rows[3].value(1).contains(QStringLiteral("mallory")));
    QCOMPARE(rows[4].first(), QStringLiteral("seq"));
    QCOMPARE(rows[5].first(), QStringLiteral("1"));
}

QTEST_GUILESS_MAIN(TestAuditModels)
#include "tst_auditmodels.moc"
