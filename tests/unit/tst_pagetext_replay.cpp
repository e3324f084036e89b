// The differential check of fuzz_pagetext (list pages read from their text against QJsonDocument;
// a difference aborts) replayed from a plain main in every build, so it can fail in CI: the page
// of every example in tests/data/arm/ (its responses["200"].body, what the service sends: the
// example file itself is swagger's wrapper, not a page), and saved hostile inputs (decoy members
// inside strings, escapes at the edges of what Qt reads, scalars at the top, values cut short).
#include "../fuzz/fuzz_pagetext.cpp"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

int main()
{
    int inputs = 0;
    auto replay = [&inputs](const QByteArray &text) {
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(text.constData()), size_t(text.size()));
        ++inputs;
    };
    const QDir dir(QStringLiteral(RD_TEST_DATA_DIR "/arm"));
    const QStringList files = dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    int pages = 0;
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(name));
            return 1;
        }
        const QJsonValue body = QJsonDocument::fromJson(file.readAll())
                                    .object()
                                    .value(QStringLiteral("responses"))
                                    .toObject()
                                    .value(QStringLiteral("200"))
                                    .toObject()
                                    .value(QStringLiteral("body"));
        if (!body.isObject())
            continue; // no 200 answer with a body (a 202, a 204)
        ++pages;
        // As a service writes it: indented (the examples' own layout) and compact (ARM's).
        for (const auto format : { QJsonDocument::Indented, QJsonDocument::Compact }) {
            const QByteArray text = QJsonDocument(body.toObject()).toJson(format);
            replay(text);
            // Each body also as a page's only element.
            replay("{\"value\":[" + text + "],\"nextLink\":null}");
        }
    }
    static const char *const kHostile[] = {
        R"({"x":"a\\\",\"nextLink\":\"https://evil\"","value":[]})",
        R"({"x":"a\\\\","nextLink":"https://ok","value":[]})",
        R"({"x":"\\\",\"value\":[1],\"y\":\"","value":[],"nextLink":null})",
        R"({"value":[],"nextLink":"a\u0000b"})",
        R"({"value":[],"nextLink":"a\udc00b"})",
        R"({"value":[],"nextLink":"a\ud800\u0041"})",
        R"({"value":[],"nextLink":"a\ud800"})",
        R"({"value":[{"id":"/x","properties":{"extendedInfo.policyState":"a"}}]})",
        R"({"value":[{"id":"\u0000","properties":{}}]})",
        R"({"value":[],"value":[1]})",
        R"({"v\u0061lue":[1],"value":[]})",
        "42",
        "true",
        "\"value\"",
        R"({"value":[{"id":"/x"},)",
        R"({"value":[1e5,12345678901234567890,-0,0.5]})",
    };
    for (const char *text : kHostile)
        replay(QByteArray(text));
    if (pages == 0) {
        std::fprintf(stderr, "no example answers (responses[\"200\"].body) in %s\n", RD_TEST_DATA_DIR "/arm");
        return 1;
    }
    std::printf("replayed %d inputs (the pages of %d examples): the text reader and QJsonDocument agree\n",
                inputs, pages);
    return 0;
}
