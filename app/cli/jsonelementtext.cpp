#include "jsonelementtext.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace RestoreDesk::Cli {

namespace {

constexpr quint64 kOnes = 0x0001000100010001ULL; // one in each of four UTF-16 units
constexpr quint64 kHighs = kOnes * 0x8000;

// Whether one of the four units of `x` is below `n` (n <= 0x8000).
constexpr quint64 anyBelow(quint64 x, quint64 n)
{
    return (x - kOnes * n) & ~x & kHighs;
}

// Whether one of the four units of `x` is `c`.
constexpr quint64 anyIs(quint64 x, quint64 c)
{
    return anyBelow(x ^ (kOnes * c), 1);
}

// Whether four UTF-16 units are all plain: 0x20..0x7e, neither '"' nor '\\'.
constexpr bool plainWord(quint64 x)
{
    return !(anyBelow(x, 0x20) | (x & (kOnes * 0xff80)) | anyIs(x, 0x7f) | anyIs(x, '"') | anyIs(x, '\\'));
}

// Whether a string is plain printable ASCII without '"' or '\\' (then written as it is).
bool isPlain(const char16_t *p, qsizetype n)
{
    qsizetype i = 0;
    for (; i + 4 <= n; i += 4) {
        quint64 x;
        std::memcpy(&x, p + i, sizeof x);
        if (!plainWord(x))
            return false;
    }
    for (; i < n; ++i) {
        if (p[i] < 0x20 || p[i] >= 0x7f || p[i] == u'"' || p[i] == u'\\')
            return false;
    }
    return true;
}

// Copies `n` units of `p` to `d` as bytes while they are plain (as isPlain()); false (what was
// copied then does not count) at the first one that is not.
bool copyPlain(const char16_t *p, qsizetype n, char *d)
{
    qsizetype i = 0;
#ifdef __SSE2__
    // Eight units at a time. Compared as signed: a unit from 0x8000 up is negative, below ' '.
    const __m128i below = _mm_set1_epi16(0x20);
    const __m128i above = _mm_set1_epi16(0x7e);
    const __m128i quote = _mm_set1_epi16('"');
    const __m128i backslash = _mm_set1_epi16('\\');
    for (; i + 8 <= n; i += 8) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
        const __m128i bad
            = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi16(x, below), _mm_cmpgt_epi16(x, above)),
                           _mm_or_si128(_mm_cmpeq_epi16(x, quote), _mm_cmpeq_epi16(x, backslash)));
        if (_mm_movemask_epi8(bad))
            return false;
        // Every unit is 0x20..0x7e: packed to its low byte as it is.
        _mm_storel_epi64(reinterpret_cast<__m128i *>(d + i), _mm_packus_epi16(x, x));
    }
#endif
    if (!isPlain(p + i, n - i))
        return false;
    for (; i < n; ++i)
        d[i] = char(p[i]);
    return true;
}

// QJsonDocument's text of a string that is not plain, quotes included: escaped by QJsonDocument.
void appendEscaped(QByteArray &out, QStringView value)
{
    // ["…"] as the document writes it: the brackets go.
    const QByteArray wrapped = QJsonDocument(QJsonArray { value.toString() }).toJson(QJsonDocument::Compact);
    out.append(wrapped.constData() + 1, wrapped.size() - 2);
}

constexpr char kSeparator[] = ",\n";
constexpr char kIndent[] = "        \""; // a member's indentation and its key's opening quote
constexpr char kColon[] = "\": ";

} // namespace

JsonElementText::JsonElementText()
    : m_text(m_own)
{
    m_own.reserve(1024);
    m_own.append("    {\n");
}

JsonElementText::JsonElementText(QByteArray &out)
    : m_text(out)
{
    m_text.append("    {\n");
}

char *JsonElementText::key(QLatin1String key, qsizetype more)
{
    // One resize per member, then the bytes put in place: each append of a literal through
    // QByteArray costs more than its copy (a listing writes a dozen members per row).
    const qsizetype separator = m_first ? 0 : qsizetype(sizeof kSeparator - 1);
    const qsizetype at = m_text.size();
    m_text.resize(at + separator + qsizetype(sizeof kIndent - 1) + key.size() + qsizetype(sizeof kColon - 1)
                  + more);
    char *d = m_text.data() + at;
    auto put = [&d](const char *bytes, qsizetype n) {
        std::memcpy(d, bytes, size_t(n));
        d += n;
    };
    put(kSeparator, separator);
    put(kIndent, sizeof kIndent - 1);
    put(key.data(), key.size());
    put(kColon, sizeof kColon - 1);
    m_first = false;
    return d;
}

void JsonElementText::string(QLatin1String name, QStringView value)
{
    const char16_t *p = value.utf16();
    const qsizetype n = value.size();
    // Copied as it is checked (one pass); text that is not plain is taken back and escaped.
    const qsizetype at = m_text.size();
    const bool first = m_first;
    char *d = key(name, n + 2);
    *d++ = '"';
    if (copyPlain(p, n, d)) {
        d[n] = '"';
        return;
    }
    m_text.truncate(at);
    m_first = first;
    key(name, 0);
    appendEscaped(m_text, value);
}

void JsonElementText::string(QLatin1String name, QLatin1String value)
{
    const char *p = value.data();
    const qsizetype n = value.size();
    if (std::all_of(p, p + n, [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; })) {
        char *d = key(name, n + 2);
        *d++ = '"';
        if (n)
            std::memcpy(d, p, size_t(n));
        d[n] = '"';
        return;
    }
    string(name, QString(value));
}

void JsonElementText::null(QLatin1String name)
{
    std::memcpy(key(name, 4), "null", 4);
}

QByteArray JsonElementText::finish()
{
    m_text.append(m_first ? "    }" : "\n    }");
    m_first = true;
    return std::exchange(m_own, {});
}

} // namespace RestoreDesk::Cli
