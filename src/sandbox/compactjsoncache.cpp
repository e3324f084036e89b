#include "sandbox/compactjsoncache.h"

#include <QJsonDocument>
#include <QJsonValue>

namespace RestoreDesk::Sandbox {

CompactJsonCache::CompactJsonCache(qsizetype capacity)
    : m_capacity(qMax<qsizetype>(1, capacity))
{ }

QByteArray CompactJsonCache::compact(const QJsonObject &object)
{
    const QJsonValue idValue = object.value(QLatin1String("id"));
    if (!idValue.isString())
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    const QString id = idValue.toString();
    auto it = m_entries.find(id);
    // Shared data compares at once; an equal copy compares member by member (still right).
    if (it != m_entries.end() && it->object == object)
        return it->json;
    if (it == m_entries.end() && m_entries.size() >= m_capacity)
        m_entries.clear();
    QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    m_entries.insert(id, Entry { object, json });
    return json;
}

QByteArray CompactJsonCache::page(const QList<QJsonObject> &items, qsizetype from, qsizetype to,
                                  const QString &nextLink, bool forceNull)
{
    // Made before? The same resources (each compared, at once when still the tenant's own), the
    // same link: the same text.
    const QString key = QString::number(to - from) + QLatin1Char(forceNull ? 'n' : '-')
        + (from < to ? items.at(from).value(QLatin1String("id")).toString() : QString()) + QLatin1Char(' ')
        + nextLink;
    const auto known = m_pages.constFind(key);
    if (known != m_pages.cend() && known->items.size() == to - from) {
        bool same = true;
        for (qsizetype i = from; i < to && same; ++i)
            same = known->items.at(i - from) == items.at(i);
        if (same)
            return known->json;
    }
    if (known != m_pages.cend()) {
        m_pageBytes -= known->json.size();
        m_pages.remove(key);
    }
    const QByteArray made = make(items, from, to, nextLink, forceNull);
    constexpr qsizetype kMaxPageBytes = 256 * 1024 * 1024;
    if (m_pageBytes + made.size() > kMaxPageBytes) {
        m_pages.clear();
        m_pageBytes = 0;
    }
    m_pages.insert(key, PageEntry { items.mid(from, to - from), made });
    m_pageBytes += made.size();
    return made;
}

QByteArray CompactJsonCache::make(const QList<QJsonObject> &items, qsizetype from, qsizetype to,
                                  const QString &nextLink, bool forceNull)
{
    // QJsonObject keeps its keys sorted: "nextLink" comes before "value".
    QByteArray out;
    if (!nextLink.isNull()) {
        // The link as QJsonDocument escapes it: {"nextLink":"…"} without its closing brace.
        out = QJsonDocument(QJsonObject { { QStringLiteral("nextLink"), nextLink } })
                  .toJson(QJsonDocument::Compact);
        out.chop(1);
        out.append(",\"value\":[");
    } else {
        out = forceNull ? QByteArray("{\"nextLink\":null,\"value\":[") : QByteArray("{\"value\":[");
    }
    // The elements' texts first, then one allocation for the page (appending each to a growing
    // page moved a large page's bytes over and over).
    QList<QByteArray> texts;
    texts.reserve(qMax<qsizetype>(0, to - from));
    qsizetype size = out.size() + 2;
    for (qsizetype i = from; i < to; ++i) {
        texts.append(compact(items.at(i)));
        size += texts.last().size() + 1;
    }
    out.reserve(size);
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (i > 0)
            out.append(',');
        out.append(texts.at(i));
    }
    out.append("]}");
    return out;
}

} // namespace RestoreDesk::Sandbox
