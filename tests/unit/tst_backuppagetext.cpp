// Protected items read straight from a list page's text (PageText, ProtectedItem::fromArmText)
// against the same page parsed by QJsonDocument (Page::fromValue), differentially: the same
// items field by field, the same unreadable entries with the same errors, the same nextLink,
// the same raw JSON. Text the scan cannot vouch for (malformed, or valid in ways it leaves to Qt:
// exponents, escaped or repeated keys, deep nesting, a BOM...) must be left to QJsonDocument
// (PageText::scan gives nullopt), never read differently. Every example in tests/data/arm/,
// generated pages, malformed text and seeded random mutations go through the same comparison.

#include "armexamples.h"
#include "backup/page.h"
#include "backup/protecteditem.h"
#include "core/jsontext.h"
#include "core/pagetext.h"

#include <algorithm>

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;

namespace {

int g_fast = 0; // items read from the text, in the current test
int g_scanned = 0; // pages PageText vouched for, in the current test

void sameItem(const ProtectedItem &a, const ProtectedItem &b)
{
    QCOMPARE(a.id, b.id);
    QCOMPARE(int(a.armId.kind), int(b.armId.kind));
    QCOMPARE(a.armId.item, b.armId.item);
    QCOMPARE(a.armId.vault, b.armId.vault);
    QCOMPARE(a.name, b.name);
    QCOMPARE(int(a.kind), int(b.kind));
    QCOMPARE(a.protectedItemType, b.protectedItemType);
    QCOMPARE(a.backupManagementType, b.backupManagementType);
    QCOMPARE(a.workloadType, b.workloadType);
    QCOMPARE(a.friendlyName, b.friendlyName);
    QCOMPARE(a.containerName, b.containerName);
    QCOMPARE(a.sourceResourceId, b.sourceResourceId);
    QCOMPARE(a.policyId, b.policyId);
    QCOMPARE(a.policyName, b.policyName);
    QCOMPARE(a.policyType, b.policyType);
    QCOMPARE(a.lastBackupTime, b.lastBackupTime);
    QCOMPARE(a.lastBackupTime.timeSpec(), b.lastBackupTime.timeSpec());
    QCOMPARE(a.lastBackupStatus, b.lastBackupStatus);
    QCOMPARE(a.lastRecoveryPoint, b.lastRecoveryPoint);
    QCOMPARE(a.lastRecoveryPoint.timeSpec(), b.lastRecoveryPoint.timeSpec());
    QCOMPARE(int(a.health), int(b.health));
    QCOMPARE(a.healthText, b.healthText);
    QCOMPARE(int(a.protectionState), int(b.protectionState));
    QCOMPARE(a.protectionStateText, b.protectionStateText);
    QCOMPARE(a.protectionStatus, b.protectionStatus);
    QCOMPARE(a.serverName, b.serverName);
    QCOMPARE(a.parentName, b.parentName);
    QCOMPARE(a.softDeleted, b.softDeleted);
    QCOMPARE(a.raw.object(), b.raw.object());
}

// The members of `object` (and of every object in it) from the page's index, as members()
// finds them stepping over the text: the same keys, values, and plainness.
void sameMembers(const PageText &page, const JsonText::Value &object)
{
    if (object.type != JsonText::Value::Type::Object)
        return;
    JsonText::Members stepped, indexed;
    QVERIFY(JsonText::members(page.text, object, &stepped));
    QVERIFY(page.index.find(object));
    QVERIFY(JsonText::members(page.text, object, &indexed, &page.index));
    QCOMPARE(indexed.size(), stepped.size());
    for (qsizetype i = 0; i < stepped.size(); ++i) {
        const JsonText::Member &a = stepped.at(i);
        const JsonText::Member &b = indexed.at(i);
        QCOMPARE(b.key.toByteArray(), a.key.toByteArray());
        QCOMPARE(b.plainKey, a.plainKey);
        QCOMPARE(b.tag, JsonText::keyTag(b.key));
        QCOMPARE(a.tag, JsonText::keyTag(a.key));
        QCOMPARE(int(b.value.type), int(a.value.type));
        QCOMPARE(b.value.begin, a.value.begin);
        QCOMPARE(b.value.end, a.value.end);
        // Said plain by the scan exactly when it is (a string of printable ASCII, no escapes),
        // and read as Qt reads it either way.
        const QByteArray raw = page.text.mid(b.value.begin + 1, b.value.size() - 2);
        const bool plain = b.value.type == JsonText::Value::Type::String
            && std::all_of(raw.cbegin(), raw.cend(),
                           [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
        QCOMPARE(b.plainValue, plain);
        QCOMPARE(JsonText::string(page.text, b).value_or(QStringLiteral("(refused)")),
                 JsonText::string(page.text, a.value).value_or(QStringLiteral("(refused)")));
        sameMembers(page, b.value);
    }
}

// The text read both ways; QTest failures say where they differ.
void checkPage(const QByteArray &text)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    const bool qtReads = error.error == QJsonParseError::NoError;

    // What JsonText vouches for, Qt reads, with the same values.
    if (const auto top = JsonText::scan(text);
        top && (top->type == JsonText::Value::Type::Object || top->type == JsonText::Value::Type::Array)) {
        QVERIFY2(qtReads, qPrintable(QStringLiteral("scanned, but Qt says: ") + error.errorString()));
        const QJsonValue whole = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        QCOMPARE(JsonText::toJsonValue(text, *top), whole);
    }

    const std::optional<PageText> scanned = PageText::scan(text);
    if (!scanned)
        return; // left to QJsonDocument: the old path, whatever it says
    ++g_scanned;
    QVERIFY2(qtReads, qPrintable(error.errorString()));
    QVERIFY(doc.isObject());
    const QJsonObject body = doc.object();
    QVERIFY(body.value(QStringLiteral("value")).isArray());
    const QJsonValue next = body.value(QStringLiteral("nextLink"));
    QVERIFY(next.isString() || next.isNull() || next.isUndefined());
    QCOMPARE(scanned->nextLink, next.toString());
    const QJsonArray value = body.value(QStringLiteral("value")).toArray();
    QCOMPARE(scanned->elements.size(), value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        QCOMPARE(scanned->element(i), value.at(i));
        sameMembers(*scanned, scanned->elements.at(i));
        // The scan's index gives what stepping over the element's text gives.
        const auto stepped = ProtectedItem::fromArmText(scanned->text, scanned->elements.at(i));
        const auto indexed
            = ProtectedItem::fromArmText(scanned->text, scanned->elements.at(i), &scanned->index);
        QCOMPARE(indexed.has_value(), stepped.has_value());
        if (indexed)
            sameItem(*indexed, *stepped);
        if (QTest::currentTestFailed())
            return;
        if (const auto item = ProtectedItem::fromArmText(scanned->text, scanned->elements.at(i))) {
            ++g_fast;
            QVERIFY(item->raw.isText());
            QCOMPARE(item->raw.object(), value.at(i).toObject());
            const Result<ProtectedItem> parsed = ProtectedItem::fromArm(value.at(i).toObject());
            QVERIFY2(parsed.ok(), "read from the text, but fromArm refuses it");
        }
    }

    const Page<ProtectedItem> want = Page<ProtectedItem>::fromValue(value);
    const Page<ProtectedItem> got = Page<ProtectedItem>::fromText(*scanned);
    QCOMPARE(got.items.size(), want.items.size());
    for (qsizetype i = 0; i < got.items.size(); ++i) {
        sameItem(got.items.at(i), want.items.at(i));
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(got.rejected.size(), want.rejected.size());
    for (qsizetype i = 0; i < got.rejected.size(); ++i) {
        QCOMPARE(got.rejected.at(i).index, want.rejected.at(i).index);
        QCOMPARE(got.rejected.at(i).raw, want.rejected.at(i).raw);
        QCOMPARE(got.rejected.at(i).error.code, want.rejected.at(i).error.code);
        QCOMPARE(got.rejected.at(i).error.args, want.rejected.at(i).error.args);
        QCOMPARE(got.rejected.at(i).error.detail, want.rejected.at(i).error.detail);
    }
}

#define CHECK_PAGE(text) \
    do { \
        checkPage(text); \
        if (QTest::currentTestFailed()) \
            QFAIL(qPrintable(QStringLiteral("page: ") + QString::fromUtf8(QByteArray(text).left(400)))); \
    } while (false)

// The example's one protected item, compact: the template the generated pages vary.
QByteArray exampleItem()
{
    const QJsonObject body = Test::armExample(QStringLiteral("BackupProtectedItems_List.json"));
    return QJsonDocument(body.value(QStringLiteral("value")).toArray().at(0).toObject())
        .toJson(QJsonDocument::Compact);
}

QByteArray page(const QByteArrayList &elements, const QByteArray &tail = {})
{
    return "{\"value\":[" + elements.join(',') + "]" + tail + "}";
}

// The example item with `from` replaced by `to` (which must be in it).
QByteArray variant(const QByteArray &from, const QByteArray &to)
{
    QByteArray item = exampleItem();
    const qsizetype at = item.indexOf(from);
    if (at < 0)
        qFatal("variant: %s is not in the example item", from.constData());
    return item.replace(at, from.size(), to);
}

// The example item with one more member in its properties.
QByteArray withProperty(const QByteArray &member)
{
    return variant("\"properties\":{", "\"properties\":{" + member + ",");
}

} // namespace

class TestBackupPageText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        g_fast = 0;
        g_scanned = 0;
    }
    void everyExampleFileReadsAlike();
    void examplePageIsReadFromItsText();
    void generatedItemsReadAlike_data();
    void generatedItemsReadAlike();
    void pageShapesReadAlike_data();
    void pageShapesReadAlike();
    void malformedTextIsLeftToQt_data();
    void malformedTextIsLeftToQt();
    void everyCutOfAPageIsLeftToQt();
    void deepNestingIsLeftToQt();
    void hugeStringsReadAlike();
    void randomMutationsReadAlike();
    void decoysAndOddEscapesReadAlike_data();
    void decoysAndOddEscapesReadAlike();
    void dottedLiteralKeyIsNotAPath();
    void itemKeepsOnlyItsOwnText();
    void scalarAtTheTopIsRefusedAsQtRefusesIt();
    void valuesOutsideTheirTextAreRefused();
};

void TestBackupPageText::everyExampleFileReadsAlike()
{
    const QDir dir(Test::armExamplesDir());
    const QStringList files = dir.entryList({ QStringLiteral("*.json") }, QDir::Files);
    QVERIFY(files.size() >= 30);
    for (const QString &file : files) {
        QFile f(dir.filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        CHECK_PAGE(text); // the file as it is
        // Every object of the file that has an id, as the elements of one page, compact and
        // indented; and every response body as a page of its own.
        QJsonArray resources;
        QList<QJsonValue> todo { QJsonDocument::fromJson(text).object() };
        while (!todo.isEmpty()) {
            const QJsonValue v = todo.takeLast();
            if (v.isObject()) {
                const QJsonObject o = v.toObject();
                if (o.value(QStringLiteral("id")).isString())
                    resources.append(o);
                if (o.value(QStringLiteral("value")).isArray()) {
                    CHECK_PAGE(QJsonDocument(o).toJson(QJsonDocument::Compact));
                    CHECK_PAGE(QJsonDocument(o).toJson(QJsonDocument::Indented));
                }
                for (const QJsonValue &m : o)
                    todo << m;
            } else if (v.isArray()) {
                for (const QJsonValue &e : v.toArray())
                    todo << e;
            }
        }
        const QJsonObject all { { QStringLiteral("value"), resources },
                                { QStringLiteral("nextLink"),
                                  QStringLiteral("https://example.test/next?a=1") } };
        CHECK_PAGE(QJsonDocument(all).toJson(QJsonDocument::Compact));
        CHECK_PAGE(QJsonDocument(all).toJson(QJsonDocument::Indented));
    }
    QVERIFY(g_scanned > files.size());
    QVERIFY(g_fast > 0);
}

void TestBackupPageText::examplePageIsReadFromItsText()
{
    // The fast path is taken where it should be: the example page, compact and indented, and a
    // page of 60 of its items.
    const QJsonObject body = Test::armExample(QStringLiteral("BackupProtectedItems_List.json"));
    for (const auto format : { QJsonDocument::Compact, QJsonDocument::Indented }) {
        const auto scanned = PageText::scan(QJsonDocument(body).toJson(format));
        QVERIFY(scanned);
        const auto item = ProtectedItem::fromArmText(scanned->text, scanned->elements.at(0));
        QVERIFY(item);
        QCOMPARE(item->friendlyName, QStringLiteral("iaasvm-1"));
        QCOMPARE(item->raw.object(), body.value(QStringLiteral("value")).toArray().at(0).toObject());
    }
    QByteArrayList items;
    for (int i = 0; i < 60; ++i)
        items << variant("iaasvm-1\",\"healthStatus", "vm-" + QByteArray::number(i) + "\",\"healthStatus");
    CHECK_PAGE(page(items, ",\"nextLink\":\"https://example.test/items?$skiptoken=60\""));
    QCOMPARE(g_fast, 60);
}

void TestBackupPageText::generatedItemsReadAlike_data()
{
    QTest::addColumn<QByteArray>("item");
    QTest::addColumn<bool>("fast"); // read from the text (else left to fromArm)
    const QByteArray name = "\"friendlyName\":\"iaasvm-1\"";
    auto row = [](const QByteArray &tag, const QByteArray &item, bool fast) {
        QTest::newRow(tag.constData()) << item << fast;
    };
    row("example", exampleItem(), true);
    // Strings: escapes, UTF-8 and \u escapes, control characters escaped, empty, types.
    row("escapes", variant(name, R"("friendlyName":"a\"b\\c\/d\n\t\r\b\f e")"), true);
    row("unicode escapes", variant(name, R"("friendlyName":"caf\u00e9 \ud83d\ude00 \u0041")"), true);
    row("utf-8", variant(name, "\"friendlyName\":\"caf\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x82\xac\""), true);
    row("del",
        variant(name,
                "\"friendlyName\":\"a\x7f"
                "b\""),
        true);
    row("empty", variant(name, "\"friendlyName\":\"\""), true);
    row("null", variant(name, "\"friendlyName\":null"), true);
    row("number", variant(name, "\"friendlyName\":17"), false);
    row("true", variant(name, "\"friendlyName\":true"), false);
    row("object", variant(name, "\"friendlyName\":{}"), false);
    row("array", variant(name, "\"friendlyName\":[\"x\"]"), false);
    row("lone surrogate", variant(name, R"("friendlyName":"\ud800")"), true); // Qt reads it
    row("unknown escape", variant(name, R"("friendlyName":"\x")"), true); // Qt reads it as "x"
    // The id and the name.
    row("no id", variant("\"id\":", "\"idx\":"), false);
    row("id null", variant("\"id\":\"/Subscriptions/", "\"id\":null,\"x\":\"/Subscriptions/"), false);
    row("id number", variant("\"id\":\"/Subscriptions/", "\"id\":5,\"x\":\"/Subscriptions/"), false);
    row("id of a vault", variant("/protectionContainers/", "/x/"), false);
    row("id escaped", variant("/protectedItems/", "\\/protectedItems\\/"), true);
    row("no name", variant("\"name\":", "\"nam\":"), true);
    row("name null", variant("\"name\":\"VM;", "\"name\":null,\"n\":\"VM;"), true);
    // properties.
    row("no properties", variant("\"properties\":", "\"propertie\":"), false);
    row("properties null", variant("\"properties\":{", "\"properties\":null,\"p\":{"), false);
    row("properties array", variant("\"properties\":{", "\"properties\":[],\"p\":{"), false);
    row("properties empty", variant("\"properties\":{", "\"properties\":{},\"p\":{"), true);
    // Times.
    row("time 7 digits", variant("2018-01-22T12:25:32.048723Z", "2018-01-22T12:25:32.0487231Z"), true);
    row("time offset", variant("2018-01-22T12:25:32.048723Z", "2018-01-22T12:25:32+02:00"), true);
    row("time sentinel", variant("2018-01-22T12:25:32.048723Z", "0001-01-01T00:00:00Z"), true);
    row("time bad", variant("2018-01-22T12:25:32.048723Z", "yesterday"), false);
    // Booleans.
    row("soft deleted", withProperty("\"isScheduledForDeferredDelete\":true"), true);
    row("not soft deleted", withProperty("\"isScheduledForDeferredDelete\":false"), true);
    row("soft deleted null", withProperty("\"isScheduledForDeferredDelete\":null"), true);
    row("soft deleted string", withProperty("\"isScheduledForDeferredDelete\":\"true\""), false);
    // Kinds.
    const QByteArray type = "Microsoft.ClassicCompute/virtualMachines";
    row("vm", variant(type, "Microsoft.Compute/virtualMachines"), true);
    row("file share", variant(type, "AzureFileShareProtectedItem"), true);
    row("kind case", variant(type, "azurefileshareprotecteditem"), true);
    row("sql",
        withProperty(R"("serverName":"sqlvm","parentName":"MSSQLSERVER")")
            .replace(type, "AzureVmWorkloadSQLDatabase"),
        true);
    row("sql server number", withProperty(R"("serverName":1)").replace(type, "AzureVmWorkloadSQLDatabase"),
        false);
    row("unknown kind", variant(type, "SomethingNew"), true);
    row("health words",
        withProperty(R"("protectedItemHealthStatus":"NotReachable")").replace("\"Passed\"", "null"), true);
    // Keys: repeated or written with escapes are Qt's to resolve.
    row("id twice", variant("\"id\":", "\"id\":\"/x\",\"id\":"), false);
    row("friendlyName twice", variant(name, name + ",\"friendlyName\":\"other\""), false);
    row("properties twice", variant("\"properties\":{", "\"properties\":{},\"properties\":{"), false);
    row("other key twice", withProperty(R"("a":1,"a":2)"), true);
    row("escaped key", variant("\"id\":", "\"i\\u0064\":"), false);
    row("escaped property key", variant(name, R"("friendly\u004eame":"x")"), false);
    row("utf-8 key", withProperty("\"caf\xc3\xa9\":1"), false);
    // Numbers, nesting and whitespace in members nobody reads.
    for (const char *n : { "0", "-0", "1.5", "-12.25", "123456789012345", "0.000001" })
        row(QByteArray("number ") + n, withProperty(QByteArray("\"n\":") + n), true);
    // Numbers the scan leaves to Qt (exponents, many digits): the whole page is Qt's.
    for (const char *n : { "1e5", "1E-5", "-2.5e+3", "1234567890123456789", "12345678901234567890123.5" })
        row(QByteArray("page left to Qt: number ") + n, withProperty(QByteArray("\"n\":") + n), false);
    row("nested", withProperty(R"("deep":{"a":[1,{"b":[[],{}]},"x",null,true,false]})"), true);
    row("whitespace",
        " \r\n\t"
            + exampleItem().replace("\",\"", "\" ,\r\n\t \"").replace("\":", "\"\t: ").replace("{\"", "{ \"")
            + "\n ",
        true);
}

void TestBackupPageText::generatedItemsReadAlike()
{
    QFETCH(QByteArray, item);
    QFETCH(bool, fast);
    const bool scanned = !QByteArray(QTest::currentDataTag()).startsWith("page left to Qt");
    CHECK_PAGE(page({ item }));
    QCOMPARE(g_scanned, scanned ? 1 : 0);
    QCOMPARE(g_fast, fast ? 1 : 0);
    // Beside good items and entries that are not objects.
    g_fast = 0;
    CHECK_PAGE(page({ exampleItem(), "17", item, "null", "\"s\"", "[]", item }));
    QCOMPARE(g_fast, !scanned ? 0 : fast ? 3 : 1);
}

void TestBackupPageText::pageShapesReadAlike_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("scanned");
    const QByteArray item = exampleItem();
    auto row = [](const char *tag, const QByteArray &text, bool scanned) {
        QTest::newRow(tag) << text << scanned;
    };
    row("no nextLink", page({ item }), true);
    row("nextLink null", page({ item }, ",\"nextLink\":null"), true);
    row("nextLink empty", page({ item }, ",\"nextLink\":\"\""), true);
    row("nextLink", page({ item }, ",\"nextLink\":\"https://x.test/p?a=1&b=%20\""), true);
    row("nextLink escaped", page({ item }, R"(,"nextLink":"https:\/\/x.test\/p?a=1\u0026b=2")"), true);
    row("nextLink first", "{\"nextLink\":\"https://x.test/2\",\"value\":[" + item + "]}", true);
    row("other members", "{\"@odata.count\":1,\"value\":[" + item + "],\"x\":{\"value\":5}}", true);
    row("empty value", page({}), true);
    row("pretty", "{\n  \"value\": [\n    " + item + "\n  ],\n  \"nextLink\": null\n}\n", true);
    row("nextLink number", page({ item }, ",\"nextLink\":17"), false);
    row("nextLink object", page({ item }, ",\"nextLink\":{}"), false);
    row("nextLink twice", page({ item }, ",\"nextLink\":\"a\",\"nextLink\":\"b\""), false);
    row("value twice", page({ item }, ",\"value\":[]"), false);
    row("value object", "{\"value\":{}}", false);
    row("value null", "{\"value\":null}", false);
    row("no value", "{\"values\":[]}", false);
    row("escaped value key", "{\"v\\u0061lue\":[]}", false);
    row("top array", "[" + item + "]", false);
    row("top string", "\"value\"", false);
    row("BOM", "\xef\xbb\xbf" + page({ item }), false);
}

void TestBackupPageText::pageShapesReadAlike()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, scanned);
    CHECK_PAGE(text);
    QCOMPARE(g_scanned, scanned ? 1 : 0);
}

void TestBackupPageText::malformedTextIsLeftToQt_data()
{
    QTest::addColumn<QByteArray>("text");
    const QByteArray item = exampleItem();
    const QByteArray name = "\"friendlyName\":\"iaasvm-1\"";
    auto row = [](const char *tag, const QByteArray &text) { QTest::newRow(tag) << text; };
    row("empty", "");
    row("space", " \n");
    row("garbage after", page({ item }) + "x");
    row("second object", page({ item }) + "{}");
    row("trailing comma", page({ item, "" }));
    row("trailing comma in object", variant(name, name + ","));
    row("missing comma", page({ item }).replace("},{", "}{").replace("]}", "] \"nextLink\":null}"));
    row("missing colon", variant(name, "\"friendlyName\" \"x\""));
    row("single quotes", variant(name, "'friendlyName':'x'"));
    row("bad escape", variant(name, R"("friendlyName":"a\xb")"));
    row("bad unicode escape", variant(name, R"("friendlyName":"\u12G4")"));
    row("short unicode escape", variant(name, R"("friendlyName":"\u12")"));
    row("backslash at end", variant(name, "\"friendlyName\":\"a\\"));
    row("raw newline", variant(name, "\"friendlyName\":\"a\nb\""));
    row("raw tab", variant(name, "\"friendlyName\":\"a\tb\""));
    static const char kNul[] = "\"friendlyName\":\"a\0b\"";
    row("raw nul", variant(name, QByteArray(kNul, sizeof(kNul) - 1)));
    row("bad utf-8 ff",
        variant(name,
                "\"friendlyName\":\"a\xff"
                "b\""));
    row("overlong", variant(name, "\"friendlyName\":\"\xc0\xaf\""));
    row("utf-8 surrogate", variant(name, "\"friendlyName\":\"\xed\xa0\x80\""));
    row("beyond U+10FFFF", variant(name, "\"friendlyName\":\"\xf4\x90\x80\x80\""));
    row("cut utf-8", variant(name, "\"friendlyName\":\"\xe2\x82\""));
    row("leading zero", withProperty("\"n\":01"));
    row("bare dot", withProperty("\"n\":1."));
    row("dot first", withProperty("\"n\":.5"));
    row("minus alone", withProperty("\"n\":-"));
    row("plus", withProperty("\"n\":+1"));
    row("hex", withProperty("\"n\":0x10"));
    row("NaN", withProperty("\"n\":NaN"));
    row("Infinity", withProperty("\"n\":Infinity"));
    row("huge exponent", withProperty("\"n\":1e999"));
    row("TRUE", withProperty("\"n\":TRUE"));
    row("nul literal", withProperty("\"n\":nul"));
    row("form feed", page({ item }).replace(",\"", ",\f\""));
    row("vertical tab", page({ item }).replace(",\"", ",\v\""));
    row("no-break space", page({ item }).replace(",\"", ",\xc2\xa0\""));
    row("unbalanced", withProperty("\"a\":[1,2"));
    row("wrong closer", withProperty("\"a\":[1,2}"));
    row("unquoted key", withProperty("a:1"));
}

void TestBackupPageText::malformedTextIsLeftToQt()
{
    QFETCH(QByteArray, text);
    CHECK_PAGE(text);
    // Here every row is also one Qt refuses or one the scan leaves to it: nothing is read from text
    // that QJsonDocument would refuse.
    QJsonParseError error {};
    QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        QVERIFY(!PageText::scan(text));
}

void TestBackupPageText::everyCutOfAPageIsLeftToQt()
{
    const QByteArray whole = page({ exampleItem(), withProperty(R"("s":"a\"\\\u00e9","n":[1.5,-2,{}])") },
                                  ",\"nextLink\":\"https://x.test/2\"");
    for (qsizetype n = 0; n < whole.size(); ++n) {
        const QByteArray cut = whole.left(n);
        QVERIFY2(!PageText::scan(cut), qPrintable(QStringLiteral("cut at %1").arg(n)));
        CHECK_PAGE(cut);
    }
    CHECK_PAGE(whole);
    QCOMPARE(g_scanned, 1);
    QCOMPARE(g_fast, 2);
}

void TestBackupPageText::deepNestingIsLeftToQt()
{
    // The scan vouches for nesting up to JsonText::kMaxDepth (the page and the item count);
    // deeper text is Qt's (which has its own limit), and absurd depths never crash either.
    for (int depth : { 10, JsonText::kMaxDepth - 4, JsonText::kMaxDepth - 3, JsonText::kMaxDepth,
                       JsonText::kMaxDepth + 1, 1000, 5000, 100000 }) {
        const QByteArray nested = QByteArray(depth, '[') + QByteArray(depth, ']');
        const QByteArray text = page({ withProperty("\"deep\":" + nested) });
        CHECK_PAGE(text);
        // Page, item, properties and the member's own: depth + 4 levels in all.
        QCOMPARE(PageText::scan(text).has_value(), depth + 4 <= JsonText::kMaxDepth);
        const QByteArray open = page({ withProperty("\"deep\":" + QByteArray(depth, '[')) });
        CHECK_PAGE(open);
        QVERIFY(!PageText::scan(open));
    }
}

void TestBackupPageText::hugeStringsReadAlike()
{
    const QByteArray plain(3 * 1024 * 1024, 'x');
    CHECK_PAGE(page({ variant("iaasvm-1\",\"healthStatus", plain + "\",\"healthStatus") }));
    QByteArray escaped;
    for (int i = 0; i < 200000; ++i)
        escaped += "\\\"\\u00e9\\\\";
    CHECK_PAGE(page({ variant("iaasvm-1\",\"healthStatus", escaped + "\",\"healthStatus") }));
    CHECK_PAGE(page({ variant("iaasvm-1\",\"healthStatus", escaped + "\\x\",\"healthStatus") }));
    CHECK_PAGE(page({ withProperty("\"never closed\":\"" + plain) }));
    QCOMPARE(g_fast, 3); // Qt reads an unknown escape ("\x") as the character itself
}

void TestBackupPageText::randomMutationsReadAlike()
{
    // Seeded: the same mutations every run. Bytes that matter to JSON inserted, replaced and
    // removed anywhere in a page of two items.
    const QByteArray base = page({ exampleItem(),
                                   withProperty(R"("s":"a\"\\\u00e9 caf)"
                                                "\xc3\xa9"
                                                R"(","n":[1.5,-2,{},true,null])") },
                                 ",\"nextLink\":\"https://x.test/2\"");
    static const char kBytes[] = "{}[]\":,\\ \t\n0123456789-+.eEtrufalsn\x01\x7f\x80\xc3\xa9\xff";
    QRandomGenerator random(20261201);
    int scanned = 0;
    for (int round = 0; round < 4000; ++round) {
        QByteArray text = base;
        const int edits = 1 + int(random.bounded(3));
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = qsizetype(random.bounded(quint32(text.size())));
            const char c = kBytes[random.bounded(quint32(sizeof(kBytes) - 1))];
            switch (random.bounded(3)) {
            case 0:
                text.insert(at, c);
                break;
            case 1:
                text[at] = c;
                break;
            default:
                text.remove(at, 1);
                break;
            }
        }
        const int before = g_scanned;
        CHECK_PAGE(text);
        scanned += g_scanned - before;
    }
    // Both outcomes were exercised: mutations the scan reads, and ones it leaves to Qt.
    QVERIFY(scanned > 100);
    QVERIFY(scanned < 3900);
}

void TestBackupPageText::decoysAndOddEscapesReadAlike_data()
{
    // Members spelled inside strings (after odd and even runs of backslashes) and escapes at the
    // edges of what Qt reads: the text path finds what QJsonDocument finds, or leaves it to Qt.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("mustScan"); // then with this nextLink and no elements
    QTest::addColumn<QString>("nextLink");
    const QByteArray item = exampleItem();
    auto row = [](const char *tag, const QByteArray &text, bool mustScan, const char *next) {
        QTest::newRow(tag) << text << mustScan << QString::fromLatin1(next);
    };
    row("decoy nextLink after an odd run", R"({"x":"a\\\",\"nextLink\":\"https://evil\"","value":[]})", true,
        "");
    row("nextLink after an even run", R"({"x":"a\\\\","nextLink":"https://ok","value":[]})", true,
        "https://ok");
    row("decoy value after an odd run", R"({"x":"\\\",\"value\":[1],\"y\":\"","value":[],"nextLink":null})",
        true, "");
    row("decoy member in an item",
        page({ variant("\"friendlyName\":\"iaasvm-1\"",
                       R"("friendlyName":"a\\\",\"policyName\":\"evil\\\\")") }),
        false, "");
    row("escaped nul", page({ item }, R"(,"nextLink":"a\u0000b")"), false, "");
    row("lone low surrogate", page({ item }, R"(,"nextLink":"a\udc00b")"), false, "");
    row("high then not low", page({ item }, R"(,"nextLink":"a\ud800\u0041")"), false, "");
    row("high at end", page({ item }, R"(,"nextLink":"a\ud800")"), false, "");
    row("nul in an item", page({ variant("iaasvm-1", R"(a\u0000b)") }), false, "");
    row("lone low surrogate in an item", page({ variant("iaasvm-1", R"(a\udc00)") }), false, "");
    row("high then not low in an item", page({ variant("iaasvm-1", R"(\ud800\u0041)") }), false, "");
}

void TestBackupPageText::decoysAndOddEscapesReadAlike()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, mustScan);
    QFETCH(QString, nextLink);
    CHECK_PAGE(text); // the same as QJsonDocument wherever scanned
    QJsonParseError error {};
    QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        QVERIFY(!PageText::scan(text));
    if (mustScan) {
        const auto scanned = PageText::scan(text);
        QVERIFY(scanned);
        QCOMPARE(scanned->nextLink, nextLink);
        QCOMPARE(scanned->elements.size(), 0);
    }
}

void TestBackupPageText::dottedLiteralKeyIsNotAPath()
{
    // A literal key with a dot is one key, not a path: read alike from text and by fromArm.
    for (const QByteArray &member : { QByteArray(R"("extendedInfo.policyState":"Consistent")"),
                                      QByteArray(R"("properties.policyName":"evil")"),
                                      QByteArray(R"("extendedInfo":{"policyState":"Consistent"})") }) {
        g_fast = 0;
        CHECK_PAGE(page({ withProperty(member) }));
        QCOMPARE(g_fast, 1);
        CHECK_PAGE(page({ variant("{", "{" + member + ",") }));
    }
}

void TestBackupPageText::itemKeepsOnlyItsOwnText()
{
    // An item read from its page's text holds a copy of its own bytes, not the page: one item kept
    // must not keep the page (other items, padding) alive.
    const QByteArray item = exampleItem();
    const QByteArray text = page({ item }, ",\"pad\":\"" + QByteArray(1 << 20, 'p') + "\"");
    const auto scanned = PageText::scan(text);
    QVERIFY(scanned);
    const auto read = ProtectedItem::fromArmText(scanned->text, scanned->elements.at(0));
    QVERIFY(read);
    QCOMPARE(read->raw.text().size(), item.size());
    QCOMPARE(read->raw.text(), QByteArrayView(item));
    const char *const begin = scanned->text.constData();
    const char *const at = read->raw.text().data();
    QVERIFY2(at < begin || at >= begin + scanned->text.size(), "the item points into its page's bytes");
}

void TestBackupPageText::scalarAtTheTopIsRefusedAsQtRefusesIt()
{
    // What scan() accepts, QJsonDocument accepts: an object or an array, never a scalar.
    for (const char *text : { "42", "true", "null", "\"s\"", " -1.5 " }) {
        QVERIFY2(!JsonText::scan(text), text);
        QJsonParseError error {};
        QJsonDocument::fromJson(text, &error);
        QVERIFY2(error.error != QJsonParseError::NoError, text);
    }
    QVERIFY(JsonText::scan("{}"));
    QVERIFY(JsonText::scan(" [1] "));
}

void TestBackupPageText::valuesOutsideTheirTextAreRefused()
{
    // fromArmText, members() and elements() are public: a value that does not lie in the text,
    // or does not open and close where it says, is refused (never stepped over).
    using Type = JsonText::Value::Type;
    const QByteArray item = exampleItem();
    QVERIFY(ProtectedItem::fromArmText(item, { Type::Object, 0, item.size() }));
    QByteArray noBrace = item;
    noBrace[0] = 'X'; // the members after it would read as an item
    const QList<JsonText::Value> bad { { Type::Object, 0, noBrace.size() },
                                       { Type::Object, -4, noBrace.size() },
                                       { Type::Object, 0, noBrace.size() + 8 },
                                       { Type::Object, 5, 5 },
                                       { Type::Object, 5, 2 },
                                       { Type::Object, noBrace.size(), noBrace.size() + 1 } };
    for (const JsonText::Value &v : bad) {
        QVERIFY(!ProtectedItem::fromArmText(noBrace, v));
        JsonText::Members members;
        QVERIFY(!JsonText::members(noBrace, v, &members));
        QList<JsonText::Value> elements;
        QVERIFY(!JsonText::elements(noBrace, { Type::Array, v.begin, v.end }, &elements));
        QVERIFY(!JsonText::string(noBrace, { Type::String, v.begin, v.end }));
    }
    QList<JsonText::Value> elements;
    QVERIFY(!JsonText::elements("{1,2]", { Type::Array, 0, 5 }, &elements));
    QVERIFY(!JsonText::elements("[1,2}", { Type::Array, 0, 5 }, &elements));
}

QTEST_GUILESS_MAIN(TestBackupPageText)
#include "tst_backuppagetext.moc"
