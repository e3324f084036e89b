#include "text/englishplurals.h"

#include <cstring>

namespace RestoreDesk::Text {

QString EnglishPlurals::translate(const char *context, const char *sourceText, const char *disambiguation,
                                  int n) const
{
    Q_UNUSED(context)
    Q_UNUSED(disambiguation)
    return forms(sourceText, n);
}

QString EnglishPlurals::forms(const char *sourceText, int n)
{
    if (n < 0 || !sourceText
        || (!std::strstr(sourceText, "(s)") && !std::strstr(sourceText, "(es)")
            && !std::strstr(sourceText, "y(ies)")))
        return {};
    const bool one = n == 1;
    QString text = QString::fromUtf8(sourceText);
    text.replace(QLatin1String("y(ies)"),
                 one ? QStringLiteral("y") : QStringLiteral("ies")); // entry, entries
    text.replace(QLatin1String("(es)"), one ? QString() : QStringLiteral("es")); // match, matches
    text.replace(QLatin1String("(s)"), one ? QString() : QStringLiteral("s"));
    return text;
}

} // namespace RestoreDesk::Text
