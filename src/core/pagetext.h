#pragma once

#include "core/jsontext.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace RestoreDesk {

// A list page, `{"value": [...], "nextLink": "<url>" | null | absent}`, read from its text by
// JsonText (one pass over the bytes, no document): where each element of `value` is, and the
// nextLink (empty at the end). A page the scan cannot vouch for (not valid as far as it can tell,
// `value` missing, not an array or written twice, a nextLink that is not a string or null, keys
// written with escapes) is nullopt, and is parsed by QJsonDocument as before, which then gives
// the page's error if it has one. Value type; any thread.
struct PageText
{
    QByteArray text;
    QList<JsonText::Value> elements;
    QString nextLink;
    // The scan's index of the text: the members of each element, read without a second pass.
    JsonText::Index index;

    // Element `i` as Qt's parser reads it.
    QJsonValue element(qsizetype i) const { return JsonText::toJsonValue(text, elements.at(i)); }

    static std::optional<PageText> scan(const QByteArray &text);
};

} // namespace RestoreDesk
