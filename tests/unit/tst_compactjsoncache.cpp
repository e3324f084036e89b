// The sandbox writes list pages from each resource's text made once (CompactJsonCache): the page
// must be byte for byte what QJsonDocument writes for the same object, with or without a
// nextLink (escaped as the document escapes it) or a null one, and a resource changed after its
// text was made (same id) must be written anew.
#include "sandbox/compactjsoncache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using RestoreDesk::Sandbox::CompactJsonCache;

class TestCompactJsonCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pageIsTheDocumentsText_data();
    void pageIsTheDocumentsText();
    void changedResourceIsWrittenAnew();
    void resourcesWithoutIdAndTheBound();
    void pageOfAChangedResourceIsWrittenAnew();
};

namespace {

QJsonObject resource(int i)
{
    return QJsonObject {
        { QStringLiteral("id"), QStringLiteral("/subscriptions/s/vaults/v/protectedItems/vm-%1").arg(i) },
        { QStringLiteral("name"), QStringLiteral("vm-%1 \"caf\u00e9\" \\ \n").arg(i) },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("n"), i / 3.0 },
                        { QStringLiteral("list"), QJsonArray { 1, QStringLiteral("x"), QJsonValue() } } } },
    };
}

QByteArray expected(const QList<QJsonObject> &all, int from, int to, const QString &nextLink, bool forceNull)
{
    QJsonArray value;
    for (int i = from; i < to; ++i)
        value.append(all.at(i));
    QJsonObject body { { QStringLiteral("value"), value } };
    if (!nextLink.isNull())
        body.insert(QStringLiteral("nextLink"), nextLink);
    else if (forceNull)
        body.insert(QStringLiteral("nextLink"), QJsonValue());
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

void TestCompactJsonCache::pageIsTheDocumentsText_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<QString>("nextLink");
    QTest::addColumn<bool>("forceNull");
    QTest::newRow("empty") << 0 << 0 << QString() << false;
    QTest::newRow("empty, null link") << 0 << 0 << QString() << true;
    QTest::newRow("one") << 0 << 1 << QString() << false;
    QTest::newRow("all, null link") << 0 << 7 << QString() << true;
    QTest::newRow("middle, link") << 2 << 5
                                  << QStringLiteral(
                                         "http://127.0.0.1:1/x?api-version=1&$skipToken=bzo1&q=\"a\"\\")
                                  << false;
    QTest::newRow("empty link") << 5 << 7 << QStringLiteral("") << false;
}

void TestCompactJsonCache::pageIsTheDocumentsText()
{
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(QString, nextLink);
    QFETCH(bool, forceNull);
    QList<QJsonObject> all;
    for (int i = 0; i < 7; ++i)
        all << resource(i);
    CompactJsonCache cache;
    const QByteArray want = expected(all, from, to, nextLink, forceNull);
    QCOMPARE(cache.page(all, from, to, nextLink, forceNull), want);
    QCOMPARE(cache.page(all, from, to, nextLink, forceNull), want); // from the cache
    QCOMPARE(cache.size(), qsizetype(to - from));
}

void TestCompactJsonCache::changedResourceIsWrittenAnew()
{
    CompactJsonCache cache;
    QJsonObject r = resource(1);
    QCOMPARE(cache.compact(r), QJsonDocument(r).toJson(QJsonDocument::Compact));
    r.insert(QStringLiteral("name"), QStringLiteral("renamed"));
    QCOMPARE(cache.compact(r), QJsonDocument(r).toJson(QJsonDocument::Compact));
    // An equal copy made apart from it (not sharing its data) is the same text.
    const QJsonObject copy = QJsonDocument::fromJson(QJsonDocument(r).toJson()).object();
    QCOMPARE(cache.compact(copy), QJsonDocument(r).toJson(QJsonDocument::Compact));
    QCOMPARE(cache.size(), qsizetype(1));
}

void TestCompactJsonCache::resourcesWithoutIdAndTheBound()
{
    CompactJsonCache cache(3);
    const QJsonObject anonymous { { QStringLiteral("name"), QStringLiteral("a") } };
    QCOMPARE(cache.compact(anonymous), QByteArray("{\"name\":\"a\"}"));
    QCOMPARE(cache.size(), qsizetype(0));
    for (int i = 0; i < 10; ++i)
        QCOMPARE(cache.compact(resource(i)), QJsonDocument(resource(i)).toJson(QJsonDocument::Compact));
    QVERIFY(cache.size() <= 3);
}

void TestCompactJsonCache::pageOfAChangedResourceIsWrittenAnew()
{
    // A page is kept whole once made; asked for again after one of its resources changed (same
    // id, same link), or with other resources in its place, it is the new text.
    QList<QJsonObject> all;
    for (int i = 0; i < 6; ++i)
        all << resource(i);
    CompactJsonCache cache;
    const QString link = QStringLiteral("http://127.0.0.1:1/x?$skipToken=bzo0");
    QCOMPARE(cache.page(all, 1, 4, link, false), expected(all, 1, 4, link, false));
    all[2].insert(QStringLiteral("name"), QStringLiteral("renamed"));
    QCOMPARE(cache.page(all, 1, 4, link, false), expected(all, 1, 4, link, false));
    all.removeAt(3); // the page's last resource is another one now
    QCOMPARE(cache.page(all, 1, 4, link, false), expected(all, 1, 4, link, false));
    // An equal copy of the resources, not sharing their data: the same text.
    QList<QJsonObject> copies;
    for (const QJsonObject &r : all)
        copies << QJsonDocument::fromJson(QJsonDocument(r).toJson()).object();
    QCOMPARE(cache.page(copies, 1, 4, link, false), expected(all, 1, 4, link, false));
    QCOMPARE(cache.page(all, 1, 4, QString(), true), expected(all, 1, 4, QString(), true));
}

QTEST_GUILESS_MAIN(TestCompactJsonCache)
#include "tst_compactjsoncache.moc"
