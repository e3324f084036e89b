#include "outputtable.h"

#include <sys/ioctl.h>
#include <unistd.h>

namespace RestoreDesk::Cli {

namespace {

constexpr int kGap = 2;
constexpr int kMinId = 16; // "/subs…/rsv-prod-weu": the name at the end stays readable
constexpr int kMinText = 10;

} // namespace

void OutputTable::addColumn(const QString &key, Column kind)
{
    m_columns << Spec { key, kind };
}

int OutputTable::terminalWidth()
{
    bool ok = false;
    const int columns = qEnvironmentVariableIntValue("COLUMNS", &ok);
    if (ok && columns > 0)
        return columns;
    struct winsize size = {};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 0;
}

QString OutputTable::shorten(const QString &text, int width, Column kind)
{
    if (text.size() <= width || width < 2)
        return text;
    const QString ellipsis(QChar(0x2026));
    if (kind == Column::Id) {
        // Keep the tail (the resource's own name) longer than the head.
        const int tail = (width - 1) * 2 / 3;
        const int head = width - 1 - tail;
        return text.left(head) + ellipsis + text.right(tail);
    }
    return text.left(width - 1) + ellipsis;
}

void OutputTable::print(QTextStream &out, int width) const
{
    const int n = int(m_columns.size());
    QList<int> widths(n, 0);
    QStringList headers;
    for (int c = 0; c < n; ++c) {
        headers << ShownResource::words(m_columns.at(c).key).toUpper();
        widths[c] = int(headers.last().size());
        for (const ShownResource &row : m_rows)
            widths[c] = qMax(widths[c], int(row.text(m_columns.at(c).key).size()));
    }
    auto total = [&] {
        int sum = 0;
        for (int w : widths)
            sum += w;
        return sum + kGap * qMax(0, n - 1);
    };
    // Too wide: ids first, then the widest text column, one character at a time down to a floor.
    for (const Column kind : { Column::Id, Column::Text }) {
        const int floor = kind == Column::Id ? kMinId : kMinText;
        while (width > 0 && total() > width) {
            int widest = -1;
            for (int c = 0; c < n; ++c) {
                if (m_columns.at(c).kind == kind && widths.at(c) > floor
                    && (widest < 0 || widths.at(c) > widths.at(widest)))
                    widest = c;
            }
            if (widest < 0)
                break;
            widths[widest] -= 1;
        }
    }
    auto line = [&](const QStringList &cells) {
        QString text;
        for (int c = 0; c < n; ++c) {
            const QString cell = shorten(cells.at(c), widths.at(c),
                                         &cells == &headers ? Column::Text : m_columns.at(c).kind);
            text += c + 1 < n ? cell.leftJustified(widths.at(c) + kGap) : cell;
        }
        out << text << '\n';
    };
    line(headers);
    for (const ShownResource &row : m_rows) {
        QStringList cells;
        for (const Spec &s : m_columns)
            cells << row.text(s.key);
        line(cells);
    }
}

} // namespace RestoreDesk::Cli
