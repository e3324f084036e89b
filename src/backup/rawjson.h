#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace RestoreDesk::Backup {

// The raw JSON of a resource as the service sent it, for the views that show it whole (the raw
// JSON view, `items show`): either an object already parsed, or the resource's text inside the
// page it came in (the page's bytes are shared, not copied), parsed only when object() is asked
// for. Value type, any thread.
class RawJson
{
public:
    RawJson() = default;
    explicit RawJson(QJsonObject object)
        : m_object(std::move(object))
    { }
    // The object at [begin, end) of `page`, text that JsonText::scan accepted.
    static RawJson fromText(QByteArray page, qsizetype begin, qsizetype end)
    {
        RawJson r;
        r.m_page = std::move(page);
        r.m_begin = begin;
        r.m_end = end;
        return r;
    }

    bool isText() const { return m_end > m_begin; }
    // The text of a resource kept as text; empty otherwise.
    QByteArrayView text() const
    {
        return isText() ? QByteArrayView(m_page).sliced(m_begin, m_end - m_begin) : QByteArrayView();
    }
    // The object (parsed now, from the text, when it was kept as text).
    QJsonObject object() const;

private:
    QJsonObject m_object;
    QByteArray m_page;
    qsizetype m_begin = 0;
    qsizetype m_end = 0;
};

} // namespace RestoreDesk::Backup
