#pragma once

#include "retentionrows.h"

#include <QWidget>

namespace RestoreDesk {

// A policy's schedule and retention as a picture: one row per retention rule (snapshot tier,
// daily, weekly, monthly, yearly; for SQL policies per sub-policy: Full's rules, Differential,
// the Log chain) on a shared logarithmic time axis, "now" at the left and the longest retention
// at the right; a bar for how long the rule keeps a point and a mark for each point it keeps now.
// Unknown kinds show a sentence instead. The text summary (one line per row) is the accessible
// description and the tooltip; Up/Down walk the rows. Painted from the palette and the estate
// accents, at any device pixel ratio. GUI thread; owned by the policy page.
class PolicyPicture : public QWidget
{
    Q_OBJECT

public:
    explicit PolicyPicture(QWidget *parent = nullptr);

    void setPolicy(const Backup::Policy &policy, const QDateTime &now);
    void clear();

    bool isDrawn() const { return !m_rows.isEmpty(); }
    // Why nothing is drawn ("This policy kind … is not drawn; see the raw JSON"); empty when drawn.
    QString message() const { return m_message; }
    int rowCount() const { return int(m_rows.size()); }
    const RetentionRow &row(int i) const { return m_rows.at(i); }
    // One line per row: "Daily: 30 days\nWeekly (Sunday): 12 weeks…", or the message.
    QString summaryText() const;
    int currentRow() const { return m_current; }
    // The span of the time axis (a round figure at or beyond the longest retention).
    qint64 axisSecs() const { return m_axisSecs; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Tick
    {
        qint64 secs;
        QString label;
    };

    int rowHeight() const;
    int axisHeight() const;
    QRectF plotRect() const;
    qreal xFor(qint64 ageSecs, const QRectF &plot) const;
    int rowAt(const QPoint &pos) const;
    void setCurrent(int row);
    void updateDescriptions();
    QList<Tick> ticks() const;
    void paintAxis(QPainter &p, const QRectF &plot) const;
    void paintRow(QPainter &p, int i, const QRectF &plot) const;

    QList<RetentionRow> m_rows;
    QString m_message;
    QString m_policyName;
    qint64 m_axisSecs = 7 * 86400;
    int m_current = -1;
};

} // namespace RestoreDesk
