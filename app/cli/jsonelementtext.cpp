#include "jsonelementtext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace RestoreDesk::Cli {

namespace {

// QJsonDocument's text of a string, quotes included.
void appendQuoted(QByteArray &out, const QString &value)
{
    const char16_t *p = reinterpret_cast<const char16_t *>(value.constData());
    const char16_t *const end = p + value.size();
    bool plain = true;
    for (const char16_t *c = p; c != end; ++c) {
        if (*c < 0x20 || *c >= 0x7f || *c == u'"' || *c == u'\\') {
            plain = false;
            break;
        }
    }
    if (plain) {
        const qsizetype at = out.size();
        out.resize(at + value.size() + 2);
        char *d = out.data() + at;
        *d++ = '"';
        for (const char16_t *c = p; c != end; ++c)
            *d++ = char(*c);
        *d = '"';
        return;
    }
    // ["…"] as the document writes it: the brackets go.
    const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    out.append(wrapped.constData() + 1, wrapped.size() - 2);
}

} // namespace

JsonElementText::JsonElementText()
{
    m_text.reserve(1024);
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
    return std::exchange(m_text, {});
}

} // namespace RestoreDesk::Cli
