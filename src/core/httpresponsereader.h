#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace RestoreDesk::Net {

// One HTTP/1.1 answer read off a connection's bytes (RFC 9112), a block at a time: the status
// line, the header fields, and the body by Content-Length, chunked, or up to the close. Interim
// answers (1xx but 101) are skipped. What LoopbackHttp reads its answers with; pure, any thread.
// Refused (Bad, with why()): a status line that is not "HTTP/1.x NNN", a head over kMaxHead, a
// field name that is not a token, a control character (but HT) in a field, a Content-Length that
// is not digits or two that differ, a chunk size that is not hex or too long, a 101, and a body
// over the limit (bodyTooLarge(): by its Content-Length at once, or as it comes).
class HttpResponseReader
{
public:
    enum class State {
        NeedMore, // no whole answer yet
        Response, // whole: status(), headers(), body()
        Bad, // not an answer this reader takes: why()
    };
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    static constexpr qsizetype kMaxHead = 64 * 1024; // status line and fields, or trailers
    static constexpr int kMaxInterim = 16; // 1xx answers before the real one

    explicit HttpResponseReader(qint64 maxBody, bool headRequest = false)
        : m_maxBody(maxBody)
        , m_headRequest(headRequest)
    { }

    // Reads what came. Bytes after a whole answer are kept apart (extraBytes()).
    State feed(QByteArrayView bytes);
    // The peer closed: an answer whose body runs to the close is whole now; anything else
    // unfinished is Bad.
    State closed();
    // Where the next bytes of a body whose length is known may be written directly (nothing else
    // is waiting to be read first): `*room` bytes at the returned place, then bodyFilled() with
    // how many were written. nullptr when the next bytes must go through feed(). Spares a socket
    // reader one copy and one buffer per read.
    char *bodySpace(qsizetype *room);
    State bodyFilled(qsizetype n);

    State state() const { return m_state; }
    // Still reading the status line and fields (of the answer, or of a 1xx before it): a socket
    // reader then feeds small blocks, so the body after the head goes to bodySpace() directly.
    bool readingHead() const { return m_state == State::NeedMore && m_part == Part::Head; }
    bool receivedAnything() const { return m_received > 0; }
    int status() const { return m_status; }
    // In order, names as sent; a name given twice is one field, its values joined with ", "
    // (as Qt's network replies give them).
    const Headers &headers() const { return m_headers; }
    // After Response (nothing otherwise: an unfinished body is not handed out).
    QByteArray takeBody()
    {
        Q_ASSERT(m_state == State::Response);
        return m_state == State::Response ? std::exchange(m_body, {}) : QByteArray();
    }
    // After Response: whether the connection can carry another request (HTTP/1.1, no
    // "Connection: close", the body delimited by its length or chunks, nothing sent after it).
    bool reusable() const;
    qsizetype extraBytes() const { return m_extra; }
    QString why() const { return m_why; }
    bool bodyTooLarge() const { return m_tooLarge; }

private:
    enum class Part { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, UntilClose };
    State run();
    State readHead();
    State startBody();
    State readChunked();
    State bad(QString why);
    State done();
    bool takeLine(QByteArrayView *line); // the next line of the buffer (without CR LF), if whole
    void compact();

    qint64 m_maxBody;
    bool m_headRequest;
    State m_state = State::NeedMore;
    Part m_part = Part::Head;
    QByteArray m_buffer;
    qsizetype m_pos = 0; // first unread byte of m_buffer
    qsizetype m_lineScanned = 0; // bytes after m_pos already searched for a line end
    qsizetype m_headBytes = 0; // bytes of the current head (or trailers) so far
    qint64 m_received = 0;
    int m_status = 0;
    int m_minor = 1;
    int m_interim = 0;
    bool m_sawStatusLine = false;
    Headers m_headers;
    QByteArray m_body;
    qint64 m_length = -1; // Content-Length; -1: none
    qint64 m_fill = 0; // bytes of a body of m_length (sized at once) written so far
    qint64 m_chunkLeft = 0;
    bool m_close = false; // "Connection: close", HTTP/1.0, or a framing that forbids reuse
    bool m_tooLarge = false;
    qsizetype m_extra = 0;
    QString m_why;
};

} // namespace RestoreDesk::Net
