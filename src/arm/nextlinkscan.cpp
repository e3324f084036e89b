#include "arm/nextlinkscan.h"

#include "core/textscan.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <optional>

namespace RestoreDesk::Arm {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// A cursor over the text; every step checks the end, so cut or hostile text stops the scan.
class Scanner
{
public:
    explicit Scanner(QByteArrayView text)
        : m_p(text.data())
        , m_end(text.data() + text.size())
    { }

    bool atEnd() const { return m_p == m_end; }
    char peek() const { return m_p == m_end ? '\0' : *m_p; }

    void skipSpace()
    {
        while (m_p != m_end && isSpace(*m_p))
            ++m_p;
    }

    bool take(char c)
    {
        skipSpace();
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    // A string at the cursor: its text between the quotes, as written, and whether it holds an
    // escape. False when the text ends first.
    bool string(QByteArrayView *raw, bool *escaped)
    {
        skipSpace();
        if (m_p == m_end || *m_p != '"')
            return false;
        const char *const start = ++m_p;
        *escaped = false;
        // Many bytes a step (TextScan): a page is mostly string text, and this scan runs on the
        // owner's (GUI) thread for every page.
        const char *const quote = TextScan::closingQuote(start, m_end, escaped);
        if (quote == m_end)
            return false;
        *raw = QByteArrayView(start, quote - start);
        m_p = quote + 1;
        return true;
    }

    // Any value at the cursor, skipped; nesting is counted, strings are skipped whole.
    bool skipValue()
    {
        skipSpace();
        if (m_p == m_end)
            return false;
        QByteArrayView raw;
        bool escaped = false;
        if (*m_p == '"')
            return string(&raw, &escaped);
        if (*m_p == '{' || *m_p == '[') {
            int depth = 0;
            while (m_p != m_end) {
                const char c = *m_p;
                if (c == '"') {
                    if (!string(&raw, &escaped))
                        return false;
                    continue;
                }
                if (c == '{' || c == '[') {
                    ++depth;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        ++m_p;
                        return true;
                    }
                }
                ++m_p;
            }
            return false;
        }
        // A number, true, false or null: up to the next delimiter.
        const char *const start = m_p;
        while (m_p != m_end && *m_p != ',' && *m_p != '}' && *m_p != ']' && *m_p != ' ' && *m_p != '\n'
               && *m_p != '\r' && *m_p != '\t')
            ++m_p;
        return m_p != start;
    }

    // A literal (null, true...) at the cursor, taken when it is there.
    bool literal(QByteArrayView word)
    {
        skipSpace();
        if (m_end - m_p < word.size() || QByteArrayView(m_p, word.size()) != word)
            return false;
        m_p += word.size();
        return true;
    }

private:
    const char *m_p;
    const char *m_end;
};

// A string written with escapes (a serialiser may write "&" as "\u0026"), decoded by the JSON
// parser itself; empty when it is not a valid string.
QString decoded(QByteArrayView raw)
{
    QByteArray text;
    text.reserve(raw.size() + 4);
    text.append("[\"").append(raw.data(), raw.size()).append("\"]");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return {};
    return doc.array().at(0).toString();
}

// What a nextLink written as the string `raw` (between its quotes, as written) says: a link, or
// None when it is empty; Unknown when it holds an escape the parser would not take.
NextLinkScan linkOf(QByteArrayView raw, bool escaped)
{
    NextLinkScan out;
    const QString text = escaped ? decoded(raw) : QString::fromUtf8(raw);
    if (escaped && text.isEmpty())
        return out;
    out.outcome = text.isEmpty() ? NextLinkScan::Outcome::None : NextLinkScan::Outcome::Link;
    out.link = text;
    return out;
}

// A cursor stepping back from the text's end; every step checks the beginning.
class BackScanner
{
public:
    explicit BackScanner(QByteArrayView text)
        : m_begin(text.data())
        , m_p(text.data() + text.size())
    { }

    void skipSpace()
    {
        while (m_p != m_begin && isSpace(m_p[-1]))
            --m_p;
    }

    bool take(char c)
    {
        skipSpace();
        if (m_p == m_begin || m_p[-1] != c)
            return false;
        --m_p;
        return true;
    }

    bool literal(QByteArrayView word)
    {
        skipSpace();
        if (m_p - m_begin < word.size() || QByteArrayView(m_p - word.size(), word.size()) != word)
            return false;
        m_p -= word.size();
        return true;
    }

    // A string that ends at the cursor, read back to its opening quote: the nearest quote before
    // its closing one that an even number of backslashes precedes (in valid JSON, no quote inside
    // a string is). Its text between the quotes, as written, and whether it holds an escape.
    bool string(QByteArrayView *raw, bool *escaped)
    {
        skipSpace();
        if (m_p == m_begin || m_p[-1] != '"')
            return false;
        const char *const close = m_p - 1;
        for (const char *q = close; q != m_begin;) {
            if (*--q != '"')
                continue;
            const char *run = q;
            while (run != m_begin && run[-1] == '\\')
                --run;
            if (run == m_begin)
                return false; // the text (or the part of it read) begins inside the string
            if ((q - run) % 2 != 0)
                continue; // an escaped quote, inside the string
            *raw = QByteArrayView(q + 1, close - q - 1);
            *escaped = raw->contains('\\');
            m_p = q;
            return true;
        }
        return false;
    }

private:
    const char *m_begin;
    const char *m_p;
};

// A nextLink that is the object's first member: what it says, or nullopt when the text does not
// begin that way.
std::optional<NextLinkScan> firstMember(QByteArrayView json)
{
    Scanner s(json);
    QByteArrayView key;
    bool escaped = false;
    if (!s.take('{') || !s.string(&key, &escaped) || escaped || key != "nextLink" || !s.take(':'))
        return std::nullopt;
    NextLinkScan found;
    found.outcome = NextLinkScan::Outcome::None;
    if (!s.literal("null")) {
        QByteArrayView link;
        if (!s.string(&link, &escaped))
            return std::nullopt;
        found = linkOf(link, escaped);
    }
    s.skipSpace();
    if (s.peek() != ',' && s.peek() != '}')
        return std::nullopt;
    return found;
}

// A nextLink that is the object's last member, read back from the text's end: what it says, or
// nullopt when the text does not end that way. On valid JSON the last brace closes the object
// itself, so the member before it is the object's own, not a nested one's.
std::optional<NextLinkScan> lastMember(QByteArrayView json)
{
    BackScanner s(json);
    if (!s.take('}'))
        return std::nullopt;
    NextLinkScan found;
    found.outcome = NextLinkScan::Outcome::None;
    QByteArrayView raw;
    bool escaped = false;
    if (!s.literal("null")) {
        if (!s.string(&raw, &escaped))
            return std::nullopt;
        found = linkOf(raw, escaped);
    }
    if (!s.take(':') || !s.string(&raw, &escaped) || escaped || raw != "nextLink")
        return std::nullopt;
    if (!s.take(',') && !s.take('{'))
        return std::nullopt;
    return found;
}

} // namespace

NextLinkScan NextLinkScan::atEnds(QByteArrayView json)
{
    // Each end is read within its first (last) kEndBytes: a member that reaches further is not
    // read at all, so a hostile page costs no more steps than an ordinary one.
    const qsizetype end = qMin(json.size(), kEndBytes);
    const std::optional<NextLinkScan> first = firstMember(json.first(end));
    const std::optional<NextLinkScan> last = lastMember(json.last(end));
    if (first && last && (first->outcome != last->outcome || first->link != last->link))
        return {}; // named twice, differently
    if (first)
        return *first;
    return last.value_or(NextLinkScan {});
}

NextLinkScan NextLinkScan::of(QByteArrayView json)
{
    NextLinkScan unknown;
    Scanner s(json);
    if (!s.take('{'))
        return unknown;
    bool seen = false;
    NextLinkScan found;
    found.outcome = Outcome::None;
    if (!s.take('}')) {
        do {
            QByteArrayView key;
            bool escaped = false;
            if (!s.string(&key, &escaped) || escaped || !s.take(':'))
                return unknown;
            if (key != "nextLink") {
                if (!s.skipValue())
                    return unknown;
                continue;
            }
            if (seen)
                return unknown; // which one the parser keeps is the parser's business
            seen = true;
            if (s.literal("null"))
                continue;
            QByteArrayView link;
            if (!s.string(&link, &escaped))
                return unknown; // a link that is not a string: the parsed page says what it is
            found = linkOf(link, escaped);
            if (found.outcome == Outcome::Unknown)
                return unknown;
        } while (s.take(','));
        if (!s.take('}'))
            return unknown;
    }
    s.skipSpace();
    return s.atEnd() ? found : unknown;
}

} // namespace RestoreDesk::Arm
