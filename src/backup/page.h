#pragma once

#include "backup/armreader.h"

#include <QList>

namespace RestoreDesk::Backup {

// What a listing could not read: the element, why, its raw JSON (still shown raw) and its index
// in its page. Value type, any thread.
struct Unreadable
{
    Error error;
    QJsonValue raw;
    qsizetype index = 0;
};

// One page of an ARM list, `{"value": [...], "nextLink": "<url>" | null | absent}`, with each
// element parsed by T::fromArm. An element that does not parse does not sink the page: it is
// kept in `rejected` with its error and raw JSON, so a view can say "2 entries could not be
// read" and still show them raw. The page itself is an error only when it is not a list
// (no `value` array, a `nextLink` that is not a string). `nextLink` is empty at the end; follow
// it exactly as given. Value type, any thread.
template<typename T>
struct Page
{
    using Rejected = Unreadable;

    QList<T> items;
    QList<Rejected> rejected;
    QString nextLink;

    bool hasMore() const { return !nextLink.isEmpty(); }

    static Result<Page<T>> fromArm(const QJsonObject &body)
    {
        ArmReader r(body, QStringLiteral("List"));
        const QJsonArray value = r.array("value", ArmReader::Required);
        const QString nextLink = r.string("nextLink");
        if (!r.ok())
            return r.error();
        Page<T> page = fromValue(value);
        page.nextLink = nextLink;
        return page;
    }

    // The elements of a page's `value` array, each parsed by T::fromArm (any thread). The
    // listing jobs (ListJob) parse every page they are handed through this.
    static Page<T> fromValue(const QJsonArray &value)
    {
        Page<T> page;
        page.items.reserve(value.size());
        for (qsizetype i = 0; i < value.size(); ++i) {
            const QJsonValue v = value.at(i);
            if (!v.isObject()) {
                ArmReader element(QJsonObject {}, QStringLiteral("List"));
                element.failType(QStringLiteral("value[%1]").arg(i), QStringLiteral("object"));
                page.rejected.append(Rejected { element.error(), v, i });
                continue;
            }
            Result<T> parsed = T::fromArm(v.toObject());
            if (parsed.ok())
                page.items.append(std::move(parsed).value());
            else
                page.rejected.append(Rejected { parsed.error(), v, i });
        }
        return page;
    }
};

} // namespace RestoreDesk::Backup
