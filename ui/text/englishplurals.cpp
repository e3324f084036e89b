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
    if (n < 0 || !sourceText || !std::strstr(sourceText, "(s)"))
        return {};
    QString text = QString::fromUtf8(sourceText);
    text.replace(QLatin1String("(s)"), n == 1 ? QString() : QStringLiteral("s"));
    return text;
}

} // namespace RestoreDesk::Text
