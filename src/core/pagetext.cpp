#include "core/pagetext.h"

namespace RestoreDesk {

std::optional<PageText> PageText::scan(const QByteArray &text)
{
    using JsonText::Value;
    const auto top = JsonText::scan(text);
    if (!top || top->type != Value::Type::Object)
        return std::nullopt;
    JsonText::Members members;
    if (!JsonText::members(text, *top, &members))
        return std::nullopt;
    bool unsure = false;
    const JsonText::Member *value = JsonText::find(members, "value", &unsure);
    const JsonText::Member *next = JsonText::find(members, "nextLink", &unsure);
    if (unsure || !value || value->value.type != Value::Type::Array)
        return std::nullopt;
    PageText page;
    if (next && next->value.type != Value::Type::Null) {
        const auto link = JsonText::string(text, next->value);
        if (!link)
            return std::nullopt; // not a string: the parsed page says what it is
        page.nextLink = *link;
    }
    if (!JsonText::elements(text, value->value, &page.elements))
        return std::nullopt;
    page.text = text;
    return page;
}

} // namespace RestoreDesk
