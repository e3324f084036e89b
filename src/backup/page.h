#pragma once

#include "backup/armreader.h"

#include <QList>

namespace RestoreDesk::Backup {

// One page of an ARM list, `{"value": [...], "nextLink": "<url>" | null | absent}`, with each
// element parsed by T::fromArm. An element that does not parse does not sink the page: it is
// kept in `rejected` with its error and raw JSON, so a view can say "2 entries could not be
// read" and still show them raw. The page itself is an error only when it is not a list
// (no `value` array, a `nextLink` that is not a string). `nextLink` is empty at the end; follow
// it exactly as given. Value type, any thread.
template<typename T>
struct Page
{
    struct Rejected
    {
        qsizetype index = 0;
        Error error;
        QJsonValue raw;
    };

    QList<T> items;
    QList<Rejected> rejected;
    QString nextLink;

    bool hasMore() const { return !nextLink.isEmpty(); }

    static Result<Page<T>> fromArm(const QJsonObject &body)
    {
        ArmReader r(body, QStringLiteral("List"));
        const QJsonArray value = r.array("value", ArmReader::Required);
        Page<T> page;
        page.nextLink = r.string("nextLink");
        if (!r.ok())
            return r.error();
        page.items.reserve(value.size());
        for (qsizetype i = 0; i < value.size(); ++i) {
            const QJsonValue v = value.at(i);
            if (!v.isObject()) {
                ArmReader element(QJsonObject {}, QStringLiteral("List"));
                element.failType(QStringLiteral("value[%1]").arg(i), QStringLiteral("object"));
                page.rejected.append(Rejected { i, element.error(), v });
                continue;
            }
            Result<T> parsed = T::fromArm(v.toObject());
            if (parsed.ok())
                page.items.append(std::move(parsed).value());
            else
                page.rejected.append(Rejected { i, parsed.error(), v });
        }
        return page;
    }
};

} // namespace RestoreDesk::Backup
