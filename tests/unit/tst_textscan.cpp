// TextScan (the searches over string text the page readers step with) and JsonText's key tags:
// each search, in every build's variant (SSE2 and the 64-bit words), gives what a byte-by-byte
// reference gives, for every byte value at every position of runs of every length around the
// sixteen- and eight-byte steps, on and off their alignment; the key tag tells keys apart as find()
// needs (a short key by the tag alone).
#include "core/jsontext.h"
#include "core/textscan.h"

#include <QRandomGenerator>
#include <QTest>

using namespace RestoreDesk;

namespace {

using Search = const char *(*)(const char *, const char *);

const char *referenceQuoteOrBackslash(const char *p, const char *end)
{
    for (; p != end; ++p) {
        if (*p == '"' || *p == '\\')
            return p;
    }
    return end;
}

const char *referenceNotPlain(const char *p, const char *end)
{
    for (; p != end; ++p) {
        const auto c = uchar(*p);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
            return p;
    }
    return end;
}

struct Variant
{
    const char *name;
    Search search;
    Search reference;
};

QList<Variant> variants()
{
    QList<Variant> out {
        { "quoteOrBackslash", TextScan::quoteOrBackslash, referenceQuoteOrBackslash },
        { "quoteOrBackslashByWords", TextScan::Detail::quoteOrBackslashByWords, referenceQuoteOrBackslash },
        { "notPlain", TextScan::notPlain, referenceNotPlain },
        { "notPlainByWords", TextScan::Detail::notPlainByWords, referenceNotPlain },
    };
#ifdef __SSE2__
    out.append(
        { "quoteOrBackslashBySse2", TextScan::Detail::quoteOrBackslashBySse2, referenceQuoteOrBackslash });
    out.append({ "notPlainBySse2", TextScan::Detail::notPlainBySse2, referenceNotPlain });
#endif
    return out;
}

} // namespace

class TestTextScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyByteAtEveryPosition();
    void stopsAtItsEndNotAfter();
    void randomTextAgreesWithTheReference();
    void closingQuoteStepsOverEscapes();
    void keyTagsTellKeysApart();
    void findByTagIsFindByKey();
};

void TestTextScan::everyByteAtEveryPosition()
{
    // A run of plain text with one byte of every value put at each position, at alignments on
    // and off the eight- and sixteen-byte steps: the first stop is where the reference says.
    QByteArray buffer(16 + 48, 'a');
    for (const Variant &v : variants()) {
        for (const int align : { 0, 1, 3, 8, 15 }) {
            for (int length = 0; length <= 40; ++length) {
                char *const begin = buffer.data() + align;
                const char *const end = begin + length;
                for (int at = 0; at < length; ++at) {
                    for (int byte = 0; byte < 256; ++byte) {
                        std::fill(begin, begin + length, 'a');
                        begin[at] = char(byte);
                        const char *got = v.search(begin, end);
                        const char *want = v.reference(begin, end);
                        if (got != want)
                            QFAIL(qPrintable(
                                QStringLiteral("%1: byte 0x%2 at %3 of %4 (alignment %5): stopped at "
                                               "%6, not %7")
                                    .arg(QLatin1String(v.name))
                                    .arg(byte, 2, 16, QLatin1Char('0'))
                                    .arg(at)
                                    .arg(length)
                                    .arg(align)
                                    .arg(got - begin)
                                    .arg(want - begin)));
                    }
                }
                // Nothing to stop at: the end.
                std::fill(begin, begin + length, 'a');
                QCOMPARE(v.search(begin, end) - begin, qptrdiff(length));
            }
        }
    }
}

void TestTextScan::stopsAtItsEndNotAfter()
{
    // Plain bytes up to the end and one past it, then every kind of stop: a search that read past
    // its end would stop there (one byte beyond the end) instead of at the end.
    for (const Variant &v : variants()) {
        for (int length = 0; length <= 40; ++length) {
            const QByteArray text
                = QByteArray(length + 1, 'x') + QByteArray("\"\\\x01\xff\x7f", 5).repeated(8);
            QCOMPARE(v.search(text.constData(), text.constData() + length) - text.constData(),
                     qptrdiff(length));
        }
    }
}

void TestTextScan::randomTextAgreesWithTheReference()
{
    // Mostly plain text with rare stops of every kind, searched from every stop to the next.
    QRandomGenerator random(20261203);
    for (int round = 0; round < 200; ++round) {
        QByteArray text(int(random.bounded(1, 400)), '\0');
        for (char &c : text) {
            const quint32 r = random.bounded(100u);
            c = r < 2   ? '"'
                : r < 3 ? '\\'
                : r < 4 ? char(random.bounded(256u))
                        : char(random.bounded(0x20u, 0x7fu));
        }
        for (const Variant &v : variants()) {
            const char *p = text.constData();
            const char *const end = p + text.size();
            while (true) {
                const char *got = v.search(p, end);
                QCOMPARE(got, v.reference(p, end));
                if (got == end)
                    break;
                p = got + 1;
            }
        }
    }
}

void TestTextScan::closingQuoteStepsOverEscapes()
{
    // (body after the opening quote, where its closing quote is or -1 when the text ends first,
    // whether it holds an escape)
    const struct
    {
        QByteArray body;
        int quote;
        bool escaped;
    } cases[] = {
        { R"(abc"x)", 3, false },
        { R"(a\"b"x)", 4, true },
        { R"(a\\"x)", 3, true },
        { R"(a\\\"b")", 6, true },
        { QByteArray(40, 'x') + R"(\n")", 42, true },
        { R"(abc)", -1, false },
        { R"(abc\)", -1, true },
        { R"(abc\")", -1, true },
        { "", -1, false },
    };
    for (const auto &c : cases) {
        bool escaped = false;
        const char *begin = c.body.constData();
        const char *end = begin + c.body.size();
        const char *quote = TextScan::closingQuote(begin, end, &escaped);
        QCOMPARE(quote == end ? -1 : int(quote - begin), c.quote);
        QCOMPARE(escaped, c.escaped);
        QCOMPARE(TextScan::closingQuote(begin, end), quote);
    }
}

void TestTextScan::keyTagsTellKeysApart()
{
    using JsonText::keyTag;
    QCOMPARE(keyTag("id"), keyTag(QByteArray("id")));
    QVERIFY(keyTag("id") != keyTag("ID"));
    QVERIFY(keyTag("id") != keyTag("idx"));
    QVERIFY(keyTag("") != keyTag("a"));
    QVERIFY(keyTag("abcdefg") != keyTag("abcdefh"));
    QVERIFY(keyTag("abcdefg") != keyTag("abcdefgh")); // the length tells them apart
    // Keys longer than seven bytes that begin alike share a tag when their lengths are equal (or
    // both past 255): find() then compares their bytes.
    QCOMPARE(keyTag("protectedItemType"), keyTag("protectedItemTypo"));
    QCOMPARE(keyTag(QByteArray(300, 'k')), keyTag(QByteArray(256, 'k')));
    // A key with a zero byte is still its length and its bytes.
    QVERIFY(keyTag(QByteArrayView("a\0", 2)) != keyTag("a"));
}

namespace {

// The members of the object `text` holds, stepped over and from the scan's index.
struct Scanned
{
    QByteArray text;
    JsonText::Index index;
    JsonText::Value top;
    JsonText::Members storage;
    JsonText::MemberSpan stepped;
    JsonText::MemberSpan indexed;
};

bool scanObject(const QByteArray &text, Scanned *out)
{
    out->text = text;
    const auto top = JsonText::scan(out->text, &out->index);
    if (!top)
        return false;
    out->top = *top;
    JsonText::Members unused;
    return JsonText::members(out->text, *top, &out->stepped, &out->storage, nullptr)
        && JsonText::members(out->text, *top, &out->indexed, &unused, &out->index);
}

QString valueOf(const Scanned &s, JsonText::MemberSpan members, QByteArrayView key, bool *unsure)
{
    const JsonText::Member *m = JsonText::find(members, key, unsure);
    return m ? JsonText::string(s.text, m->value).value_or(QStringLiteral("(refused)"))
             : QStringLiteral("(none)");
}

} // namespace

void TestTextScan::findByTagIsFindByKey()
{
    // Keys that share a tag (same length, same first seven bytes) and short keys that differ in
    // one byte: each lookup finds the member its key names and is sure, stepped over or indexed.
    Scanned s;
    QVERIFY(scanObject(R"({"protectedItemType": "1", "protectedItemTypo": "2", "id": "3", "i": "4",
        "long_key_number_one": "6", "long_key_number_two": "7", "abcdefg": "8", "abcdefh": "9"})",
                       &s));
    QCOMPARE(s.stepped.count, 8);
    QCOMPARE(s.indexed.count, 8);
    QVERIFY(s.indexed.first != s.stepped.first); // the index's run, not a copy
    for (const JsonText::MemberSpan members : { s.stepped, s.indexed }) {
        bool unsure = false;
        QCOMPARE(valueOf(s, members, "protectedItemType", &unsure), QStringLiteral("1"));
        QCOMPARE(valueOf(s, members, "protectedItemTypo", &unsure), QStringLiteral("2"));
        QCOMPARE(valueOf(s, members, "id", &unsure), QStringLiteral("3"));
        QCOMPARE(valueOf(s, members, "i", &unsure), QStringLiteral("4"));
        QCOMPARE(valueOf(s, members, "long_key_number_two", &unsure), QStringLiteral("7"));
        QCOMPARE(valueOf(s, members, "long_key_number_six", &unsure), QStringLiteral("(none)"));
        QCOMPARE(valueOf(s, members, "abcdefh", &unsure), QStringLiteral("9"));
        QCOMPARE(valueOf(s, members, "abcdefi", &unsure), QStringLiteral("(none)"));
        QCOMPARE(valueOf(s, members, "", &unsure), QStringLiteral("(none)"));
        QVERIFY(!unsure);
    }

    // A key written with an escape may spell any key: every lookup in its object is unsure.
    Scanned escaped;
    QVERIFY(scanObject(R"({"k\u0065y": "5", "name": "n"})", &escaped));
    for (const JsonText::MemberSpan members : { escaped.stepped, escaped.indexed }) {
        bool unsure = false;
        valueOf(escaped, members, "name", &unsure);
        QVERIFY(unsure);
    }

    // A key written twice: which one counts is Qt's business, so that lookup is unsure; another
    // key of the same object is not.
    Scanned twice;
    QVERIFY(scanObject(R"({"policyName": "a", "policyName": "b", "name": "c"})", &twice));
    for (const JsonText::MemberSpan members : { twice.stepped, twice.indexed }) {
        bool unsure = false;
        QCOMPARE(valueOf(twice, members, "name", &unsure), QStringLiteral("c"));
        QVERIFY(!unsure);
        valueOf(twice, members, "policyName", &unsure);
        QVERIFY(unsure);
    }

    // members() over a value that is not an object of the text: refused, either way.
    JsonText::Members storage;
    JsonText::MemberSpan span;
    QVERIFY(!JsonText::members(s.text, JsonText::Value { JsonText::Value::Type::Object, 1, 5 }, &span,
                               &storage, &s.index));
    QVERIFY(!JsonText::members(s.text,
                               JsonText::Value { JsonText::Value::Type::Array, s.top.begin, s.top.end },
                               &span, &storage, nullptr));
}

QTEST_APPLESS_MAIN(TestTextScan)
#include "tst_textscan.moc"
