#include "sandbox/httpwire.h"

namespace RestoreDesk::Sandbox {

namespace {

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

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && isSpace(v.front()))
        v = v.sliced(1);
    while (!v.isEmpty() && (isSpace(v.back()) || v.back() == '\r'))
        v.chop(1);
    return v;
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
            // method SP request-target SP HTTP-version
            first = false;
            const qsizetype sp1 = line.indexOf(' ');
            const qsizetype sp2 = sp1 < 0 ? -1 : line.lastIndexOf(' ');
            if (sp1 <= 0 || sp2 <= sp1)
                return bad(400);
            const QByteArrayView target = trimmed(line.sliced(sp1 + 1, sp2 - sp1 - 1));
            const QByteArrayView version = line.sliced(sp2 + 1);
            if (target.isEmpty() || !version.startsWith("HTTP/"))
                return bad(400);
            if (version != "HTTP/1.1" && version != "HTTP/1.0")
                return bad(505);
            http10 = version == "HTTP/1.0";
            m_head.method = methodName(line.first(sp1));
            m_head.url = QUrl::fromEncoded(target.toByteArray());
            continue;
        }
        if (line.isEmpty())
            break; // the end of the head
        if (isSpace(line.front())) {
            // An obsolete line folding: part of the field before it, joined by a space.
            if (m_head.headers.isEmpty())
                return bad(400);
            QByteArray &value = m_head.headers.last().second;
            value += ' ';
            value += trimmed(line);
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || isSpace(line.at(colon - 1)))
            return bad(400);
        const QByteArrayView name = line.first(colon);
        const QByteArray value = trimmed(line.sliced(colon + 1)).toByteArray();
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            if (!contentLength.isNull() && contentLength != value)
                return bad(400);
            contentLength = value;
        } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding += transferEncoding.isEmpty() ? value : ", " + value;
        } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
            connection += connection.isEmpty() ? value : ", " + value;
        } else if (name.compare("Expect", Qt::CaseInsensitive) == 0) {
            m_wantsContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        }
        m_head.headers.append({ name.toByteArray(), value });
    }
    m_pos = end;

    if (!transferEncoding.isEmpty()) {
        // Only chunked is taken, as the last coding (RFC 9112 §6.3); a length beside it is ignored.
        const QList<QByteArray> codings = transferEncoding.split(',');
        if (trimmed(codings.last()).compare("chunked", Qt::CaseInsensitive) != 0)
            return bad(400);
        m_chunked = true;
    } else if (!contentLength.isNull()) {
        bool ok = false;
        const qlonglong length = contentLength.toLongLong(&ok);
        if (!ok || length < 0 || contentLength.startsWith('+') || contentLength.startsWith('-'))
            return bad(400);
        if (length > kMaxBody)
            return bad(413);
        m_length = qsizetype(length);
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
    // and an empty line. Read from the body's start each time until all of it is here.
    QByteArray body;
    qsizetype at = m_pos;
    while (true) {
        const qsizetype lf = m_buffer.indexOf('\n', at);
        if (lf < 0)
            return m_buffer.size() - at > kMaxHead ? bad(400) : State::NeedMore;
        if (lf - at > kMaxHead)
            return bad(400); // refused whether or not its end has come yet
        QByteArrayView sizeLine = trimmed(QByteArrayView(m_buffer.constData() + at, lf - at));
        if (const qsizetype semicolon = sizeLine.indexOf(';'); semicolon >= 0)
            sizeLine = trimmed(sizeLine.first(semicolon));
        bool ok = false;
        const qlonglong size = sizeLine.isEmpty() ? -1 : sizeLine.toLongLong(&ok, 16);
        if (!ok || size < 0)
            return bad(400);
        if (size > kMaxBody - body.size()) // not body.size() + size: a size near 2^63 overflowed it
            return bad(413);
        at = lf + 1;
        if (size == 0) {
            // Trailer fields, then an empty line: bounded as a head is, whether or not their end
            // has come yet.
            const qsizetype end = headEnd(m_buffer, at - 1);
            if ((end < 0 ? m_buffer.size() : end) - at > kMaxHead)
                return bad(431);
            if (end < 0)
                return State::NeedMore;
            at = end;
            break;
        }
        if (m_buffer.size() - at < size + 1)
            return State::NeedMore;
        body.append(m_buffer.constData() + at, size);
        at += size;
        if (m_buffer.at(at) == '\r') {
            if (m_buffer.size() - at < 2)
                return State::NeedMore;
            ++at;
        }
        if (m_buffer.at(at) != '\n')
            return bad(400);
        ++at;
    }
    *out = std::move(m_head);
    out->body = body;
    m_pos = at;
    m_inBody = false;
    return State::Request;
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
