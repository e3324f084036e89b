#include "arm/nextlinkscan.h"

#include "core/textscan.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace RestoreDesk::Arm {

namespace {

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
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
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

} // namespace

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
            const QString text = escaped ? decoded(link) : QString::fromUtf8(link);
            if (escaped && text.isEmpty())
                return unknown;
            if (!text.isEmpty()) {
                found.outcome = Outcome::Link;
                found.link = text;
            }
        } while (s.take(','));
        if (!s.take('}'))
            return unknown;
    }
    s.skipSpace();
    return s.atEnd() ? found : unknown;
}

} // namespace RestoreDesk::Arm
