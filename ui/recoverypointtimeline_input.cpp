// Keyboard, mouse, wheel and tooltips of RecoveryPointTimeline.
#include "models/recoverypointmodel.h"
#include "models/timetext.h"
#include "recoverypointtimeline.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QTimeZone>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

namespace RestoreDesk {

using Models::RecoveryPointModel;

void RecoveryPointTimeline::keyPressEvent(QKeyEvent *event)
{
    ensureBuilt();
    const qint64 span = m_viewTo - m_viewFrom;
    switch (event->key()) {
    case Qt::Key_Left:
        moveTo(m_current < 0 ? int(m_marks.size()) - 1 : m_current - 1);
        break;
    case Qt::Key_Right:
        moveTo(m_current < 0 ? int(m_marks.size()) - 1 : m_current + 1);
        break;
    case Qt::Key_Home:
        moveTo(0);
        break;
    case Qt::Key_End:
        moveTo(int(m_marks.size()) - 1);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(2);
        break;
    case Qt::Key_Minus:
        zoomBy(0.5);
        break;
    case Qt::Key_0:
        fitAll();
        break;
    case Qt::Key_PageUp:
        setView(m_viewFrom - span * 3 / 4, m_viewTo - span * 3 / 4, true);
        break;
    case Qt::Key_PageDown:
        setView(m_viewFrom + span * 3 / 4, m_viewTo + span * 3 / 4, true);
        break;
    case Qt::Key_Enter:
    case Qt::Key_Return:
        if (m_current >= 0)
            Q_EMIT activated(m_model->index(m_marks[size_t(m_current)].row, 0));
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

void RecoveryPointTimeline::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    const int mark = markAt(event->position().toPoint());
    if (mark >= 0) {
        moveTo(mark);
        return;
    }
    m_dragging = true;
    m_dragStart = event->position().toPoint();
    m_dragFrom = m_viewFrom;
    m_dragTo = m_viewTo;
    setCursor(Qt::ClosedHandCursor);
}

void RecoveryPointTimeline::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return;
    const QRectF plot = plotRect();
    const qint64 shift = qint64(double(event->position().x() - m_dragStart.x()) / qMax<qreal>(1, plot.width())
                                * double(m_dragTo - m_dragFrom));
    setView(m_dragFrom - shift, m_dragTo - shift, true);
}

void RecoveryPointTimeline::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging) {
        m_dragging = false;
        unsetCursor();
    }
    QWidget::mouseReleaseEvent(event);
}

void RecoveryPointTimeline::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int mark = markAt(event->position().toPoint());
    if (mark >= 0)
        Q_EMIT activated(m_model->index(m_marks[size_t(mark)].row, 0));
}

void RecoveryPointTimeline::wheelEvent(QWheelEvent *event)
{
    ensureBuilt();
    const QPoint delta = event->angleDelta();
    const QRectF plot = plotRect();
    const qint64 span = m_viewTo - m_viewFrom;
    if (delta.x() != 0 || event->modifiers() & Qt::ShiftModifier) {
        const int steps = delta.x() != 0 ? delta.x() : delta.y();
        const qint64 shift = qint64(double(span) * steps / 120.0 / 10.0);
        setView(m_viewFrom - shift, m_viewTo - shift, true);
    } else if (delta.y() != 0) {
        const double factor = std::pow(1.25, delta.y() / 120.0);
        const qint64 anchor = msAt(event->position().x(), plot);
        setView(anchor - qint64(double(anchor - m_viewFrom) / factor),
                anchor + qint64(double(m_viewTo - anchor) / factor), true);
    }
    event->accept();
}

bool RecoveryPointTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto help = static_cast<QHelpEvent *>(event);
        const int mark = markAt(help->pos());
        if (mark >= 0) {
            QToolTip::showText(
                help->globalPos(),
                m_model->index(m_marks[size_t(mark)].row, 0).data(RecoveryPointModel::SummaryRole).toString(),
                this);
        } else if (const int gap = gapAt(help->pos()); gap >= 0) {
            const auto &g = m_gaps.at(gap);
            QToolTip::showText(
                help->globalPos(),
                tr("%1\nfrom %2 to %3")
                    .arg(gapText(g),
                         Models::localTimeText(QDateTime::fromMSecsSinceEpoch(g.fromMs, QTimeZone::utc())),
                         Models::localTimeText(QDateTime::fromMSecsSinceEpoch(g.toMs, QTimeZone::utc()))),
                this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
        update();
    return QWidget::event(event);
}

} // namespace RestoreDesk
