#pragma once

#include "backup/armreader.h"
#include "core/pagetext.h"

#include <QList>

#include <type_traits>

namespace RestoreDesk::Backup {

// What a listing could not read: the element, why, its raw JSON (still shown raw) and its index
// in its page. Value type, any thread.
struct Unreadable
{
    Error error;
    QJsonValue raw;
    qsizetype index = 0;
};

// Whether T is read straight from a page's text: `static std::optional<T> fromArmText(const
// QByteArray &page, const JsonText::Value &element)`, which gives the value T::fromArm gives for
// that element, or nullopt when it cannot vouch for it (then T::fromArm reads the element).
template<typename T, typename = void>
struct ReadsPageText : std::false_type
{
};
template<typename T>
struct ReadsPageText<T,
                     std::void_t<decltype(T::fromArmText(std::declval<const QByteArray &>(),
                                                         std::declval<const JsonText::Value &>()))>>
    : std::true_type
{
};

// Whether T's fromArmText also takes the page's index (JsonText::Index), to find an element's
// members without stepping over its text again.
template<typename T, typename = void>
struct ReadsIndexedText : std::false_type
{
};
template<typename T>
struct ReadsIndexedText<T,
                        std::void_t<decltype(T::fromArmText(std::declval<const QByteArray &>(),
                                                            std::declval<const JsonText::Value &>(),
                                                            std::declval<const JsonText::Index *>()))>>
    : std::true_type
{
};

// Whether T is also read from a page's text in place: `static bool readArmText(T &out, const
// QByteArray &page, const JsonText::Value &element, const JsonText::Index *index)`, fromArmText()
// into an entry already in the page's list (false: fromArmText() would give nullopt).
template<typename T, typename = void>
struct ReadsTextInPlace : std::false_type
{
};
template<typename T>
struct ReadsTextInPlace<
    T,
    std::void_t<decltype(T::readArmText(std::declval<T &>(), std::declval<const QByteArray &>(),
                                        std::declval<const JsonText::Value &>(),
                                        std::declval<const JsonText::Index *>()))>> : std::true_type
{
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
        for (qsizetype i = 0; i < value.size(); ++i)
            page.add(value.at(i), i);
        return page;
    }

    // The same from a page read as text (PageText): the elements T reads from the text
    // itself (ReadsPageText), the others as fromValue reads them; the same page either way.
    static Page<T> fromText(const PageText &text)
    {
        // ListJob makes page text only for a T that ReadsPageText.
        static_assert(!ReadsTextInPlace<T>::value || ReadsPageText<T>::value);
        Page<T> page;
        page.items.reserve(text.elements.size());
        for (qsizetype i = 0; i < text.elements.size(); ++i) {
            if constexpr (ReadsTextInPlace<T>::value) {
                // Read where the list keeps it: not moved there afterwards.
                T &item = page.items.emplaceBack();
                if (T::readArmText(item, text.text, text.elements.at(i), &text.index))
                    continue;
                page.items.removeLast();
            } else if constexpr (ReadsPageText<T>::value) {
                std::optional<T> item;
                if constexpr (ReadsIndexedText<T>::value)
                    item = T::fromArmText(text.text, text.elements.at(i), &text.index);
                else
                    item = T::fromArmText(text.text, text.elements.at(i));
                if (item) {
                    page.items.append(std::move(*item));
                    continue;
                }
            }
            page.add(text.element(i), i);
        }
        return page;
    }

private:
    void add(const QJsonValue &v, qsizetype i)
    {
        if (!v.isObject()) {
            ArmReader element(QJsonObject {}, QStringLiteral("List"));
            element.failType(QStringLiteral("value[%1]").arg(i), QStringLiteral("object"));
            rejected.append(Rejected { element.error(), v, i });
            return;
        }
        Result<T> parsed = T::fromArm(v.toObject());
        if (parsed.ok())
            items.append(std::move(parsed).value());
        else
            rejected.append(Rejected { parsed.error(), v, i });
    }
};

} // namespace RestoreDesk::Backup
