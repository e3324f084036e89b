#pragma once

#include <QLatin1String>
#include <QStringView>

namespace RestoreDesk::Backup {

// Whether `text` is the ASCII `name` without regard to case, as QStringView::compare(name,
// Qt::CaseInsensitive) == 0 says. Qt's case folding maps one UTF-16 unit to one, so text of another
// length never matches and is turned away before any folding; ASCII is folded here (ids and
// container names are ASCII, and each is compared with a dozen names), and the first unit outside
// ASCII leaves the answer to Qt's folding (the Kelvin sign is a 'k'). Pure function; any thread.
inline bool isFoldedName(QStringView text, QLatin1String name)
{
    if (text.size() != name.size())
        return false;
    const char16_t *s = text.utf16();
    const char *n = name.data();
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t a = s[i];
        const char16_t b = char16_t(uchar(n[i]));
        if (a == b)
            continue;
        if (a >= 0x80 || b >= 0x80)
            return text.compare(name, Qt::CaseInsensitive) == 0;
        const auto lower = [](char16_t c) { return c >= u'A' && c <= u'Z' ? char16_t(c + 32) : c; };
        if (lower(a) != lower(b))
            return false;
    }
    return true;
}

} // namespace RestoreDesk::Backup
