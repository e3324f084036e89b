#pragma once

#include "sandbox/httpmessage.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace RestoreDesk::Sandbox {

// HTTP/1.1 requests read off a connection's bytes (RFC 9112), a block at a time: the request line,
// the header fields, and a body by Content-Length or chunked. The sandbox's own reader: Qt HTTP
// Server 6.4 read a request one byte per QIODevice::read(), about half of the sandbox's work per
// request. Feed it what arrives; take whole requests, in order, as they complete.
class HttpRequestReader
{
public:
    enum class State {
        NeedMore, // no whole request yet
        Request, // one taken
        Bad, // the bytes are not a request this reader takes: answer badStatus() and close
    };

    static constexpr qsizetype kMaxHead = 64 * 1024; // request line and header fields
    static constexpr qsizetype kMaxBody = 32 * 1024 * 1024;
    // The raw bytes of a chunked body (chunk sizes, extensions, data and line ends): 413 beyond.
    static constexpr qsizetype kMaxChunked = 2 * kMaxBody;

    void feed(const QByteArray &bytes);
    // The next whole request fed: its method, url (the request target as received), headers (in
    // order, names as sent) and body. Nothing of `out` is defined unless Request.
    State next(HttpRequest *out);
    // After Request: whether the client asked to close the connection after the answer
    // (Connection: close, or HTTP/1.0 without keep-alive).
    bool closeAfter() const { return m_closeAfter; }
    // After Bad: the status to answer (400, 413, 431, 505). Refused with 400 (RFC 9112): a
    // Transfer-Encoding other than exactly one "chunked", beside a Content-Length or in HTTP/1.0;
    // a Content-Length or chunk size other than digits; a field name not a token; a control
    // character (but HT), NUL or bare CR in a field value; an obsolete line folding; a request
    // target not in origin-form ("*" for OPTIONS); HTTP/1.1 without exactly one Host.
    int badStatus() const { return m_badStatus; }
    // Once per request, true when its head asked "Expect: 100-continue" and its body is still to
    // come: the client waits for an interim 100 before it sends the body.
    bool takeContinue();
    // Bytes fed and not yet taken.
    qsizetype buffered() const { return m_buffer.size() - m_pos; }
    // The bytes of chunked bodies looked at so far: each once (a test's measure of the work).
    qsizetype scanned() const { return m_scanned; }

private:
    State readHead();
    State readBody(HttpRequest *out);
    State bad(int status);

    QByteArray m_buffer;
    qsizetype m_pos = 0; // where the next request (or the pending body) starts
    bool m_inBody = false;
    // The head of the request whose body is awaited.
    HttpRequest m_head;
    bool m_chunked = false;
    qsizetype m_length = 0;
    // A chunked body read so far: m_pos is where its next unread part starts.
    enum class ChunkPart { Size, Data, DataEnd, Trailers };
    ChunkPart m_chunkPart = ChunkPart::Size;
    qsizetype m_chunkLeft = 0; // data bytes of the current chunk still to come
    qsizetype m_chunkRaw = 0; // raw bytes of the body taken
    qsizetype m_chunkLineScanned = 0; // bytes of a chunk-size line already looked at for its end
    QByteArray m_chunkBody;
    bool m_closeAfter = false;
    bool m_wantsContinue = false;
    int m_badStatus = 0;
    qsizetype m_scanned = 0;
};

// One HTTP/1.1 answer as it goes on the wire, status line to body: `headers` in order, then
// Content-Type (application/octet-stream, when a body has none) and Content-Length.
QByteArray httpAnswer(int status, const QList<QPair<QByteArray, QByteArray>> &headers,
                      const QByteArray &body);
// The same answer's head alone, status line to the empty line, with `room` bytes reserved after
// it: a large body can then go to the socket as it is, shared rather than copied behind the head.
QByteArray httpAnswerHead(int status, const QList<QPair<QByteArray, QByteArray>> &headers,
                          const QByteArray &body, qsizetype room = 0);
QByteArray httpReasonPhrase(int status);

} // namespace RestoreDesk::Sandbox
