#include "access/armscope.h"

namespace RestoreDesk::Access {

QString normalizeScope(const QString &scope)
{
    QString s = scope.trimmed().toLower();
    while (s.size() > 1 && s.endsWith(QLatin1Char('/')))
        s.chop(1);
    if (!s.startsWith(QLatin1Char('/')))
        s.prepend(QLatin1Char('/'));
    return s;
}

bool scopeContains(const QString &outer, const QString &inner)
{
    const QString o = normalizeScope(outer);
    const QString i = normalizeScope(inner);
    if (o == QLatin1String("/") || o == i)
        return true;
    return i.startsWith(o + QLatin1Char('/'));
}

} // namespace RestoreDesk::Access
