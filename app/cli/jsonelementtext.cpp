#include "jsonelementtext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace RestoreDesk::Cli {

namespace {

// QJsonDocument's text of a string, quotes included. Plain printable ASCII is copied as it is,
// in one pass (checked while copied); anything else is escaped by QJsonDocument itself.
void appendQuoted(QByteArray &out, const QString &value)
{
    const char16_t *p = reinterpret_cast<const char16_t *>(value.constData());
    const char16_t *const end = p + value.size();
    const qsizetype at = out.size();
    out.resize(at + value.size() + 2);
    char *d = out.data() + at;
    *d++ = '"';
    for (const char16_t *c = p; c != end; ++c) {
        if (*c < 0x20 || *c >= 0x7f || *c == u'"' || *c == u'\\') {
            // ["…"] as the document writes it: the brackets go.
            out.resize(at);
            const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
            out.append(wrapped.constData() + 1, wrapped.size() - 2);
            return;
        }
        *d++ = char(*c);
    }
    *d = '"';
}

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

void JsonElementText::key(QLatin1String key)
{
    if (!m_first)
        m_text.append(",\n");
    m_first = false;
    m_text.append("        \"");
    m_text.append(key.data(), key.size());
    m_text.append("\": ");
}

void JsonElementText::string(QLatin1String name, const QString &value)
{
    key(name);
    appendQuoted(m_text, value);
}

void JsonElementText::null(QLatin1String name)
{
    key(name);
    m_text.append("null");
}

QByteArray JsonElementText::finish()
{
    m_text.append(m_first ? "    }" : "\n    }");
    m_first = true;
    return std::exchange(m_own, {});
}

} // namespace RestoreDesk::Cli
