#include "audit/auditlog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Audit;

class TestAuditLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendReopenVerify();
    void tamperingIsFound_data();
    void tamperingIsFound();
    void secretsAreRedactedInDetails();
    void fullDiskLosesNothingAlreadyWritten();

private:
    static Entry entry(int i);
};

Entry TestAuditLog::entry(int i)
{
    Entry e;
    e.action = QStringLiteral("restore");
    e.outcome = i % 2 ? QStringLiteral("succeeded") : QStringLiteral("started");
    e.actor = Actor { QStringLiteral("https://idp"), QStringLiteral("sub-1"), QStringLiteral("oid-1"),
                      QStringLiteral("oscar"), QStringLiteral("Oscar") };
    e.target = QStringLiteral("/subscriptions/s/vaults/v/items/%1").arg(i);
    e.correlationId = QStringLiteral("corr-%1").arg(i);
    e.details = QJsonObject { { QStringLiteral("reason"), QStringLiteral("drill %1").arg(i) } };
    return e;
}

void TestAuditLog::appendReopenVerify()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit/audit.jsonl"));
    AuditLog log(path);
    QVERIFY(log.open().ok());
    for (int i = 0; i < 5; ++i)
        QVERIFY(log.append(entry(i)).ok());
    AuditLog again(path); // a later run continues the same chain
    QVERIFY(again.open().ok());
    QCOMPARE(again.entries(), 5);
    for (int i = 5; i < 8; ++i)
        QVERIFY(again.append(entry(i)).ok());
    const auto report = AuditLog::verify(path);
    QVERIFY(report.ok());
    QVERIFY2(report->intact(), qPrintable(report->problem));
    QCOMPARE(report->entries, 8);
}

void TestAuditLog::tamperingIsFound_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<int>("badLine");
    QTest::newRow("edit a field") << "edit" << 3;
    QTest::newRow("remove a line") << "remove" << 3;
    QTest::newRow("swap two lines") << "swap" << 2;
    QTest::newRow("garbage line") << "garbage" << 4;
}

void TestAuditLog::tamperingIsFound()
{
    QFETCH(QString, how);
    QFETCH(int, badLine);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog log(path);
    QVERIFY(log.open().ok());
    for (int i = 0; i < 6; ++i)
        QVERIFY(log.append(entry(i)).ok());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = f.readAll().split('\n');
    f.close();
    lines.removeAll(QByteArray());
    if (how == QLatin1String("edit"))
        lines[2].replace("drill 2", "drill X");
    else if (how == QLatin1String("remove"))
        lines.removeAt(2);
    else if (how == QLatin1String("swap"))
        lines.swapItemsAt(1, 2);
    else
        lines.insert(3, "{not json");
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(lines.join('\n') + '\n');
    f.close();
    const auto report = AuditLog::verify(path);
    QVERIFY(report.ok());
    QVERIFY(!report->intact());
    QCOMPARE(report->firstBadLine, qint64(badLine));
    QVERIFY(!report->problem.isEmpty());
}

void TestAuditLog::secretsAreRedactedInDetails()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog log(path);
    QVERIFY(log.open().ok());
    Entry e = entry(1);
    e.details.insert(QStringLiteral("request"),
                     QStringLiteral("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"));
    QVERIFY(log.append(e).ok());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    QVERIFY(!content.contains("eyJzdWIiOiJ4In0"));
    QVERIFY(AuditLog::verify(path)->intact());
}

void TestAuditLog::fullDiskLosesNothingAlreadyWritten()
{
    // /dev/full accepts opens and fails every write with ENOSPC.
    AuditLog full(QStringLiteral("/dev/full"));
    const auto r = full.append(entry(0));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, Error::Kind::Io);
    QVERIFY(r.error().detail.contains(QStringLiteral("disk full")));
    QCOMPARE(full.entries(), 0);
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
