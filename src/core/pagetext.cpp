#include "core/pagetext.h"

namespace RestoreDesk {

std::optional<PageText> PageText::scan(const QByteArray &text)
{
    using JsonText::Value;
    PageText page;
    // One pass over the text: the members and elements met on the way are read from the index.
    const auto top = JsonText::scan(text, &page.index);
    if (!top || top->type != Value::Type::Object)
        return std::nullopt;
    JsonText::Members members;
    if (!JsonText::members(text, *top, &members, &page.index))
        return std::nullopt;
    bool unsure = false;
    const JsonText::Member *value = JsonText::find(members, "value", &unsure);
    const JsonText::Member *next = JsonText::find(members, "nextLink", &unsure);
    if (unsure || !value || value->value.type != Value::Type::Array)
        return std::nullopt;
    if (next && next->value.type != Value::Type::Null) {
        const auto link = JsonText::string(text, next->value);
        if (!link)
            return std::nullopt; // not a string: the parsed page says what it is
        page.nextLink = *link;
    }
    if (!JsonText::elements(text, value->value, &page.elements, &page.index))
        return std::nullopt;
    page.text = text;
    return page;
}

} // namespace RestoreDesk
