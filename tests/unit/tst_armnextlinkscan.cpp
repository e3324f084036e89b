// NextLinkScan: the nextLink of a list page read from its text without parsing it, in the
// sandbox's key order and in ARM's (value first), null, absent, written with escapes; and every
// text the scan cannot vouch for (escaped keys, two links, a link that is not a string, nesting,
// text cut short, not an object) is Unknown, never a wrong link and never a crash. Wherever the
// scan answers, its answer is what the JSON parser reads. The reading from the text's ends
// (atEnds, for long pages) answers for a link that is the first or the last member, the same as
// the parser on valid text, and is Unknown wherever else the link is or is not.
#include "arm/nextlinkscan.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace RestoreDesk::Arm;

Q_DECLARE_METATYPE(RestoreDesk::Arm::NextLinkScan::Outcome)

class TestArmNextLinkScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scan_data();
    void scan();
    void everyCutOfAPageIsUnknownOrRight();
    void atEnds_data();
    void atEnds();
    void atEndsOfACutPageIsUnknownOrTheSameLink();
};

void TestArmNextLinkScan::scan_data()
{
    using O = NextLinkScan::Outcome;
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<O>("outcome");
    QTest::addColumn<QString>("link");

    const QString link
        = QStringLiteral("https://127.0.0.1:8443/subscriptions/s/x?api-version=1&$skiptoken=50");
    QTest::newRow("sandbox order (nextLink first)")
        << QByteArray(R"({"nextLink":"https://127.0.0.1:8443/subscriptions/s/x?api-version=1&$skiptoken=50",)"
                      R"("value":[{"id":"a"},{"id":"b"}]})")
        << O::Link << link;
    QTest::newRow("ARM order (value first), spaces and new lines") << QByteArray(
        "{\n  \"value\" : [ {\"id\": \"a\", \"properties\": {\"nextLink\": \"inner\"}} ],\n"
        "  \"nextLink\" : \"https://127.0.0.1:8443/subscriptions/s/x?api-version=1&$skiptoken=50\"\n}\n")
                                                                   << O::Link << link;
    QTest::newRow("escaped ampersand and slashes") << QByteArray(
        R"({"value":[],"nextLink":"https:\/\/127.0.0.1:8443\/subscriptions\/s\/x?api-version=1\u0026$skiptoken=50"})")
                                                   << O::Link << link;
    QTest::newRow("strings holding quotes, braces and the key's name")
        << QByteArray(R"({"value":[{"n":"a \"}]\" {\"nextLink\":\"x\"} \\"}],"nextLink":"https://h/p"})")
        << O::Link << QStringLiteral("https://h/p");
    QTest::newRow("null") << QByteArray(R"({"value":[],"nextLink":null})") << O::None << QString();
    QTest::newRow("absent") << QByteArray(R"({"value":[{"id":"a","n":1.5e3,"b":true}]})") << O::None
                            << QString();
    QTest::newRow("empty string") << QByteArray(R"({"nextLink":"","value":[]})") << O::None << QString();
    QTest::newRow("empty object") << QByteArray("{}") << O::None << QString();
    QTest::newRow("only in an element")
        << QByteArray(R"({"value":[{"nextLink":"https://h/p"}]})") << O::None << QString();
    QTest::newRow("key written with an escape")
        << QByteArray(R"({"value":[],"next\u004cink":"https://h/p"})") << O::Unknown << QString();
    QTest::newRow("two links") << QByteArray(
        R"({"nextLink":"https://h/1","value":[],"nextLink":"https://h/2"})")
                               << O::Unknown << QString();
    QTest::newRow("a number") << QByteArray(R"({"value":[],"nextLink":5})") << O::Unknown << QString();
    QTest::newRow("an object") << QByteArray(R"({"value":[],"nextLink":{"a":"b"}})") << O::Unknown
                               << QString();
    QTest::newRow("a broken escape") << QByteArray(R"({"value":[],"nextLink":"https://h/\uZZZZ"})")
                                     << O::Unknown << QString();
    QTest::newRow("cut inside the link")
        << QByteArray(R"({"value":[],"nextLink":"https://h/p)") << O::Unknown << QString();
    QTest::newRow("cut before the end")
        << QByteArray(R"({"nextLink":"https://h/p","value":[{"id":"a"})") << O::Unknown << QString();
    QTest::newRow("text after the object")
        << QByteArray(R"({"nextLink":"https://h/p"} x)") << O::Unknown << QString();
    QTest::newRow("an array") << QByteArray(R"([{"nextLink":"https://h/p"}])") << O::Unknown << QString();
    QTest::newRow("empty") << QByteArray() << O::Unknown << QString();
    QTest::newRow("missing colon") << QByteArray(R"({"nextLink" "https://h/p"})") << O::Unknown << QString();
    QTest::newRow("missing comma") << QByteArray(R"({"value":[] "nextLink":"https://h/p"})") << O::Unknown
                                   << QString();
    // Two million escapes (4 MB) in one string (JSON inside JSON, or a hostile page): read in one pass.
    // A scan that looked for the closing quote again after each escape would need about 10^12
    // steps here, and this test would not end within its time limit.
    QTest::newRow("a string of two million escapes")
        << (QByteArray(R"({"value":[{"note":")") + QByteArray(2'000'000, 'x').replace("x", "\\\\")
            + QByteArray(
                R"("}],"nextLink":"https://127.0.0.1:8443/subscriptions/s/x?api-version=1&$skiptoken=50"})"))
        << O::Link << link;
    QTest::newRow("a stray backslash at the end") << QByteArray("{\"value\":\"\\") << O::Unknown << QString();
    QTest::newRow("deep nesting, never closed")
        << QByteArray(100000, '[').prepend("{\"value\":") << O::Unknown << QString();
}

void TestArmNextLinkScan::scan()
{
    QFETCH(QByteArray, json);
    QFETCH(NextLinkScan::Outcome, outcome);
    QFETCH(QString, link);
    const NextLinkScan s = NextLinkScan::of(json);
    QCOMPARE(s.outcome, outcome);
    QCOMPARE(s.link, link);
    if (outcome != NextLinkScan::Outcome::Unknown) { // what the parser reads, too
        const QJsonObject parsed = QJsonDocument::fromJson(json).object();
        QCOMPARE(parsed.value(QStringLiteral("nextLink")).toString(), link);
    }
}

void TestArmNextLinkScan::everyCutOfAPageIsUnknownOrRight()
{
    // Cut short anywhere (a body limit, a lost connection), a page is never read as another link.
    const QByteArray page(R"({"value":[{"id":"a","properties":{"x":[1,2,{"y":"z\"}"}]}}],)"
                          R"("nextLink":"https://h/p?a=1\u0026b=2"})");
    QCOMPARE(NextLinkScan::of(page).link, QStringLiteral("https://h/p?a=1&b=2"));
    for (qsizetype n = 0; n < page.size(); ++n) {
        const NextLinkScan s = NextLinkScan::of(QByteArrayView(page.constData(), n));
        QVERIFY2(s.outcome == NextLinkScan::Outcome::Unknown, page.left(n).constData());
    }
}

void TestArmNextLinkScan::atEnds_data()
{
    using O = NextLinkScan::Outcome;
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<O>("outcome");
    QTest::addColumn<QString>("link");

    const QString link
        = QStringLiteral("https://127.0.0.1:8443/subscriptions/s/x?api-version=1&$skiptoken=50");
    QTest::newRow("first member (the sandbox's order)")
        << QByteArray(R"({"nextLink":"https://127.0.0.1:8443/subscriptions/s/x?api-version=1&$skiptoken=50",)"
                      R"("value":[{"id":"a"},{"id":"b"}]})")
        << O::Link << link;
    QTest::newRow("last member (ARM's order), spaces and new lines") << QByteArray(
        "{\n  \"value\" : [ {\"id\": \"a\", \"properties\": {\"nextLink\": \"inner\"}} ],\n"
        "  \"nextLink\" : \"https://127.0.0.1:8443/subscriptions/s/x?api-version=1&$skiptoken=50\"\n}\n")
                                                                     << O::Link << link;
    QTest::newRow("last, escaped ampersand and slashes") << QByteArray(
        R"({"value":[],"nextLink":"https:\/\/127.0.0.1:8443\/subscriptions\/s\/x?api-version=1\u0026$skiptoken=50"})")
                                                         << O::Link << link;
    QTest::newRow("first, escaped") << QByteArray(
        R"({"nextLink":"https:\/\/127.0.0.1:8443\/subscriptions\/s\/x?api-version=1\u0026$skiptoken=50","value":[]})")
                                    << O::Link << link;
    QTest::newRow("last, escaped quotes in the link")
        << QByteArray(R"({"value":[],"nextLink":"https://h/p?q=\"a\"\""})") << O::Link
        << QStringLiteral("https://h/p?q=\"a\"\"");
    QTest::newRow("last, ending in an escaped backslash")
        << QByteArray(R"({"value":[],"nextLink":"https://h/p\\"})") << O::Link
        << QStringLiteral("https://h/p\\");
    QTest::newRow("last, elements holding quotes, braces and the key's name")
        << QByteArray(R"({"value":[{"n":"a \"}]\" {\"nextLink\":\"x\"} \\"}],"nextLink":"https://h/p"})")
        << O::Link << QStringLiteral("https://h/p");
    QTest::newRow("first and last the same")
        << QByteArray(R"({"nextLink":"https://h/p"})") << O::Link << QStringLiteral("https://h/p");
    QTest::newRow("null last") << QByteArray(R"({"value":[],"nextLink":null})") << O::None << QString();
    QTest::newRow("null first") << QByteArray(R"({"nextLink" : null , "value":[]})") << O::None << QString();
    QTest::newRow("empty string first")
        << QByteArray(R"({"nextLink":"","value":[]})") << O::None << QString();
    QTest::newRow("a string of two million escapes before the last member")
        << (QByteArray(R"({"value":[{"note":")") + QByteArray(2'000'000, 'x').replace("x", "\\\\")
            + QByteArray(
                R"("}],"nextLink":"https://127.0.0.1:8443/subscriptions/s/x?api-version=1&$skiptoken=50"})"))
        << O::Link << link;
    // Where the ends do not say, the page's parse does (Unknown: no request ahead).
    QTest::newRow("absent") << QByteArray(R"({"value":[{"id":"a","n":1.5e3,"b":true}]})") << O::Unknown
                            << QString();
    QTest::newRow("in the middle") << QByteArray(R"({"a":1,"nextLink":"https://h/p","value":[]})")
                                   << O::Unknown << QString();
    QTest::newRow("only in the last element")
        << QByteArray(R"({"value":[{"nextLink":"https://h/p"}]})") << O::Unknown << QString();
    QTest::newRow("only in a nested last member")
        << QByteArray(R"({"value":[],"x":{"nextLink":"https://h/p"}})") << O::Unknown << QString();
    QTest::newRow("last value a string holding the key")
        << QByteArray(R"({"value":[],"x":"\",\"nextLink\":\"https://h/p"})") << O::Unknown << QString();
    QTest::newRow("key written with an escape, last")
        << QByteArray(R"({"value":[],"next\u004cink":"https://h/p"})") << O::Unknown << QString();
    QTest::newRow("key written with an escape, first")
        << QByteArray(R"({"next\u004cink":"https://h/p","value":[]})") << O::Unknown << QString();
    QTest::newRow("first and last disagree")
        << QByteArray(R"({"nextLink":"https://h/1","value":[],"nextLink":"https://h/2"})") << O::Unknown
        << QString();
    QTest::newRow("a number last") << QByteArray(R"({"value":[],"nextLink":5})") << O::Unknown << QString();
    QTest::newRow("a number first") << QByteArray(R"({"nextLink":5,"value":[]})") << O::Unknown << QString();
    QTest::newRow("an object last") << QByteArray(R"({"value":[],"nextLink":{"a":"b"}})") << O::Unknown
                                    << QString();
    QTest::newRow("a broken escape last")
        << QByteArray(R"({"value":[],"nextLink":"https://h/\uZZZZ"})") << O::Unknown << QString();
    QTest::newRow("a broken escape first")
        << QByteArray(R"({"nextLink":"https://h/\uZZZZ","value":[]})") << O::Unknown << QString();
    QTest::newRow("text after the object")
        << QByteArray(R"({"value":[],"nextLink":"https://h/p"} x)") << O::Unknown << QString();
    QTest::newRow("an array") << QByteArray(R"([{"nextLink":"https://h/p"}])") << O::Unknown << QString();
    QTest::newRow("empty") << QByteArray() << O::Unknown << QString();
    QTest::newRow("only a brace") << QByteArray("}") << O::Unknown << QString();
    QTest::newRow("only a quote and a brace") << QByteArray("\"}") << O::Unknown << QString();
    QTest::newRow("missing colon, last")
        << QByteArray(R"({"value":[],"nextLink" "https://h/p"})") << O::Unknown << QString();
    QTest::newRow("missing comma, last")
        << QByteArray(R"({"value":[] "nextLink":"https://h/p"})") << O::Unknown << QString();
    QTest::newRow("nothing after the first member")
        << QByteArray(R"({"nextLink":"https://h/p" "value":[]})") << O::Unknown << QString();
    // Read within kEndBytes of each end: a last value of two million escaped quotes (4 MB) is
    // not stepped through, nor is a link longer than that (of() still reads it).
    QTest::newRow("a last link of two million escaped quotes")
        << (QByteArray(R"({"value":[],"nextLink":")") + QByteArray(2'000'000, 'x').replace("x", "\\\"")
            + "\"}")
        << O::Unknown << QString();
    QTest::newRow("a first value of two million escaped quotes")
        << (QByteArray(R"({"nextLink":")") + QByteArray(2'000'000, 'x').replace("x", "\\\"")
            + "\",\"value\":[]}")
        << O::Unknown << QString();
    QTest::newRow("a link longer than what is read") << (QByteArray(R"({"value":[],"nextLink":"https://h/)")
                                                         + QByteArray(NextLinkScan::kEndBytes, 'p') + "\"}")
                                                     << O::Unknown << QString();
    QTest::newRow("backslashes only before the last quote")
        << QByteArray(QByteArray(100000, '\\') + "\"}") << O::Unknown << QString();
}

void TestArmNextLinkScan::atEnds()
{
    QFETCH(QByteArray, json);
    QFETCH(NextLinkScan::Outcome, outcome);
    QFETCH(QString, link);
    const NextLinkScan s = NextLinkScan::atEnds(json);
    QCOMPARE(s.outcome, outcome);
    QCOMPARE(s.link, link);
    if (QByteArrayView(QTest::currentDataTag()) == "a link longer than what is read")
        QCOMPARE(NextLinkScan::of(json).outcome, NextLinkScan::Outcome::Link); // the whole scan reads it
    if (outcome != NextLinkScan::Outcome::Unknown) { // what the parser and the whole scan read, too
        const QJsonObject parsed = QJsonDocument::fromJson(json).object();
        QCOMPARE(parsed.value(QStringLiteral("nextLink")).toString(), link);
        QCOMPARE(NextLinkScan::of(json).link, link);
    }
}

void TestArmNextLinkScan::atEndsOfACutPageIsUnknownOrTheSameLink()
{
    // A page in ARM's order cut anywhere is Unknown; one in the sandbox's order, cut after its
    // link, still names that link (a hint: the cut page's parse fails, and the listing with it),
    // never another.
    const QByteArray last(R"({"value":[{"id":"a","properties":{"x":[1,2,{"y":"z\"}"}]}}],)"
                          R"("nextLink":"https://h/p?a=1\u0026b=2"})");
    const QByteArray first(R"({"nextLink":"https://h/p?a=1\u0026b=2",)"
                           R"("value":[{"id":"a","properties":{"x":[1,2,{"y":"z\"}"}]}}]})");
    const QString link = QStringLiteral("https://h/p?a=1&b=2");
    QCOMPARE(NextLinkScan::atEnds(last).link, link);
    QCOMPARE(NextLinkScan::atEnds(first).link, link);
    for (qsizetype n = 0; n < last.size(); ++n) {
        const NextLinkScan s = NextLinkScan::atEnds(QByteArrayView(last.constData(), n));
        QVERIFY2(s.outcome == NextLinkScan::Outcome::Unknown, last.left(n).constData());
    }
    for (qsizetype n = 0; n < first.size(); ++n) {
        const NextLinkScan s = NextLinkScan::atEnds(QByteArrayView(first.constData(), n));
        QVERIFY2(s.outcome == NextLinkScan::Outcome::Unknown || s.link == link, first.left(n).constData());
    }
}

QTEST_GUILESS_MAIN(TestArmNextLinkScan)
#include "tst_armnextlinkscan.moc"
