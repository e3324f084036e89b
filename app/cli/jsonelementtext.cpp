#include "jsonelementtext.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstring>

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

// QJsonDocument's text of a string that is not plain, quotes included: escaped by QJsonDocument.
void appendEscaped(QByteArray &out, const QString &value)
{
    // ["…"] as the document writes it: the brackets go.
    const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
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

void JsonElementText::string(QLatin1String name, const QString &value)
{
    const auto *p = reinterpret_cast<const char16_t *>(value.constData());
    const qsizetype n = value.size();
    if (!isPlain(p, n)) {
        key(name, 0);
        appendEscaped(m_text, value);
        return;
    }
    char *d = key(name, n + 2);
    *d++ = '"';
    for (qsizetype i = 0; i < n; ++i)
        d[i] = char(p[i]);
    d[n] = '"';
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
