#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace RestoreDesk::Backup {

// The raw JSON of a resource as the service sent it, for the views that show it whole (the raw
// JSON view, `items show`): either an object already parsed, or the resource's own text (copied
// out of its page, so an item never keeps the rest of the page alive), parsed only when object()
// is asked for. Value type, any thread.
class RawJson
{
public:
    RawJson() = default;
    explicit RawJson(QJsonObject object)
        : m_object(std::move(object))
    { }
    // An object's text, one JsonText::scan accepted (copied: only these bytes are kept).
    static RawJson fromText(QByteArrayView text)
    {
        RawJson r;
        r.m_text = text.toByteArray();
        return r;
    }

    bool isText() const { return !m_text.isEmpty(); }
    // The text of a resource kept as text; empty otherwise.
    QByteArrayView text() const { return m_text; }
    // The object (parsed now, from the text, when it was kept as text).
    QJsonObject object() const;

private:
    QJsonObject m_object;
    QByteArray m_text;
};

} // namespace RestoreDesk::Backup
