#include "jobschart.h"

#include "estatepalette.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace RestoreDesk {

namespace {
constexpr int kMargin = 4;
constexpr int kGap = 10;
} // namespace

JobsChart::JobsChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("jobsChart"));
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Jobs by outcome"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setCounts({});
}

void JobsChart::setCounts(const Backup::Overview::JobCounts &counts)
{
    using EstatePalette::Accent;
    m_counts = counts;
    m_bars = { { tr("Succeeded"), counts.succeeded, EstatePalette::accent(Accent::Good) },
               { tr("Failed"), counts.failed, EstatePalette::accent(Accent::Bad) },
               { tr("With warnings"), counts.withWarnings, EstatePalette::accent(Accent::Warning) },
               { tr("In progress"), counts.inProgress, EstatePalette::accent(Accent::Running) },
               { tr("Cancelled"), counts.cancelled, EstatePalette::accent(Accent::Neutral) } };
    if (counts.other > 0)
        m_bars.append({ tr("Other"), counts.other, EstatePalette::accent(Accent::Neutral) });
    m_current = qMin(m_current, int(m_bars.size()) - 1);
    updateDescriptions();
    updateGeometry();
    update();
}

QString JobsChart::barText(int bar) const
{
    if (bar < 0 || bar >= m_bars.size())
        return {};
    const Bar &b = m_bars.at(bar);
    return b.count == 1 ? tr("%1: 1 job").arg(b.label) : tr("%1: %2 jobs").arg(b.label).arg(b.count);
}

QString JobsChart::summaryText() const
{
    QStringList parts;
    for (const Bar &b : m_bars)
        parts << tr("%1: %2").arg(b.label).arg(b.count);
    return parts.join(tr(", "));
}

void JobsChart::updateDescriptions()
{
    const QString summary = summaryText();
    setToolTip(summary);
    setAccessibleDescription(m_current >= 0 ? barText(m_current) + tr(". ") + summary : summary);
}

int JobsChart::rowHeight() const
{
    return fontMetrics().height() + 8;
}

int JobsChart::labelWidth() const
{
    int w = 0;
    for (const Bar &b : m_bars)
        w = qMax(w, fontMetrics().horizontalAdvance(b.label));
    return w;
}

QSize JobsChart::sizeHint() const
{
    return { labelWidth() + 520, int(m_bars.size()) * rowHeight() + 2 * kMargin };
}

QSize JobsChart::minimumSizeHint() const
{
    return { labelWidth() + 120, int(m_bars.size()) * rowHeight() + 2 * kMargin };
}

int JobsChart::barAt(const QPoint &pos) const
{
    const int row = (pos.y() - kMargin) / rowHeight();
    return pos.y() >= kMargin && row >= 0 && row < m_bars.size() ? row : -1;
}

void JobsChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int labelW = labelWidth();
    int max = 1;
    for (const Bar &b : m_bars)
        max = qMax(max, b.count);
    const int countW = fm.horizontalAdvance(QString::number(max)) + kGap;
    const int barLeft = kMargin + labelW + kGap;
    const int barSpace = qMax(10, width() - barLeft - countW - kMargin);
    const int rowH = rowHeight();
    for (int i = 0; i < m_bars.size(); ++i) {
        const Bar &b = m_bars.at(i);
        const QRect row(kMargin, kMargin + i * rowH, width() - 2 * kMargin, rowH);
        if (i == m_current && hasFocus()) {
            QColor highlight = palette().color(QPalette::Highlight);
            highlight.setAlpha(50);
            p.fillRect(row, highlight);
        }
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(row.left(), row.top(), labelW, rowH), Qt::AlignVCenter | Qt::AlignRight, b.label);
        const int barH = qMax(6, rowH - 10);
        const QRectF track(barLeft, row.top() + (rowH - barH) / 2.0, barSpace, barH);
        p.fillRect(track, EstatePalette::faded(palette().color(QPalette::Mid), palette(), 0.8));
        const qreal length = b.count > 0 ? qMax<qreal>(3, barSpace * qreal(b.count) / max) : 0;
        if (length > 0) {
            QPainterPath path;
            path.addRoundedRect(QRectF(track.left(), track.top(), length, barH), 2, 2);
            p.fillPath(path, b.color);
        }
        p.setPen(palette().color(QPalette::WindowText));
        const int textLeft = int(track.left() + length) + 6;
        p.drawText(QRect(textLeft, row.top(), countW + barSpace, rowH), Qt::AlignVCenter | Qt::AlignLeft,
                   QString::number(b.count));
    }
    if (hasFocus() && m_current < 0) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
        p.drawRect(rect().adjusted(0, 0, -1, -1));
    }
}

bool JobsChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto help = static_cast<QHelpEvent *>(event);
        const int bar = barAt(help->pos());
        QToolTip::showText(help->globalPos(), bar >= 0 ? barText(bar) : summaryText(), this);
        return true;
    }
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
        update();
    return QWidget::event(event);
}

void JobsChart::setCurrent(int bar)
{
    m_current = qBound(0, bar, int(m_bars.size()) - 1);
    updateDescriptions();
    update();
}

void JobsChart::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Down:
        setCurrent(m_current + 1);
        break;
    case Qt::Key_Up:
        setCurrent(m_current < 0 ? 0 : m_current - 1);
        break;
    case Qt::Key_Home:
        setCurrent(0);
        break;
    case Qt::Key_End:
        setCurrent(int(m_bars.size()) - 1);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    if (m_current >= 0)
        QToolTip::showText(mapToGlobal(QPoint(width() / 2, kMargin + m_current * rowHeight())),
                           barText(m_current), this);
}

} // namespace RestoreDesk
