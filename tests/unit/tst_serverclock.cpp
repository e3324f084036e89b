// ServerClock: the offset of a server's clock measured from HTTP Date headers — read only in the
// form servers send, taken as the median of the latest answers, bounded, and never moved by one
// bogus Date; until measured, callers keep their fixed allowance.
#include "core/serverclock.h"

#include <QTest>
#include <QTimeZone>

using namespace RestoreDesk;

class TestServerClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesOnlyImfFixdate_data();
    void parsesOnlyImfFixdate();
    void writesWhatItReads();
    void measuresTheOffset_data();
    void measuresTheOffset();
    void oneBogusDateDoesNotMoveIt();
    void refusesWhatSaysNothing_data();
    void refusesWhatSaysNothing();
    void unmeasuredKeepsTheFallback();
    void sameDateTwiceThenAnotherReadsEach();
    void oneOrTwoDatesAreNotAMeasure();
    void ofTwoMiddleOffsetsTheSmallerCounts();
};

namespace {
const QDateTime kT0(QDate(2026, 11, 30), QTime(12, 0, 0), QTimeZone::utc());
}

void TestServerClock::parsesOnlyImfFixdate_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("imf-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT")
                                 << QDateTime(QDate(1994, 11, 6), QTime(8, 49, 37), QTimeZone::utc());
    QTest::newRow("padded") << QByteArray("  Mon, 30 Nov 2026 12:00:00 GMT ") << kT0;
    QTest::newRow("rfc850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << QDateTime();
    QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << QDateTime();
    QTest::newRow("offset zone") << QByteArray("Sun, 06 Nov 1994 08:49:37 +0200") << QDateTime();
    QTest::newRow("no time") << QByteArray("Sun, 06 Nov 1994 GMT") << QDateTime();
    QTest::newRow("hour 25") << QByteArray("Sun, 06 Nov 1994 25:49:37 GMT") << QDateTime();
    QTest::newRow("empty") << QByteArray() << QDateTime();
    QTest::newRow("garbage") << QByteArray("yesterday, around noon GMT") << QDateTime();
}

void TestServerClock::parsesOnlyImfFixdate()
{
    QFETCH(QByteArray, value);
    QFETCH(QDateTime, expected);
    const QDateTime parsed = ServerClock::parseHttpDate(value);
    QCOMPARE(parsed.isValid(), expected.isValid());
    if (expected.isValid())
        QCOMPARE(parsed, expected);
}

void TestServerClock::writesWhatItReads()
{
    const QByteArray written = ServerClock::httpDate(kT0.addMSecs(750));
    QCOMPARE(written, QByteArray("Mon, 30 Nov 2026 12:00:00 GMT"));
    QCOMPARE(ServerClock::parseHttpDate(written), kT0);
}

void TestServerClock::measuresTheOffset_data()
{
    QTest::addColumn<int>("offsetSeconds");
    QTest::newRow("in step") << 0;
    QTest::newRow("ahead 10 min") << 600;
    QTest::newRow("behind 10 min") << -600;
    QTest::newRow("behind 3 h") << -3 * 3600;
}

void TestServerClock::measuresTheOffset()
{
    QFETCH(int, offsetSeconds);
    ServerClock c;
    // Round trips of 400 ms; the server answers in the middle, its Date cut to whole seconds.
    for (int i = 0; i < 5; ++i) {
        const QDateTime sent = kT0.addSecs(i * 10).addMSecs(i * 130);
        const QDateTime server = sent.addMSecs(200).addSecs(offsetSeconds);
        QVERIFY(c.observe(ServerClock::httpDate(server), sent, sent.addMSecs(400)));
    }
    QVERIFY(c.isMeasured());
    QVERIFY2(qAbs(c.offsetMs() - offsetSeconds * 1000LL) <= 1000, qPrintable(QString::number(c.offsetMs())));
    // What the measure may miss covers its own error, and is far below a fixed two minutes.
    QVERIFY(c.allowanceMs(120000) >= 1000);
    QVERIFY(c.allowanceMs(120000) <= 3000);
    QVERIFY(qAbs(c.toServer(kT0).msecsTo(kT0.addSecs(offsetSeconds))) <= 1000);
}

void TestServerClock::oneBogusDateDoesNotMoveIt()
{
    ServerClock c;
    for (int i = 0; i < 4; ++i) {
        const QDateTime sent = kT0.addSecs(i);
        QVERIFY(c.observe(ServerClock::httpDate(sent.addSecs(-300)), sent, sent.addMSecs(100)));
    }
    const qint64 before = c.offsetMs();
    // A proxy's stale Date, hours off but within the bound: one sample among the latest.
    QVERIFY(c.observe(ServerClock::httpDate(kT0.addSecs(-8 * 3600)), kT0.addSecs(5), kT0.addSecs(5)));
    QCOMPARE(c.offsetMs(), before);
    // Further off than a day: not a sample at all.
    QVERIFY(!c.observe(ServerClock::httpDate(kT0.addDays(3)), kT0.addSecs(6), kT0.addSecs(6)));
    QCOMPARE(c.sampleCount(), 5);
    QCOMPARE(c.offsetMs(), before);
}

void TestServerClock::refusesWhatSaysNothing_data()
{
    QTest::addColumn<QByteArray>("date");
    QTest::addColumn<int>("roundTripMs");
    QTest::newRow("unreadable") << QByteArray("soon") << 100;
    QTest::newRow("missing") << QByteArray() << 100;
    QTest::newRow("slow round trip") << ServerClock::httpDate(kT0) << 45000;
    QTest::newRow("answer before request") << ServerClock::httpDate(kT0) << -5;
    QTest::newRow("two days off") << ServerClock::httpDate(kT0.addDays(-2)) << 100;
}

void TestServerClock::refusesWhatSaysNothing()
{
    QFETCH(QByteArray, date);
    QFETCH(int, roundTripMs);
    ServerClock c;
    QVERIFY(!c.observe(date, kT0, kT0.addMSecs(roundTripMs)));
    QVERIFY(!c.isMeasured());
    QCOMPARE(c.offsetMs(), qint64(0));
}

void TestServerClock::unmeasuredKeepsTheFallback()
{
    ServerClock c;
    QCOMPARE(c.allowanceMs(120000), qint64(120000));
    QCOMPARE(c.toServer(kT0), kT0);
    QVERIFY(!c.observe(QByteArray(), QDateTime(), kT0));
}

void TestServerClock::sameDateTwiceThenAnotherReadsEach()
{
    // Answers that come together carry one Date (read once); the next different one, an
    // unreadable one and the first again are each read for what they say.
    ServerClock c;
    const QByteArray a = ServerClock::httpDate(kT0.addSecs(-60));
    QVERIFY(c.observe(a, kT0, kT0.addMSecs(100)));
    QVERIFY(c.observe(a, kT0, kT0.addMSecs(100)));
    QVERIFY(!c.observe("soon", kT0, kT0.addMSecs(100)));
    QVERIFY(!c.observe(ServerClock::httpDate(kT0.addDays(3)), kT0, kT0.addMSecs(100)));
    QVERIFY(c.observe(a, kT0, kT0.addMSecs(100)));
    QCOMPARE(c.sampleCount(), 3);
    QVERIFY(qAbs(c.offsetMs() + 60000) <= 1000);
}

void TestServerClock::oneOrTwoDatesAreNotAMeasure()
{
    // One or two Dates could be a single proxy's: the fallback stays until a third agrees.
    ServerClock c;
    for (int i = 0; i < ServerClock::kMinSamples - 1; ++i) {
        const QDateTime sent = kT0.addSecs(i);
        QVERIFY(c.observe(ServerClock::httpDate(sent.addSecs(3600)), sent, sent.addMSecs(100)));
        QVERIFY(!c.isMeasured());
        QCOMPARE(c.offsetMs(), qint64(0));
        QCOMPARE(c.allowanceMs(120000), qint64(120000));
    }
    QVERIFY(c.observe(ServerClock::httpDate(kT0.addSecs(3610)), kT0.addSecs(10), kT0.addSecs(10)));
    QVERIFY(c.isMeasured());
    QVERIFY(qAbs(c.offsetMs() - 3600000) <= 1000);
}

void TestServerClock::ofTwoMiddleOffsetsTheSmallerCounts()
{
    // A larger offset puts a request later on the server's clock and narrows the look back for
    // its job; of an even count the smaller middle offset is taken.
    ServerClock c;
    const int offsets[] = { 0, 0, 300, 300 };
    for (int i = 0; i < 4; ++i) {
        const QDateTime sent = kT0.addSecs(i * 10);
        QVERIFY(c.observe(ServerClock::httpDate(sent.addSecs(offsets[i])), sent, sent));
    }
    QVERIFY2(c.offsetMs() < 2000, qPrintable(QString::number(c.offsetMs())));
}

QTEST_GUILESS_MAIN(TestServerClock)
#include "tst_serverclock.moc"
