#include "core/httpresponsereader.h"

#include "core/httpsyntax.h"

#include <QHash>

#include <cstring>

namespace RestoreDesk::Net {

namespace {

using namespace HttpSyntax;

constexpr qsizetype kMaxChunkLine = 4096; // a chunk size and its extensions

bool isDigits(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// The comma-separated elements of a field value, trimmed, empty ones dropped (RFC 9110 §5.6.1).
QList<QByteArrayView> elements(QByteArrayView value)
{
    QList<QByteArrayView> out;
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView e = trimmed(comma < 0 ? value : value.first(comma));
        if (!e.isEmpty())
            out << e;
        if (comma < 0)
            break;
        value = value.sliced(comma + 1);
    }
    return out;
}

} // namespace

HttpResponseReader::State HttpResponseReader::feed(QByteArrayView bytes)
{
    if (m_state == State::Response) {
        m_extra += bytes.size();
        return m_state;
    }
    if (m_state != State::NeedMore || bytes.isEmpty())
        return m_state;
    m_received += bytes.size();
    compact();
    if (m_pos == m_buffer.size() && m_part == Part::Body) {
        // The body's bytes go where they belong, not through the buffer first.
        const qsizetype n = qMin(qsizetype(m_length - m_fill), bytes.size());
        std::memcpy(m_body.data() + m_fill, bytes.data(), size_t(n));
        m_fill += n;
        if (m_fill == m_length) {
            m_buffer = bytes.sliced(n).toByteArray();
            m_pos = 0;
            return done();
        }
        return m_state;
    }
    m_buffer.append(bytes);
    return run();
}

char *HttpResponseReader::bodySpace(qsizetype *room)
{
    if (m_state != State::NeedMore || m_part != Part::Body || m_pos != m_buffer.size())
        return nullptr;
    *room = qsizetype(m_length - m_fill);
    return m_body.data() + m_fill;
}

HttpResponseReader::State HttpResponseReader::bodyFilled(qsizetype n)
{
    Q_ASSERT(m_part == Part::Body && n >= 0 && m_fill + n <= m_length);
    m_received += n;
    m_fill += n;
    if (m_fill == m_length)
        return done();
    return m_state;
}

HttpResponseReader::State HttpResponseReader::closed()
{
    if (m_state != State::NeedMore)
        return m_state;
    if (m_part == Part::UntilClose)
        return done();
    if (m_received == 0)
        return bad(QStringLiteral("the connection closed before any answer"));
    return bad(QStringLiteral("the connection closed before the answer was complete"));
}

bool HttpResponseReader::reusable() const
{
    return m_state == State::Response && !m_close && m_extra == 0;
}

void HttpResponseReader::compact()
{
    if (m_pos == 0)
        return;
    if (m_pos == m_buffer.size()) {
        m_buffer.resize(0);
        m_pos = 0;
    } else if (m_pos >= 16 * 1024) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
}

HttpResponseReader::State HttpResponseReader::bad(QString why)
{
    m_state = State::Bad;
    m_why = std::move(why);
    m_buffer = {};
    m_body = {};
    m_pos = 0;
    return m_state;
}

HttpResponseReader::State HttpResponseReader::done()
{
    m_state = State::Response;
    m_extra = m_buffer.size() - m_pos;
    m_buffer = {};
    m_pos = 0;
    return m_state;
}

bool HttpResponseReader::takeLine(QByteArrayView *line)
{
    const char *begin = m_buffer.constData() + m_pos;
    const qsizetype avail = m_buffer.size() - m_pos;
    const void *nl = std::memchr(begin + m_lineScanned, '\n', size_t(avail - m_lineScanned));
    if (!nl) {
        m_lineScanned = avail;
        return false;
    }
    const qsizetype length = static_cast<const char *>(nl) - begin;
    *line = QByteArrayView(begin, length);
    if (line->endsWith('\r'))
        line->chop(1);
    m_pos += length + 1;
    m_lineScanned = 0;
    m_headBytes += length + 1;
    return true;
}

HttpResponseReader::State HttpResponseReader::run()
{
    while (m_state == State::NeedMore) {
        const qsizetype avail = m_buffer.size() - m_pos;
        switch (m_part) {
        case Part::Head:
            if (readHead() != State::NeedMore || m_part == Part::Head)
                return m_state; // whole, refused, or the head is still to come
            break; // the body follows
        case Part::Body: {
            const qsizetype n = qMin(avail, qsizetype(m_length - m_fill));
            std::memcpy(m_body.data() + m_fill, m_buffer.constData() + m_pos, size_t(n));
            m_pos += n;
            m_fill += n;
            if (m_fill == m_length)
                return done();
            return m_state;
        }
        case Part::UntilClose:
            if (m_body.size() + avail > m_maxBody) {
                m_tooLarge = true;
                return bad(QStringLiteral("the answer's body is larger than %1 bytes").arg(m_maxBody));
            }
            m_body.append(m_buffer.constData() + m_pos, avail);
            m_pos += avail;
            return m_state;
        case Part::ChunkSize:
        case Part::ChunkData:
        case Part::ChunkDataEnd:
        case Part::Trailers:
            return readChunked();
        }
    }
    return m_state;
}

HttpResponseReader::State HttpResponseReader::readHead()
{
    QByteArrayView line;
    while (true) {
        if (!takeLine(&line)) {
            if (m_headBytes + (m_buffer.size() - m_pos) > kMaxHead)
                return bad(QStringLiteral("the answer's head is longer than %1 bytes").arg(kMaxHead));
            return m_state;
        }
        if (m_headBytes > kMaxHead)
            return bad(QStringLiteral("the answer's head is longer than %1 bytes").arg(kMaxHead));
        if (!m_sawStatusLine) {
            // HTTP-version SP status-code [SP reason-phrase]
            if (line.size() < 12 || !line.startsWith("HTTP/1.") || line.at(7) < '0' || line.at(7) > '9'
                || line.at(8) != ' ' || !isDigits(line.sliced(9, 3))
                || (line.size() > 12 && line.at(12) != ' ') || !isFieldText(line))
                return bad(QStringLiteral("the answer does not start with an HTTP/1.x status line"));
            m_minor = line.at(7) - '0';
            m_status = line.sliced(9, 3).toInt();
            if (m_status < 100)
                return bad(QStringLiteral("the answer's status %1 is not an HTTP status").arg(m_status));
            m_sawStatusLine = true;
            continue;
        }
        if (line.isEmpty()) {
            if (m_status >= 200)
                return startBody();
            if (m_status == 101)
                return bad(QStringLiteral("the answer switches protocols, which this client does not"));
            // An interim answer (100 Continue, 103 Early Hints): the real one follows.
            if (++m_interim > kMaxInterim)
                return bad(QStringLiteral("the answer sends more than %1 interim answers").arg(kMaxInterim));
            m_sawStatusLine = false;
            m_headers.clear();
            m_headBytes = 0;
            continue;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            // Obsolete line folding: one field value on two lines, joined with a space
            // (RFC 9112 §5.2 asks a user agent to do exactly that).
            if (m_headers.isEmpty() || !isFieldText(line))
                return bad(QStringLiteral("the answer's head has a malformed field"));
            m_headers.last().second += ' ' + trimmed(line).toByteArray();
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return bad(QStringLiteral("the answer's head has a malformed field"));
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (!isFieldText(value))
            return bad(QStringLiteral("the answer's head has a control character in a field"));
        m_headers.append({ line.first(colon).toByteArray(), value.toByteArray() });
    }
}

HttpResponseReader::State HttpResponseReader::startBody()
{
    // One field per name, values joined as Qt's replies join them.
    Headers joined;
    joined.reserve(m_headers.size());
    QHash<QByteArray, qsizetype> at;
    for (auto &h : m_headers) {
        const QByteArray key = h.first.toLower();
        const auto found = at.constFind(key);
        if (found == at.cend()) {
            at.insert(key, joined.size());
            joined.append(std::move(h));
            continue;
        }
        QByteArray &value = joined[*found].second;
        value += (key == "set-cookie" ? "\n" : ", ") + h.second;
    }
    m_headers = std::move(joined);
    m_headBytes = 0;

    QByteArrayView transferEncoding;
    QByteArrayView contentLength;
    bool hasTransferEncoding = false;
    bool hasContentLength = false;
    for (const auto &h : std::as_const(m_headers)) {
        if (h.first.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding = h.second;
            hasTransferEncoding = true;
        } else if (h.first.compare("content-length", Qt::CaseInsensitive) == 0) {
            contentLength = h.second;
            hasContentLength = true;
        } else if (h.first.compare("connection", Qt::CaseInsensitive) == 0) {
            for (QByteArrayView option : elements(h.second)) {
                if (option.compare("close", Qt::CaseInsensitive) == 0)
                    m_close = true;
            }
        }
    }
    if (m_minor == 0)
        m_close = true; // HTTP/1.0: one answer per connection here
    if (m_headRequest || m_status == 204 || m_status == 304)
        return done();
    if (hasTransferEncoding) {
        const QList<QByteArrayView> codings = elements(transferEncoding);
        if (codings.size() != 1 || codings.first().compare("chunked", Qt::CaseInsensitive) != 0)
            return bad(QStringLiteral("the answer's transfer coding is not chunked"));
        if (hasContentLength)
            m_close = true; // both: the length is ignored, and the connection is not trusted again
        m_part = Part::ChunkSize;
        return m_state;
    }
    if (hasContentLength) {
        qint64 length = -1;
        for (QByteArrayView v : elements(contentLength)) {
            if (!isDigits(v) || v.size() > 18)
                return bad(QStringLiteral("the answer's Content-Length is not a number"));
            const qint64 n = v.toLongLong();
            if (length >= 0 && n != length)
                return bad(QStringLiteral("the answer gives two different Content-Lengths"));
            length = n;
        }
        if (length < 0)
            return bad(QStringLiteral("the answer's Content-Length is not a number"));
        if (length > m_maxBody) {
            m_tooLarge = true;
            return bad(QStringLiteral("the answer's body is larger than %1 bytes").arg(m_maxBody));
        }
        m_length = length;
        if (length == 0)
            return done();
        m_body.resize(length); // written in place as it comes (m_fill)
        m_fill = 0;
        m_part = Part::Body;
        return m_state;
    }
    m_close = true; // the body runs to the close
    m_part = Part::UntilClose;
    return m_state;
}

HttpResponseReader::State HttpResponseReader::readChunked()
{
    QByteArrayView line;
    while (m_state == State::NeedMore) {
        const qsizetype avail = m_buffer.size() - m_pos;
        switch (m_part) {
        case Part::ChunkSize: {
            m_headBytes = 0;
            if (!takeLine(&line)) {
                if (avail > kMaxChunkLine)
                    return bad(QStringLiteral("the answer's chunk size line is too long"));
                return m_state;
            }
            if (m_headBytes > kMaxChunkLine)
                return bad(QStringLiteral("the answer's chunk size line is too long"));
            qsizetype digits = 0;
            const qint64 size = leadingNumber(line, 16, qsizetype(1) << 58, &digits);
            if (digits > 15)
                return bad(QStringLiteral("the answer's chunk size is too large"));
            const QByteArrayView rest = trimmed(line.sliced(digits));
            if (digits == 0 || (!rest.isEmpty() && rest.front() != ';') || !isFieldText(rest))
                return bad(QStringLiteral("the answer's chunk size is not hexadecimal"));
            if (size == 0) {
                m_part = Part::Trailers;
                m_headBytes = 0;
                break;
            }
            if (m_body.size() + size > m_maxBody) {
                m_tooLarge = true;
                return bad(QStringLiteral("the answer's body is larger than %1 bytes").arg(m_maxBody));
            }
            m_chunkLeft = size;
            m_part = Part::ChunkData;
            break;
        }
        case Part::ChunkData: {
            const qsizetype n = qsizetype(qMin<qint64>(avail, m_chunkLeft));
            m_body.append(m_buffer.constData() + m_pos, n);
            m_pos += n;
            m_chunkLeft -= n;
            if (m_chunkLeft > 0)
                return m_state;
            m_part = Part::ChunkDataEnd;
            break;
        }
        case Part::ChunkDataEnd: {
            if (avail < 1)
                return m_state;
            const char c = m_buffer.at(m_pos);
            if (c == '\n') {
                m_pos += 1;
            } else if (c == '\r') {
                if (avail < 2)
                    return m_state;
                if (m_buffer.at(m_pos + 1) != '\n')
                    return bad(QStringLiteral("the answer's chunk does not end where its size says"));
                m_pos += 2;
            } else {
                return bad(QStringLiteral("the answer's chunk does not end where its size says"));
            }
            m_part = Part::ChunkSize;
            break;
        }
        case Part::Trailers:
            if (!takeLine(&line)) {
                if (m_headBytes + avail > kMaxHead)
                    return bad(
                        QStringLiteral("the answer's trailers are longer than %1 bytes").arg(kMaxHead));
                return m_state;
            }
            if (m_headBytes > kMaxHead)
                return bad(QStringLiteral("the answer's trailers are longer than %1 bytes").arg(kMaxHead));
            if (line.isEmpty())
                return done();
            // Trailer fields are read to their end and dropped (nothing here asks for one), held
            // to a head's rules.
            if (const qsizetype colon = line.indexOf(':');
                colon <= 0 || !isToken(line.first(colon)) || !isFieldText(line.sliced(colon + 1)))
                return bad(QStringLiteral("the answer's trailers have a malformed field"));
            break;
        case Part::Head:
        case Part::Body:
        case Part::UntilClose:
            return m_state;
        }
    }
    return m_state;
}

} // namespace RestoreDesk::Net
