#pragma once

#include "backup/overview.h"

#include <QWidget>

namespace RestoreDesk {

// A small horizontal bar chart of a window's jobs by outcome: succeeded, failed, completed with
// warnings, in progress, cancelled (and other, when there are any). Custom-painted from the palette
// and the estate accents; the numbers are also text: summaryText() is the accessible description
// and the tooltip, each bar has its own tooltip, and Up/Down walk the bars with the keyboard.
// GUI thread; owned by the overview widget.
class JobsChart : public QWidget
{
    Q_OBJECT

public:
    explicit JobsChart(QWidget *parent = nullptr);

    void setCounts(const Backup::Overview::JobCounts &counts);
    const Backup::Overview::JobCounts &counts() const { return m_counts; }

    int barCount() const { return int(m_bars.size()); }
    // "Failed: 2 jobs"; empty when out of range.
    QString barText(int bar) const;
    // One line: every bar's label and number.
    QString summaryText() const;
    // The bar under a point of the widget, or -1.
    int barAt(const QPoint &pos) const;
    int currentBar() const { return m_current; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct Bar
    {
        QString label;
        int count = 0;
        QColor color;
    };

    int rowHeight() const;
    int labelWidth() const;
    void setCurrent(int bar);
    void updateDescriptions();

    Backup::Overview::JobCounts m_counts;
    QList<Bar> m_bars;
    int m_current = -1;
};

} // namespace RestoreDesk
