#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

namespace RestoreDesk::Sandbox {

// The compact JSON text of the resources the API lists, kept by resource id, so a page of an
// estate is written from text made once and not serialised again on every request. An entry is
// used only while the object it was made from is still the one asked about (unchanged: the
// same shared data, or equal), so a resource the API changed is written anew. Bounded: past
// `capacity` entries it starts again. Owned by BackupApi; server thread.
class CompactJsonCache
{
public:
    explicit CompactJsonCache(qsizetype capacity = 200000);

    // QJsonDocument(object).toJson(Compact), from the cache when the object is unchanged.
    QByteArray compact(const QJsonObject &object);
    qsizetype size() const { return m_entries.size(); }

    // The compact text of a list page: {"nextLink":…,"value":[…]} in QJsonDocument's key order,
    // byte for byte what QJsonDocument gives for the same object. `nextLink` null: none written;
    // `forceNull`: written as null when there is none. A page asked for again (same link, same
    // resources, unchanged) is the text made the first time.
    QByteArray page(const QList<QJsonObject> &items, qsizetype from, qsizetype to, const QString &nextLink,
                    bool forceNull);

private:
    QByteArray make(const QList<QJsonObject> &items, qsizetype from, qsizetype to, const QString &nextLink,
                    bool forceNull);

    struct Entry
    {
        QJsonObject object;
        QByteArray json;
    };
    QHash<QString, Entry> m_entries;
    qsizetype m_capacity;
    // Pages made, by first resource's id, length, link and forceNull: the resources they were
    // made of (shared with the tenant's, so an unchanged page compares at once) and the text.
    struct PageEntry
    {
        QList<QJsonObject> items;
        QByteArray json;
    };
    QHash<QString, PageEntry> m_pages;
    qsizetype m_pageBytes = 0;
};

} // namespace RestoreDesk::Sandbox
