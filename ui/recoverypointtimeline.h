#pragma once

#include "backup/policy.h"
#include "models/recoverypointgaps.h"

#include <QAbstractItemModel>
#include <QItemSelectionModel>
#include <QPointer>
#include <QWidget>

#include <optional>
#include <vector>

namespace RestoreDesk {

// A protected item's recovery points along time: a lane per tier (snapshot, vault-standard,
// vault-archive) with a mark for each point the tier holds (colour by tier, shape by consistency;
// points closer than a mark merge into a bar), the gaps where the policy expected a point and
// none exists shaded and labelled ("no recovery point for 3 days"), a "now" line. Wheel or +/- zoom, drag or
// PageUp/PageDown pan, Left/Right move between points, Home/End go to the oldest/newest, 0 fits everything,
// Enter activates. Reads a model with RecoveryPointModel's roles on column 0 (TimeRole, TierRole,
// ConsistencyRole, SummaryRole) and follows/sets the current row of a QItemSelectionModel over that same
// model, so a table of the points stays in step. Positions are computed once per model change (no per-paint
// sorting); a paint visits only the visible points and draws at most one mark per pixel and lane. GUI thread;
// owned by the recovery-points page.
class RecoveryPointTimeline : public QWidget
{
    Q_OBJECT

public:
    explicit RecoveryPointTimeline(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model);
    QAbstractItemModel *model() const { return m_model; }
    // Over model(); the timeline sets its current index and follows it.
    void setSelectionModel(QItemSelectionModel *selection);
    QItemSelectionModel *selectionModel() const { return m_selection; }

    // The item's policy: what counts as a gap. Without one no gap is drawn.
    void setPolicy(const Backup::Policy &policy);
    void clearPolicy();
    // "Now": the right end of a fitted view and the end of an open gap (default: when shown).
    void setReferenceTime(const QDateTime &now);
    QDateTime referenceTime() const { return m_now; }

    struct Gap
    {
        QDateTime from;
        QDateTime to;
        bool open = false; // nothing since `from`
        QString text; // "no recovery point for 3 days"
    };
    QList<Gap> gaps() const;
    // One line per gap, for the accessible description and tests.
    QString gapsText() const;
    int pointCount() const;

    void setVisibleRange(const QDateTime &from, const QDateTime &to);
    QDateTime visibleFrom() const;
    QDateTime visibleTo() const;
    void zoomBy(double factor); // > 1 zooms in, around the current point or the middle
    void fitAll();

    int currentRow() const; // the model row of the current mark, or -1
    // Where a row's mark is drawn, in widget coordinates; null when not visible.
    QPointF markPosition(int row) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void activated(const QModelIndex &index);
    void visibleRangeChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Mark
    {
        qint64 ms;
        int row;
        quint8 tier; // RecoveryPointModel::Tier: the fastest tier, where the point is selected
        quint8 lanes; // a bit per tier lane the point is held in
        quint8 consistency; // RecoveryPointModel::Consistency
    };

    void invalidate();
    void ensureBuilt() const;
    void rebuild() const;
    void fitView() const;
    void setView(qint64 fromMs, qint64 toMs, bool byUser);
    QRectF plotRect() const;
    int laneOf(const Mark &m) const;
    QRectF laneRect(int lane, const QRectF &plot) const;
    QRectF gapStripRect(const QRectF &plot) const;
    qreal xFor(qint64 ms, const QRectF &plot) const;
    qint64 msAt(qreal x, const QRectF &plot) const;
    int markAt(const QPoint &pos) const;
    int gapAt(const QPoint &pos) const;
    void moveTo(int mark);
    void followCurrent(const QModelIndex &current);
    void ensureMarkVisible(int mark);
    void updateDescription();
    void paintAxis(QPainter &p, const QRectF &plot) const;
    void paintLanes(QPainter &p, const QRectF &plot) const;
    void paintGaps(QPainter &p, const QRectF &plot) const;
    void paintGapLabels(QPainter &p, const QRectF &plot) const;
    void paintMarks(QPainter &p, const QRectF &plot) const;
    void paintLegend(QPainter &p) const;
    QString gapText(const Models::RecoveryPointGaps::Gap &gap) const;

    QPointer<QAbstractItemModel> m_model;
    QPointer<QItemSelectionModel> m_selection;
    QList<QMetaObject::Connection> m_modelConnections;
    QMetaObject::Connection m_selectionConnection;
    Models::RecoveryPointGaps m_gapFinder;
    std::optional<Backup::Policy> m_policy;
    QDateTime m_now;

    // Derived from the model; rebuilt lazily after it changes.
    mutable bool m_dirty = true;
    mutable std::vector<Mark> m_marks; // ascending by time
    mutable std::vector<int> m_markOfRow;
    mutable QList<Models::RecoveryPointGaps::Gap> m_gaps;
    mutable qint64 m_viewFrom = 0;
    mutable qint64 m_viewTo = 0;
    mutable bool m_fitted = true; // the view follows the data until the operator zooms or pans
    mutable int m_current = -1; // index into m_marks
    mutable quint32 m_consistencies = 0; // a bit per RecoveryPointModel::Consistency present
    mutable quint32 m_tiers = 0; // a bit per RecoveryPointModel::Tier present

    bool m_dragging = false;
    QPoint m_dragStart;
    qint64 m_dragFrom = 0;
    qint64 m_dragTo = 0;
};

} // namespace RestoreDesk
