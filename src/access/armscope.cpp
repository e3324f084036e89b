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

namespace {

// A scope as normalizeScope() reads it, without its leading slash and without copying: trimmed,
// trailing slashes dropped ("/" is the root, empty here).
QStringView relativeScope(const QString &scope)
{
    QStringView s = QStringView(scope).trimmed();
    while (s.size() > 1 && s.endsWith(QLatin1Char('/')))
        s.chop(1);
    if (s.startsWith(QLatin1Char('/')))
        s = s.mid(1);
    return s;
}

} // namespace

bool scopeContains(const QString &outer, const QString &inner)
{
    // normalizeScope(outer) == "/", or equal to normalizeScope(inner), or a parent of it; compared
    // without regard to case and without building the normalised strings (permission checks run
    // this for every assignment on every request).
    const QStringView o = relativeScope(outer);
    const QStringView i = relativeScope(inner);
    if (o.isEmpty())
        return true;
    if (i.size() < o.size() || !i.startsWith(o, Qt::CaseInsensitive))
        return false;
    return i.size() == o.size() || i.at(o.size()) == QLatin1Char('/');
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
