#pragma once

#include "access/tokeninspection.h"

#include <QAbstractItemModel>

#include <functional>

namespace RestoreDesk::Models {

// A decoded token as a tree for the claims inspector: two top rows (header, payload), each claim
// below, objects and arrays expanded. Columns: name, value (times with their reading), meaning.
// The words for meanings and times come from the view (ui/text) through setWording(), so this
// layer stays free of the presentation's catalogue. GUI thread; owned by its view's parent.
class ClaimTreeModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ValueColumn, MeaningColumn, ColumnCount };
    enum Role { PathRole = Qt::UserRole + 1, KindRole, JsonRole, SecondsFromNowRole, TimeRole, SectionRole };

    struct Wording
    {
        std::function<QString(Access::TokenFlavour, const Access::ClaimEntry &)> meaning;
        std::function<QString(const Access::ClaimEntry &)> time; // Kind::Time values
    };

    explicit ClaimTreeModel(QObject *parent = nullptr);

    void setWording(Wording wording);
    void setInspection(const Access::TokenInspection &inspection);
    void clear();
    const Access::ClaimEntry *entry(const QModelIndex &index) const;
    QModelIndex indexOfPath(Access::ClaimEntry::Section section, const QString &path, int column = 0) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        int entry = -1; // index into m_entries; -1 for the two section rows
        int parent = -1; // node index; -1 at the top
        int row = 0;
        QList<int> children;
        Access::ClaimEntry::Section section = Access::ClaimEntry::Section::Payload;
    };

    QString valueText(const Access::ClaimEntry &e) const;

    QList<Access::ClaimEntry> m_entries;
    QList<Node> m_nodes; // 0: header, 1: payload, then one per entry
    QList<int> m_nodeOfEntry;
    Access::TokenFlavour m_flavour = Access::TokenFlavour::Generic;
    Wording m_wording;
};

} // namespace RestoreDesk::Models
