#pragma once

#include "core/error.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>
#include <vector>

namespace RestoreDesk::Models {

// The console's navigation tree: sections (Estate, Identity, Audit log) and, under Estate,
// subscription → resource group → vault, loaded lazily. Nodes are addressed by a stable key (a
// resource id, lower-cased, or a section name) so the controller that loads them, and the saved
// selection, never hold indexes. A node that is still loading, failed, or may not be read says so
// (StateRole) instead of looking empty; counts show once known. Whoever owns a branch answers
// fetchRequested() with setChildren() or setState(). GUI thread; owned by the console page.
class NavigationModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum class Kind { Section, Subscription, ResourceGroup, Vault, Page };
    enum class State { Idle, Loading, Loaded, Failed, NoAccess };
    enum Role {
        KeyRole = Qt::UserRole + 1,
        KindRole,
        StateRole,
        CountRole,
        ResourceIdRole,
        ErrorRole,
        TitleRole
    };

    struct Spec
    {
        QString key;
        Kind kind = Kind::Page;
        QString title;
        QString resourceId; // for estate nodes
        bool lazy = false; // children come through fetchRequested()
        QString toolTip;
    };

    explicit NavigationModel(QObject *parent = nullptr);
    ~NavigationModel() override;

    // Adds (or updates) a node under `parentKey` (empty: top level), keeping insertion order. A key
    // already used under another parent is left as it is (a key names one node).
    void add(const QString &parentKey, const Spec &spec);
    // Replaces the children of `parentKey` (those not in `children` go; the rest are updated in
    // place, so expanded branches and the selection survive a reload). Marks it Loaded. The top
    // level is never replaced: an empty or unknown key changes nothing.
    void setChildren(const QString &parentKey, const QList<Spec> &children);
    void setState(const QString &key, State state, const Error &error = {});
    void setCount(const QString &key, int count, const QString &noun); // noun for the count: "3 vaults"
    void remove(const QString &key);
    void clearChildren(const QString &key);

    QModelIndex indexOf(const QString &key) const;
    QString keyOf(const QModelIndex &index) const;
    bool contains(const QString &key) const { return m_nodes.contains(key); }
    State state(const QString &key) const;
    Error error(const QString &key) const; // why a Failed or NoAccess node is so

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // A lazy node was expanded (or asked for) and has not been loaded: load it.
    void fetchRequested(const QString &key);

private:
    struct Node;
    Node *node(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *n) const;
    void emitChanged(Node *n);
    void detach(Node *n);
    // After children were taken out at `from`, the rows of those behind it move up.
    static void renumber(std::vector<std::unique_ptr<Node>> &children, size_t from);

    std::unique_ptr<Node> m_root;
    QHash<QString, Node *> m_nodes;
};

} // namespace RestoreDesk::Models
