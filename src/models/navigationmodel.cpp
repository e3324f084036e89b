#include "models/navigationmodel.h"

#include <QCoreApplication>

namespace RestoreDesk::Models {

struct NavigationModel::Node
{
    Spec spec;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    State state = State::Idle;
    Error error;
    int count = -1;
    QString countText;

    int row = 0; // its place among its parent's children, kept up to date (parent() is O(1))
};

void NavigationModel::renumber(std::vector<std::unique_ptr<Node>> &children, size_t from)
{
    for (size_t i = from; i < children.size(); ++i)
        children[i]->row = int(i);
}

NavigationModel::NavigationModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{ }

NavigationModel::~NavigationModel() = default;

NavigationModel::Node *NavigationModel::node(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex NavigationModel::indexOfNode(const Node *n) const
{
    if (!n || n == m_root.get())
        return {};
    return createIndex(n->row, 0, const_cast<Node *>(n));
}

QModelIndex NavigationModel::indexOf(const QString &key) const
{
    return indexOfNode(m_nodes.value(key, nullptr));
}

QString NavigationModel::keyOf(const QModelIndex &index) const
{
    return index.isValid() ? node(index)->spec.key : QString();
}

NavigationModel::State NavigationModel::state(const QString &key) const
{
    const Node *n = m_nodes.value(key, nullptr);
    return n ? n->state : State::Idle;
}

Error NavigationModel::error(const QString &key) const
{
    const Node *n = m_nodes.value(key, nullptr);
    return n ? n->error : Error();
}

void NavigationModel::add(const QString &parentKey, const Spec &spec)
{
    Node *parent = parentKey.isEmpty() ? m_root.get() : m_nodes.value(parentKey, nullptr);
    if (!parent || spec.key.isEmpty())
        return;
    if (Node *existing = m_nodes.value(spec.key, nullptr)) {
        // A key names one node in one place: a spec under another parent does not take it over.
        if (existing->parent != parent)
            return;
        existing->spec = spec;
        emitChanged(existing);
        return;
    }
    const int row = int(parent->children.size());
    beginInsertRows(indexOfNode(parent), row, row);
    auto n = std::make_unique<Node>();
    n->spec = spec;
    n->parent = parent;
    n->row = row;
    m_nodes.insert(spec.key, n.get());
    parent->children.push_back(std::move(n));
    endInsertRows();
}

void NavigationModel::detach(Node *n)
{
    for (auto &c : n->children)
        detach(c.get());
    m_nodes.remove(n->spec.key);
}

void NavigationModel::setChildren(const QString &parentKey, const QList<Spec> &children)
{
    // Only a node's children are replaced: an empty key (a node that has none, such as a group
    // read from an id without one) never means the top level, whose sections belong to others.
    Node *parent = m_nodes.value(parentKey, nullptr);
    if (parentKey.isEmpty() || !parent)
        return;
    QSet<QString> keep;
    for (const Spec &s : children)
        keep.insert(s.key);
    // Remove the children that are gone, from the end so rows stay valid.
    for (int i = int(parent->children.size()) - 1; i >= 0; --i) {
        if (keep.contains(parent->children[size_t(i)]->spec.key))
            continue;
        beginRemoveRows(indexOfNode(parent), i, i);
        detach(parent->children[size_t(i)].get());
        parent->children.erase(parent->children.begin() + i);
        renumber(parent->children, size_t(i));
        endRemoveRows();
    }
    for (const Spec &s : children)
        add(parentKey, s);
    parent->state = State::Loaded;
    parent->error = Error();
    emitChanged(parent);
}

void NavigationModel::clearChildren(const QString &key)
{
    Node *n = key.isEmpty() ? nullptr : m_nodes.value(key, nullptr);
    if (!n || n->children.empty())
        return;
    beginRemoveRows(indexOfNode(n), 0, int(n->children.size()) - 1);
    for (auto &c : n->children)
        detach(c.get());
    n->children.clear();
    endRemoveRows();
    n->state = State::Idle;
    emitChanged(n);
}

void NavigationModel::remove(const QString &key)
{
    Node *n = m_nodes.value(key, nullptr);
    if (!n)
        return;
    Node *parent = n->parent;
    const int row = n->row;
    beginRemoveRows(indexOfNode(parent), row, row);
    detach(n);
    parent->children.erase(parent->children.begin() + row);
    renumber(parent->children, size_t(row));
    endRemoveRows();
}

void NavigationModel::setState(const QString &key, State state, const Error &error)
{
    Node *n = m_nodes.value(key, nullptr);
    if (!n)
        return;
    n->state = state;
    n->error = error;
    emitChanged(n);
}

void NavigationModel::setCount(const QString &key, int count, const QString &noun)
{
    Node *n = m_nodes.value(key, nullptr);
    if (!n)
        return;
    n->count = count;
    n->countText = noun;
    emitChanged(n);
}

void NavigationModel::emitChanged(Node *n)
{
    if (n == m_root.get())
        return;
    const QModelIndex i = indexOfNode(n);
    Q_EMIT dataChanged(i, i);
}

QModelIndex NavigationModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *p = node(parent);
    if (column != 0 || row < 0 || row >= int(p->children.size()))
        return {};
    return createIndex(row, 0, p->children[size_t(row)].get());
}

QModelIndex NavigationModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(node(child)->parent);
}

int NavigationModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(node(parent)->children.size());
}

int NavigationModel::columnCount(const QModelIndex &) const
{
    return 1;
}

bool NavigationModel::hasChildren(const QModelIndex &parent) const
{
    const Node *n = node(parent);
    return !n->children.empty() || (n->spec.lazy && n->state != State::Loaded);
}

bool NavigationModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *n = node(parent);
    return n->spec.lazy && n->state == State::Idle;
}

void NavigationModel::fetchMore(const QModelIndex &parent)
{
    Node *n = node(parent);
    if (!n->spec.lazy || n->state != State::Idle)
        return;
    n->state = State::Loading;
    emitChanged(n);
    Q_EMIT fetchRequested(n->spec.key);
}

QVariant NavigationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = node(index);
    switch (role) {
    case Qt::DisplayRole: {
        QString text = n->spec.title;
        if (n->state == State::Loading)
            return tr("%1 (loading…)").arg(text);
        if (n->state == State::NoAccess)
            return tr("%1 (no access)").arg(text);
        if (n->state == State::Failed)
            return tr("%1 (failed)").arg(text);
        if (n->count >= 0)
            return tr("%1 (%2 %3)").arg(text).arg(n->count).arg(n->countText);
        return text;
    }
    case Qt::ToolTipRole:
        if (!n->error.code.isEmpty())
            return n->error.code + QStringLiteral(": ") + n->error.detail;
        return n->spec.toolTip.isEmpty() ? n->spec.resourceId : n->spec.toolTip;
    case KeyRole:
        return n->spec.key;
    case KindRole:
        return int(n->spec.kind);
    case StateRole:
        return int(n->state);
    case CountRole:
        return n->count;
    case ResourceIdRole:
        return n->spec.resourceId;
    case ErrorRole:
        return n->error.code;
    case TitleRole: // the node's own name, whole (the display text adds counts and states)
        return n->spec.title;
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
