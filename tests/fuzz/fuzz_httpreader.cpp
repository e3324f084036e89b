// libFuzzer entry, differential: any bytes as what a client sends on one connection of the
// sandbox, read by HttpRequestReader whole, one byte at a time, and in pieces whose sizes the bytes
// themselves choose. However the bytes are cut, the same requests must come out, in the same order
// (method, target, header fields, body, whether to close after), and the same refusal (400, 413,
// 431, 505) or the same wait for more; a difference aborts (a finding). Whatever is taken is
// bounded: a head within kMaxHead, a body within kMaxBody. Never a crash, never undefined
// behaviour (built with ASan and UBSan).
#include "sandbox/httpwire.h"

#include <QList>

#include <cstdio>
#include <cstdlib>

using RestoreDesk::Sandbox::HttpRequest;
using RestoreDesk::Sandbox::HttpRequestReader;

namespace {

[[noreturn]] void differ(const char *what)
{
    std::fprintf(stderr, "fuzz_httpreader: the reader's result depends on how the bytes are cut: %s\n", what);
    std::abort();
}

[[noreturn]] void unbounded(const char *what)
{
    std::fprintf(stderr, "fuzz_httpreader: %s\n", what);
    std::abort();
}

struct Taken
{
    QByteArray method;
    QByteArray target;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool closeAfter = false;

    bool operator==(const Taken &o) const
    {
        return method == o.method && target == o.target && headers == o.headers && body == o.body
            && closeAfter == o.closeAfter;
    }
};

struct Outcome
{
    QList<Taken> requests;
    int badStatus = 0; // 0: waiting for more (or nothing left)
    qsizetype buffered = 0;
};

// Feeds `text` to a fresh reader in pieces of the sizes `cut` gives and takes every request as soon
// as it is whole, as HttpConnection does; stops at a refusal (the connection is closed then).
template<typename Cut>
Outcome read(const QByteArray &text, Cut cut)
{
    HttpRequestReader reader;
    Outcome outcome;
    qsizetype at = 0;
    while (at < text.size()) {
        const qsizetype piece = qMin(cut(at), text.size() - at);
        reader.feed(text.mid(at, piece));
        at += piece;
        while (true) {
            HttpRequest request;
            const HttpRequestReader::State state = reader.next(&request);
            if (state == HttpRequestReader::State::NeedMore)
                break;
            if (state == HttpRequestReader::State::Bad) {
                outcome.badStatus = reader.badStatus();
                if (outcome.badStatus != 400 && outcome.badStatus != 413 && outcome.badStatus != 431
                    && outcome.badStatus != 505)
                    unbounded("a refusal with another status");
                return outcome;
            }
            if (request.body.size() > HttpRequestReader::kMaxBody)
                unbounded("a body beyond kMaxBody");
            outcome.requests.append({ request.method, request.url.toEncoded(), request.headers, request.body,
                                      reader.closeAfter() });
            (void)reader.takeContinue();
        }
    }
    outcome.buffered = reader.buffered();
    return outcome;
}

void compare(const Outcome &whole, const Outcome &cut, const char *how)
{
    if (whole.badStatus != cut.badStatus)
        differ(how);
    if (whole.requests.size() != cut.requests.size())
        differ(how);
    for (qsizetype i = 0; i < whole.requests.size(); ++i) {
        if (!(whole.requests.at(i) == cut.requests.at(i)))
            differ(how);
    }
    if (whole.badStatus == 0 && whole.buffered != cut.buffered)
        differ(how);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const Outcome whole = read(text, [&](qsizetype) { return text.size(); });
    // The shortest request is "A * HTTP/1.1\n\n", 14 bytes.
    if (whole.requests.size() > text.size() / 14)
        unbounded("more requests than the bytes can hold");
    compare(whole, read(text, [](qsizetype) { return qsizetype(1); }), "one byte at a time");
    // Pieces of 1..64 bytes, their sizes chosen by the bytes at each cut.
    compare(whole, read(text, [&](qsizetype at) { return qsizetype(uchar(text.at(at)) % 64 + 1); }),
            "in pieces");
    return 0;
}
