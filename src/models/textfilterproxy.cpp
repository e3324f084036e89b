#include "models/textfilterproxy.h"

#include <QDateTime>

namespace RestoreDesk::Models {

TextFilterProxy::TextFilterProxy(int searchRole, int sortRole, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_searchRole(searchRole)
{
    setSortRole(sortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void TextFilterProxy::setSearchText(const QString &text)
{
    m_words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

void TextFilterProxy::setAllowed(int role, const QList<int> &values)
{
    if (values.isEmpty())
        m_allowed.remove(role);
    else
        m_allowed.insert(role, values);
    invalidateFilter();
}

bool TextFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    for (auto it = m_allowed.cbegin(); it != m_allowed.cend(); ++it) {
        if (!it.value().contains(i.data(it.key()).toInt()))
            return false;
    }
    if (m_words.isEmpty())
        return true;
    const QString text = i.data(m_searchRole).toString();
    for (const QString &w : m_words) {
        if (!text.contains(w, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool TextFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    if (l.userType() == QMetaType::QDateTime && r.userType() == QMetaType::QDateTime)
        return l.toDateTime() < r.toDateTime();
    if (l.userType() == QMetaType::QString || r.userType() == QMetaType::QString)
        return QString::compare(l.toString(), r.toString(), Qt::CaseInsensitive) < 0;
    return QVariant::compare(l, r) == QPartialOrdering::Less;
}

} // namespace RestoreDesk::Models
