// `items list --all-vaults --output json` writes each row straight from the item
// (EstateFields::itemElement, JsonElementText): the bytes must be those of the row it stands for
// (EstateFields::item plus the vault) written by JsonListWriter::element(), for every kind of
// text (quotes, control characters, non-ASCII, lone surrogates), for missing times and for times
// in any zone; and the fast ISO text of a time is Qt::ISODate's.

#include "armexamples.h"
#include "backup/page.h"
#include "estatefields.h"
#include "jsonelementtext.h"
#include "jsonlistwriter.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Cli;

class TestCliItemElement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listedItemsMatchTheRow();
    void oddTextMatchesTheRow_data();
    void oddTextMatchesTheRow();
    void everyUnitInEveryPlaceMatchesTheRow();
    void isoTimeTextIsQtIsoDate();
    void emptyObject();
    void latin1TextAsTheDocumentWritesIt();
    void timesOfAnyYearMatchTheRow();
};

namespace {

QByteArray viaRow(const ProtectedItem &item, const QString &vault)
{
    ShownResource row = EstateFields::item(item);
    row.addText(QStringLiteral("vault"), vault);
    return JsonListWriter::element(row.toJson());
}

} // namespace

void TestCliItemElement::listedItemsMatchTheRow()
{
    const auto page
        = Page<ProtectedItem>::fromArm(Test::armExample(QStringLiteral("BackupProtectedItems_List.json")));
    QVERIFY(page);
    QVERIFY(!page->items.isEmpty());
    for (const ProtectedItem &item : page->items)
        QCOMPARE(EstateFields::itemElement(item, QStringLiteral("vault-1")),
                 viaRow(item, QStringLiteral("vault-1")));
}

void TestCliItemElement::oddTextMatchesTheRow_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("plain") << QStringLiteral("vm-01 (prod)");
    QTest::newRow("quotes and backslash") << QStringLiteral("a \"b\" \\c\\");
    QTest::newRow("control") << QStringLiteral("line\nnext\ttab\r\x01\x1f\b\f");
    QTest::newRow("delete") << QStringLiteral("del\x7f");
    QTest::newRow("non-ASCII") << QStringLiteral("caf\u00e9 \u4e2d\u6587");
    QTest::newRow("surrogate pair") << QString::fromUtf8("emoji \xf0\x9f\x98\x80");
    QTest::newRow("lone surrogate") << (QStringLiteral("lone ") + QChar(0xd800) + QStringLiteral(" end"));
    QTest::newRow("slash") << QStringLiteral("/subscriptions/s/resourceGroups/rg");
}

void TestCliItemElement::oddTextMatchesTheRow()
{
    QFETCH(QString, text);
    ProtectedItem item;
    item.id = text;
    item.name = text;
    item.friendlyName = text;
    item.policyName = text;
    item.lastBackupStatus = text;
    item.protectionStateText = text;
    item.healthText = text;
    item.kind = ProtectedItem::Kind::FileShare;
    item.lastBackupTime = QDateTime(QDate(2026, 11, 29), QTime(10, 0, 5, 120), QTimeZone::utc());
    QCOMPARE(EstateFields::itemElement(item, text), viaRow(item, text));
    item.lastBackupTime = QDateTime();
    item.lastRecoveryPoint = QDateTime(QDate(2026, 3, 29), QTime(1, 30), QTimeZone(3600 * 5 + 1800));
    item.health = ProtectedItem::Health::ActionRequired;
    item.healthText.clear();
    QCOMPARE(EstateFields::itemElement(item, text), viaRow(item, text));
}

void TestCliItemElement::everyUnitInEveryPlaceMatchesTheRow()
{
    // Text is checked eight UTF-16 units at a time (SSE2), then four, then one by one: each unit that decides
    // (controls, '"', '\\', DEL, the ends of printable ASCII, units whose low byte is printable
    // but whose high byte is not zero, surrogates, the highest) in every place of a word and of
    // the tail, in strings of several lengths.
    QList<char16_t> units;
    for (char16_t u = 0; u < 0x181; ++u)
        units << u;
    units << 0x0822 << 0x205c << 0x7e20 << 0x8020 << 0x807e << 0x7f20 << 0xff20 << 0xd800 << 0xdc00 << 0xfffe
          << 0xffff;
    ProtectedItem item;
    item.kind = ProtectedItem::Kind::Vm;
    // Lengths around the blocks of four units and of eight (the SSE2 copy), and a tail after two.
    for (const qsizetype length : { 1, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 19 }) {
        for (const char16_t u : std::as_const(units)) {
            for (qsizetype at = 0; at < length; ++at) {
                QString text(length, QLatin1Char('a'));
                text[at] = QChar(u);
                item.friendlyName = text;
                const QByteArray got = EstateFields::itemElement(item, text);
                const QByteArray want = viaRow(item, text);
                if (got != want)
                    QFAIL(qPrintable(QStringLiteral("unit %1 at %2 of %3: %4 != %5")
                                         .arg(int(u), 4, 16, QLatin1Char('0'))
                                         .arg(at)
                                         .arg(length)
                                         .arg(QString::fromUtf8(got), QString::fromUtf8(want))));
            }
        }
    }
}

void TestCliItemElement::isoTimeTextIsQtIsoDate()
{
    const QList<QDateTime> times {
        QDateTime(QDate(2026, 11, 29), QTime(10, 0), QTimeZone::utc()),
        QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 999), QTimeZone::utc()),
        QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59), QTimeZone(-8 * 3600)),
        QDateTime(QDate(2026, 6, 1), QTime(0, 0), QTimeZone(14 * 3600)),
        QDateTime(QDate(1, 1, 1), QTime(0, 0), QTimeZone::utc()),
        QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), QTimeZone::utc()),
        QDateTime(QDate(10000, 1, 1), QTime(0, 0), QTimeZone::utc()),
        QDateTime(QDate(-5, 1, 1), QTime(0, 0), QTimeZone::utc()),
        QDateTime::fromSecsSinceEpoch(1700000000),
    };
    for (const QDateTime &t : times)
        QCOMPARE(ShownResource::isoTimeText(t), t.toUTC().toString(Qt::ISODate));
    // Every day's date worked out from the milliseconds is Qt's, across the years it writes
    // itself and past them on both sides, before 1970 and after, at any time of day.
    QRandomGenerator random(20261203);
    const qint64 from = QDateTime(QDate(-3, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    const qint64 to = QDateTime(QDate(10003, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    for (int i = 0; i < 20000; ++i) {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(from + qint64(random.bounded(double(to - from))),
                                                           QTimeZone::utc());
        QCOMPARE(ShownResource::isoTimeText(t), t.toUTC().toString(Qt::ISODate));
    }
    // Each side of midnight: of the first of March in leap and common years, of 1970, and of the
    // first and last days written here (one millisecond either side is written by Qt).
    for (const QDate d : { QDate(1970, 1, 1), QDate(2000, 3, 1), QDate(1900, 3, 1), QDate(2024, 3, 1),
                           QDate(1, 1, 1), QDate(1, 1, 2), QDate(9999, 12, 31), QDate(10000, 1, 1) }) {
        for (const qint64 delta : { -1001, -1000, -1, 0, 1, 999, 1000 }) {
            const QDateTime t = QDateTime(d, QTime(0, 0), QTimeZone::utc()).addMSecs(delta);
            QCOMPARE(ShownResource::isoTimeText(t), t.toUTC().toString(Qt::ISODate));
        }
    }
    QVERIFY(ShownResource::isoTimeText(QDateTime()).isEmpty());
    QCOMPARE(ShownResource::isoTime(QDateTime()), QJsonValue());
}

void TestCliItemElement::emptyObject()
{
    JsonElementText e;
    QCOMPARE(e.finish(), JsonListWriter::element(QJsonObject()));
    JsonElementText one;
    one.null(QLatin1String("a"));
    QCOMPARE(one.finish(), JsonListWriter::element(QJsonObject { { QStringLiteral("a"), QJsonValue() } }));
}

void TestCliItemElement::latin1TextAsTheDocumentWritesIt()
{
    // The Latin-1 overload (row times written from bytes): every byte value in every place of
    // short texts, as QJsonDocument writes the same text as a string.
    for (const qsizetype length : { 1, 2, 20 }) {
        for (int b = 0; b < 256; ++b) {
            for (qsizetype at = 0; at < length; ++at) {
                QByteArray bytes(length, '7');
                bytes[at] = char(b);
                JsonElementText e;
                e.string(QLatin1String("t"), QLatin1String(bytes.constData(), bytes.size()));
                const QByteArray want = JsonListWriter::element(
                    QJsonObject { { QStringLiteral("t"), QString::fromLatin1(bytes) } });
                QVERIFY2(e.finish() == want, qPrintable(QStringLiteral("byte %1 at %2").arg(b).arg(at)));
            }
        }
    }
}

void TestCliItemElement::timesOfAnyYearMatchTheRow()
{
    // Times of years 1 to 9999 are written from bytes; the others by Qt (isoTimeText): the row's
    // text either way.
    ProtectedItem item;
    item.kind = ProtectedItem::Kind::Vm;
    for (const QDate d : { QDate(1, 1, 1), QDate(2026, 12, 3), QDate(9999, 12, 31), QDate(10000, 1, 1),
                           QDate(-5, 6, 7), QDate(0, 1, 1) }) {
        item.lastBackupTime = QDateTime(d, QTime(23, 59, 59, 999), QTimeZone::utc());
        item.lastRecoveryPoint = QDateTime(d, QTime(0, 0), QTimeZone(-3600));
        QCOMPARE(EstateFields::itemElement(item, QStringLiteral("v")), viaRow(item, QStringLiteral("v")));
    }
}

QTEST_GUILESS_MAIN(TestCliItemElement)
#include "tst_cliitemelement.moc"
