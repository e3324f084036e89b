#pragma once

#include "shownresource.h"

#include <QTextStream>

namespace RestoreDesk::Cli {

// A text table of resources, as `kubectl get` prints one: a header of the fields' words in
// upper case, aligned columns, two spaces apart. It fits the terminal's width (COLUMNS, else the
// terminal standard output is, else no limit when output goes to a file or a pipe): when too
// wide, id columns are shortened first — the middle replaced by "…", keeping the start and the
// name at the end — then the widest text columns are cut with "…". Nothing is shortened when
// it fits. Value type; main thread.
class OutputTable
{
public:
    enum class Column { Text, Id };

    void addColumn(const QString &key, Column kind = Column::Text);
    void addRow(const ShownResource &row) { m_rows << row; }
    int rowCount() const { return int(m_rows.size()); }

    // `width` <= 0: no limit.
    void print(QTextStream &out, int width) const;

    // COLUMNS when set to a number, else the width of the terminal on standard output, else 0.
    static int terminalWidth();
    // `text` shortened to `width` characters: ids keep their start and end, text its start.
    static QString shorten(const QString &text, int width, Column kind);

private:
    struct Spec
    {
        QString key;
        Column kind;
    };
    QList<Spec> m_columns;
    QList<ShownResource> m_rows;
};

} // namespace RestoreDesk::Cli
