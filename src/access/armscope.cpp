#include "access/armscope.h"

#include <QStringList>

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

namespace {

QString subscriptionOf(const QString &normalized)
{
    const QStringList parts = normalized.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() >= 2 && parts.at(0) == QLatin1String("subscriptions"))
        return QStringLiteral("/subscriptions/") + parts.at(1);
    return {};
}

} // namespace

bool inheritedAt(const QString &assignmentScope, const QString &listedAt, const QString &scope)
{
    if (scopeContains(assignmentScope, scope))
        return true;
    if (listedAt.isEmpty())
        return false;
    if (scopeContains(listedAt, scope))
        return true;
    // Above the listing scope: only what is outside every subscription (a management group) and
    // so above the whole subscription the listing scope is in.
    const QString sub = subscriptionOf(normalizeScope(listedAt));
    return !sub.isEmpty() && subscriptionOf(normalizeScope(assignmentScope)).isEmpty()
        && scopeContains(sub, scope);
}

} // namespace RestoreDesk::Access
