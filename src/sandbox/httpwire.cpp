#include "sandbox/httpwire.h"

#include "core/httpsyntax.h"

#include <cstring>

namespace RestoreDesk::Sandbox {

namespace {

using namespace HttpSyntax;

// The methods the API tells apart; any other is "OTHER" (as the server always named them).
QByteArray methodName(QByteArrayView token)
{
    static const char *const known[] = { "GET", "PUT", "DELETE", "POST", "HEAD", "OPTIONS", "PATCH" };
    for (const char *m : known) {
        if (token == m)
            return QByteArray(m);
    }
    return QByteArrayLiteral("OTHER");
}

// Whether the comma-separated list `value` names `token` (case-insensitive).
bool listHas(const QByteArray &value, QByteArrayView token)
{
    for (const QByteArray &part : value.split(',')) {
        if (trimmed(part).compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Where the head that starts at `from` ends (just past its empty line), or -1 while incomplete.
// Lines end in CRLF or a bare LF.
qsizetype headEnd(const QByteArray &buffer, qsizetype from)
{
    qsizetype at = from;
    while (true) {
        const qsizetype lf = buffer.indexOf('\n', at);
        if (lf < 0)
            return -1;
        const qsizetype next = lf + 1;
        if (next < buffer.size() && buffer.at(next) == '\n')
            return next + 1;
        if (next + 1 < buffer.size() && buffer.at(next) == '\r' && buffer.at(next + 1) == '\n')
            return next + 2;
        if (next >= buffer.size() || (next + 1 >= buffer.size() && buffer.at(next) == '\r'))
            return -1;
        at = next;
    }
}

// Whether the trailer block [from, end) (its fields, then the empty line) holds fields as a head
// must: a token, a colon, field text; no folded line and no bare CR (which would let what follows,
// up to the next line feed, be read as a trailer and a request behind it be lost).
bool validTrailers(const QByteArray &buffer, qsizetype from, qsizetype end)
{
    qsizetype at = from;
    while (at < end) {
        qsizetype lf = buffer.indexOf('\n', at);
        if (lf < 0 || lf >= end)
            return false;
        QByteArrayView line(buffer.constData() + at, lf - at);
        if (line.endsWith('\r'))
            line.chop(1);
        at = lf + 1;
        if (line.isEmpty())
            return at == end; // the empty line ends the block
        if (isSpace(line.front()))
            return false; // an obsolete line folding
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)) || !isFieldText(trimmed(line.sliced(colon + 1))))
            return false;
    }
    return false;
}

} // namespace

void HttpRequestReader::feed(const QByteArray &bytes)
{
    if (m_pos > 0 && m_pos == m_buffer.size()) {
        m_buffer = bytes; // shared, not copied, when all before was taken
        m_pos = 0;
        return;
    }
    if (m_pos > 64 * 1024 && m_pos * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(bytes);
}

bool HttpRequestReader::takeContinue()
{
    const bool wanted = m_wantsContinue && m_inBody;
    m_wantsContinue = false;
    return wanted;
}

HttpRequestReader::State HttpRequestReader::bad(int status)
{
    m_badStatus = status;
    m_buffer.clear();
    m_pos = 0;
    m_inBody = false;
    m_chunkBody.clear();
    return State::Bad;
}

HttpRequestReader::State HttpRequestReader::next(HttpRequest *out)
{
    if (!m_inBody) {
        const State head = readHead();
        if (head != State::Request)
            return head;
    }
    return readBody(out);
}

HttpRequestReader::State HttpRequestReader::readHead()
{
    // Empty lines before a request line are ignored (RFC 9112 §2.2).
    while (m_pos < m_buffer.size() && (m_buffer.at(m_pos) == '\r' || m_buffer.at(m_pos) == '\n'))
        ++m_pos;
    const qsizetype end = headEnd(m_buffer, m_pos);
    if (end < 0)
        return m_buffer.size() - m_pos > kMaxHead ? bad(431) : State::NeedMore;
    if (end - m_pos > kMaxHead)
        return bad(431);

    QByteArrayView head(m_buffer.constData() + m_pos, end - m_pos);
    m_head = HttpRequest();
    m_chunked = false;
    m_length = 0;
    m_wantsContinue = false;
    bool first = true;
    bool http10 = false;
    int hosts = 0;
    bool hasLength = false;
    bool hasCoding = false;
    QByteArray contentLength;
    QByteArray transferEncoding;
    QByteArray connection;
    while (!head.isEmpty()) {
        const qsizetype lf = head.indexOf('\n');
        QByteArrayView line = head.first(lf);
        head = head.sliced(lf + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (first) {
            // method SP request-target SP HTTP-version, one space each
            first = false;
            const qsizetype sp1 = line.indexOf(' ');
            const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
            if (sp1 <= 0 || sp2 <= sp1)
                return bad(400);
            const QByteArrayView method = line.first(sp1);
            const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
            const QByteArrayView version = line.sliced(sp2 + 1);
            if (!isToken(method) || target.isEmpty() || !version.startsWith("HTTP/"))
                return bad(400);
            if (version != "HTTP/1.1" && version != "HTTP/1.0")
                return bad(505);
            http10 = version == "HTTP/1.0";
            // origin-form: absolute-path [ "?" query ], visible ASCII only; "*" for OPTIONS alone.
            for (char c : target) {
                if (uchar(c) <= 0x20 || uchar(c) >= 0x7f || c == '#')
                    return bad(400);
            }
            if (!(target.front() == '/' || (target == "*" && method == "OPTIONS")))
                return bad(400);
            m_head.method = methodName(method);
            // The URL from the path and the query, never parsed as one with an authority: "//h/p"
            // is a path.
            const qsizetype question = target.indexOf('?');
            const QByteArrayView path = question < 0 ? target : target.first(question);
            m_head.url.setPath(QString::fromLatin1(path), QUrl::TolerantMode);
            if (question >= 0)
                m_head.url.setQuery(QString::fromLatin1(target.sliced(question + 1)), QUrl::TolerantMode);
            continue;
        }
        if (line.isEmpty())
            break; // the end of the head
        if (isSpace(line.front()))
            return bad(400); // an obsolete line folding (RFC 9112 §5.2)
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return bad(400);
        const QByteArrayView name = line.first(colon);
        const QByteArrayView rawValue = trimmed(line.sliced(colon + 1));
        if (!isToken(name) || !isFieldText(rawValue))
            return bad(400);
        const QByteArray value = rawValue.toByteArray();
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            if (hasLength && contentLength != value)
                return bad(400);
            hasLength = true;
            contentLength = value;
        } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding += hasCoding ? ", " + value : value;
            hasCoding = true;
        } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
            connection += connection.isEmpty() ? value : ", " + value;
        } else if (name.compare("Expect", Qt::CaseInsensitive) == 0) {
            m_wantsContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        } else if (name.compare("Host", Qt::CaseInsensitive) == 0) {
            ++hosts;
        }
        m_head.headers.append({ name.toByteArray(), value });
    }
    m_pos = end;

    if (hosts > 1 || (!http10 && hosts == 0))
        return bad(400); // RFC 9112 §3.2
    if (hasCoding) {
        // Exactly one coding, chunked, and no length beside it: a body read any other way than
        // a peer would is a smuggled request (RFC 9112 §6.1, §6.3). Never in HTTP/1.0.
        if (http10 || hasLength || trimmed(transferEncoding).compare("chunked", Qt::CaseInsensitive) != 0)
            return bad(400);
        m_chunked = true;
        m_chunkPart = ChunkPart::Size;
        m_chunkLeft = 0;
        m_chunkRaw = 0;
        m_chunkLineScanned = 0;
        m_chunkBody.clear();
    } else if (hasLength) {
        qsizetype digits = 0;
        const qsizetype length = leadingNumber(contentLength, 10, kMaxBody, &digits);
        if (digits == 0 || digits != contentLength.size())
            return bad(400);
        if (length > kMaxBody)
            return bad(413);
        m_length = length;
    }
    m_closeAfter = http10 ? !listHas(connection, "keep-alive") : listHas(connection, "close");
    if (!m_chunked && m_length == 0)
        m_wantsContinue = false;
    m_inBody = true;
    return State::Request;
}

HttpRequestReader::State HttpRequestReader::readBody(HttpRequest *out)
{
    if (!m_chunked) {
        if (m_buffer.size() - m_pos < m_length)
            return State::NeedMore;
        *out = std::move(m_head);
        if (m_length > 0)
            out->body = m_buffer.mid(m_pos, m_length);
        m_pos += m_length;
        m_inBody = false;
        return State::Request;
    }
    // chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; last-chunk = 0; then trailer fields
    // and an empty line. Read as it comes, each byte once: m_pos moves past what is taken, the
    // data so far is in m_chunkBody.
    while (true) {
        const qsizetype available = m_buffer.size() - m_pos;
        switch (m_chunkPart) {
        case ChunkPart::Size: {
            const qsizetype from = m_pos + m_chunkLineScanned;
            const qsizetype lf = m_buffer.indexOf('\n', from);
            m_scanned += (lf < 0 ? m_buffer.size() : lf + 1) - from;
            if (lf < 0) {
                m_chunkLineScanned = available;
                return available > kMaxHead ? bad(400) : State::NeedMore;
            }
            m_chunkLineScanned = 0;
            if (lf - m_pos > kMaxHead)
                return bad(400); // refused whether or not its end has come yet
            QByteArrayView line(m_buffer.constData() + m_pos, lf - m_pos);
            if (line.endsWith('\r'))
                line.chop(1);
            qsizetype digits = 0;
            const qsizetype size = leadingNumber(line, 16, kMaxBody, &digits);
            const QByteArrayView extensions = line.sliced(digits);
            if (digits == 0 || !isFieldText(extensions)
                || !(extensions.isEmpty() || trimmed(extensions).startsWith(';')))
                return bad(400);
            // Not m_chunkBody.size() + size: a size near 2^63 would overflow it.
            if (size > kMaxBody - m_chunkBody.size())
                return bad(413);
            m_chunkRaw += lf + 1 - m_pos + size;
            if (m_chunkRaw > kMaxChunked)
                return bad(413);
            m_pos = lf + 1;
            m_chunkLeft = size;
            m_chunkPart = size == 0 ? ChunkPart::Trailers : ChunkPart::Data;
            break;
        }
        case ChunkPart::Data: {
            const qsizetype take = qMin(available, m_chunkLeft);
            m_chunkBody.append(m_buffer.constData() + m_pos, take);
            m_scanned += take;
            m_pos += take;
            m_chunkLeft -= take;
            if (m_chunkLeft > 0)
                return State::NeedMore;
            m_chunkPart = ChunkPart::DataEnd;
            break;
        }
        case ChunkPart::DataEnd: {
            if (available < 1 || (m_buffer.at(m_pos) == '\r' && available < 2))
                return State::NeedMore;
            const qsizetype ending = m_buffer.at(m_pos) == '\r' ? 2 : 1;
            if (m_buffer.at(m_pos + ending - 1) != '\n')
                return bad(400);
            m_scanned += ending;
            m_chunkRaw += ending;
            m_pos += ending;
            m_chunkPart = ChunkPart::Size;
            break;
        }
        case ChunkPart::Trailers: {
            // Trailer fields, then an empty line: bounded as a head is, whether or not their end
            // has come yet.
            qsizetype end = -1;
            if (available >= 1 && m_buffer.at(m_pos) == '\n')
                end = m_pos + 1;
            else if (available >= 2 && m_buffer.at(m_pos) == '\r' && m_buffer.at(m_pos + 1) == '\n')
                end = m_pos + 2;
            else if (available >= 2 || (available == 1 && m_buffer.at(m_pos) != '\r'))
                end = headEnd(m_buffer, m_pos);
            if ((end < 0 ? m_buffer.size() : end) - m_pos > kMaxHead)
                return bad(431);
            if (end < 0)
                return State::NeedMore;
            if (!validTrailers(m_buffer, m_pos, end))
                return bad(400);
            *out = std::move(m_head);
            out->body = std::move(m_chunkBody);
            m_chunkBody = QByteArray();
            m_pos = end;
            m_inBody = false;
            return State::Request;
        }
        }
    }
}

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 204:
        return QByteArrayLiteral("No Content");
    case 302:
        return QByteArrayLiteral("Found");
    case 303:
        return QByteArrayLiteral("See Other");
    case 304:
        return QByteArrayLiteral("Not Modified");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 410:
        return QByteArrayLiteral("Gone");
    case 412:
        return QByteArrayLiteral("Precondition Failed");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 422:
        return QByteArrayLiteral("Unprocessable Content");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    default:
        return QByteArrayLiteral("Unknown");
    }
}

QByteArray httpAnswerHead(int status, const QList<QPair<QByteArray, QByteArray>> &headers,
                          const QByteArray &body, qsizetype room)
{
    bool hasType = false;
    qsizetype size = 64;
    for (const auto &h : headers) {
        hasType = hasType || h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
        size += h.first.size() + h.second.size() + 4;
    }
    QByteArray out;
    out.reserve(size + 64 + room);
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += httpReasonPhrase(status);
    out += "\r\n";
    for (const auto &h : headers) {
        out += h.first;
        out += ": ";
        out += h.second;
        out += "\r\n";
    }
    if (!hasType && !body.isEmpty())
        out += "Content-Type: application/octet-stream\r\n";
    out += "Content-Length: ";
    out += QByteArray::number(body.size());
    out += "\r\n\r\n";
    return out;
}

QByteArray httpAnswer(int status, const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body)
{
    QByteArray out = httpAnswerHead(status, headers, body, body.size());
    out += body;
    return out;
}

} // namespace RestoreDesk::Sandbox
