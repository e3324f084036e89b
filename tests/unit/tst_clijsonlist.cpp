// The CLI's JSON list writer: the array it writes row by row is byte for byte the one
// QJsonDocument writes for the whole array (empty, one, many, several chunks), on a device
// (UTF-8 as it is, after text the stream already holds) and on a string; elements written in
// place (beginElement/endElement, as the estate listing does) give the same bytes. A write the
// device refuses makes the writer lost().
#include "jsonlistwriter.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using RestoreDesk::Cli::JsonListWriter;

namespace {

QJsonObject row(int i)
{
    return QJsonObject {
        { QStringLiteral("friendlyName"), QStringLiteral("vm-%1 \u00e9\u4e2d \"q\" \\ \n").arg(i) },
        { QStringLiteral("id"), QStringLiteral("/subscriptions/s/vaults/v/items/%1").arg(i) },
        { QStringLiteral("count"), i },
        { QStringLiteral("ratio"), i / 7.0 },
        { QStringLiteral("healthy"), i % 2 == 0 },
        { QStringLiteral("lastRecoveryPoint"), QJsonValue() },
        { QStringLiteral("tags"),
          QJsonArray { QStringLiteral("a"), QJsonObject { { QStringLiteral("k"), i } } } },
        { QStringLiteral("empty"), QJsonArray() },
        { QStringLiteral("nested"), QJsonObject { { QStringLiteral("x"), QJsonObject() } } },
    };
}

QByteArray whole(int n)
{
    QJsonArray array;
    for (int i = 0; i < n; ++i)
        array.append(row(i));
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QByteArray streamed(int n, const QByteArray &before = {}, bool inPlace = false)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QTextStream out(&buffer);
        out << QString::fromUtf8(before);
        JsonListWriter writer(out);
        for (int i = 0; i < n; ++i) {
            if (inPlace) {
                writer.beginElement().append(JsonListWriter::element(row(i)));
                writer.endElement();
            } else {
                writer.add(row(i));
            }
        }
        writer.finish();
        out << "after\n";
    }
    return buffer.data();
}

} // namespace

class TestCliJsonList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameBytesAsTheWholeArray_data()
    {
        QTest::addColumn<int>("rows");
        QTest::newRow("empty") << 0;
        QTest::newRow("one") << 1;
        QTest::newRow("two") << 2;
        QTest::newRow("several chunks") << 3000;
    }
    void sameBytesAsTheWholeArray()
    {
        QFETCH(int, rows);
        const QByteArray expected = whole(rows);
        QCOMPARE(streamed(rows), expected + "after\n");
        QCOMPARE(streamed(rows, {}, true), expected + "after\n");
        QJsonParseError error;
        const QJsonDocument parsed = QJsonDocument::fromJson(streamed(rows).chopped(6), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(parsed.array().size(), rows);
    }

    void runsOfElementsGiveTheSameBytes_data()
    {
        QTest::addColumn<QList<int>>("runs");
        QTest::newRow("none") << QList<int>();
        QTest::newRow("one empty run") << QList<int> { 0 };
        QTest::newRow("one of one") << QList<int> { 1 };
        QTest::newRow("empty runs between") << QList<int> { 0, 2, 0, 0, 3, 0 };
        QTest::newRow("several chunks") << QList<int> { 700, 1, 0, 1500, 799 };
        QTest::newRow("long runs, written as they are") << QList<int> { 40, 3000, 2, 2500 };
    }
    void runsOfElementsGiveTheSameBytes()
    {
        // A vault's rows formatted ahead of their turn (joinElement) and written as one run
        // (addElements), mixed with single elements: the array QJsonDocument writes.
        QFETCH(QList<int>, runs);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        int n = 0;
        {
            QTextStream out(&buffer);
            JsonListWriter writer(out);
            writer.add(row(n++));
            for (int count : runs) {
                QByteArray joined;
                for (int i = 0; i < count; ++i)
                    JsonListWriter::joinElement(
                        joined, [&](QByteArray &to) { to.append(JsonListWriter::element(row(n++))); });
                writer.addElements(joined, count);
            }
            writer.beginElement().append(JsonListWriter::element(row(n++)));
            writer.endElement();
            writer.finish();
        }
        QCOMPARE(buffer.data(), whole(n));
    }

    void keepsTheOrderOfEarlierText()
    {
        const QByteArray before = "note \u00e9\n";
        QCOMPARE(streamed(5, before), before + whole(5) + "after\n");
    }

    void writesToAStringToo()
    {
        QString text;
        {
            QTextStream out(&text);
            JsonListWriter writer(out);
            for (int i = 0; i < 3; ++i)
                writer.add(row(i));
        } // the destructor closes the array
        QCOMPARE(text, QString::fromUtf8(whole(3)));
    }

    void finishTwiceClosesOnce()
    {
        QString text;
        QTextStream out(&text);
        JsonListWriter writer(out);
        writer.add(row(0));
        writer.finish();
        writer.finish();
        writer.add(row(1));
        writer.beginElement().append(JsonListWriter::element(row(2)));
        writer.endElement();
        out.flush();
        QCOMPARE(text, QString::fromUtf8(whole(1)));
    }

    // A device that refuses the bytes (a full disk): lost() once a chunk could not be written,
    // and nothing more is tried; a device that takes them never reports it.
    void aFailedWriteIsLost()
    {
        QFile full(QStringLiteral("/dev/full"));
        if (!full.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            QSKIP("no /dev/full here");
        QTextStream out(&full);
        JsonListWriter writer(out);
        writer.add(row(0));
        QVERIFY(!writer.lost()); // still in its chunk
        int n = 1;
        while (!writer.lost() && n < 10000)
            writer.add(row(n++));
        QVERIFY(writer.lost());
        QVERIFY2(n < 2000, "lost only after many chunks"); // the first chunk (64 KB) already failed

        QBuffer fine;
        QVERIFY(fine.open(QIODevice::WriteOnly));
        QTextStream fineOut(&fine);
        JsonListWriter ok(fineOut);
        for (int i = 0; i < 2000; ++i)
            ok.add(row(i));
        ok.finish();
        QVERIFY(!ok.lost());
    }
};

QTEST_GUILESS_MAIN(TestCliJsonList)
#include "tst_clijsonlist.moc"
