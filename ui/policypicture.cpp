#include "policypicture.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>
#include <iterator>

namespace RestoreDesk {

namespace {

constexpr int kMargin = 8;
constexpr qint64 kDay = 86400;

// Round axis ends, in days: one week … a century.
constexpr qint64 kAxisDays[] = { 7, 31, 92, 366, 731, 1827, 3653, 7306, 18263, 36525 };

} // namespace

PolicyPicture::PolicyPicture(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("policyPicture"));
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    clear();
}

void PolicyPicture::clear()
{
    m_rows.clear();
    m_policyName.clear();
    m_message = tr("No policy selected.");
    m_current = -1;
    updateDescriptions();
    updateGeometry();
    update();
}

void PolicyPicture::setPolicy(const Backup::Policy &policy, const QDateTime &now)
{
    m_policyName = policy.name;
    m_rows = retentionRows(policy, now, &m_message);
    qint64 longest = 0;
    for (const RetentionRow &r : std::as_const(m_rows)) {
        longest = qMax(longest, r.keepSecs);
        for (qint64 age : r.ageSecs)
            longest = qMax(longest, age);
    }
    m_axisSecs = kAxisDays[std::size(kAxisDays) - 1] * kDay;
    for (qint64 days : kAxisDays) {
        if (days * kDay >= longest) {
            m_axisSecs = days * kDay;
            break;
        }
    }
    m_current = m_rows.isEmpty() ? -1 : qMin(m_current, int(m_rows.size()) - 1);
    updateDescriptions();
    updateGeometry();
    update();
}

QString PolicyPicture::summaryText() const
{
    if (m_rows.isEmpty())
        return m_message;
    QStringList lines;
    for (const RetentionRow &r : m_rows)
        lines << r.label;
    return lines.join(QLatin1Char('\n'));
}

void PolicyPicture::updateDescriptions()
{
    setAccessibleName(m_policyName.isEmpty() ? tr("Retention picture")
                                             : tr("Retention picture of policy %1").arg(m_policyName));
    QString description = summaryText();
    if (m_current >= 0)
        description = m_rows.at(m_current).label + tr(": ") + m_rows.at(m_current).detail + QLatin1Char('\n')
            + description;
    setAccessibleDescription(description);
    setToolTip(summaryText());
}

int PolicyPicture::rowHeight() const
{
    return 2 * fontMetrics().height() + 10;
}

int PolicyPicture::axisHeight() const
{
    return fontMetrics().height() + 10;
}

QSize PolicyPicture::sizeHint() const
{
    const int rows = qMax(1, int(m_rows.size()));
    return { 640, 2 * kMargin + axisHeight() + rows * rowHeight() };
}

QSize PolicyPicture::minimumSizeHint() const
{
    const int rows = qMax(1, int(m_rows.size()));
    return { 360, 2 * kMargin + axisHeight() + rows * rowHeight() };
}

QRectF PolicyPicture::plotRect() const
{
    // Room on the right for the last tick's label.
    const int right = fontMetrics().horizontalAdvance(tr("100 years ago")) / 2 + kMargin;
    return QRectF(kMargin, kMargin + axisHeight(), width() - kMargin - right,
                  qreal(m_rows.size()) * rowHeight());
}

qreal PolicyPicture::xFor(qint64 ageSecs, const QRectF &plot) const
{
    // Logarithmic in days: a day, a week, a month and years all get room.
    const double days = double(qMax<qint64>(0, ageSecs)) / kDay;
    const double span = double(m_axisSecs) / kDay;
    return plot.left() + plot.width() * std::log1p(days) / std::log1p(span);
}

QList<PolicyPicture::Tick> PolicyPicture::ticks() const
{
    QList<Tick> out { { 0, tr("now") } };
    const struct
    {
        qint64 days;
        const char *label;
    } kTicks[] = { { 1, QT_TR_NOOP("1 day") },        { 7, QT_TR_NOOP("1 week") },
                   { 31, QT_TR_NOOP("1 month") },     { 366, QT_TR_NOOP("1 year") },
                   { 731, QT_TR_NOOP("2 years") },    { 1827, QT_TR_NOOP("5 years") },
                   { 3653, QT_TR_NOOP("10 years") },  { 7306, QT_TR_NOOP("20 years") },
                   { 18263, QT_TR_NOOP("50 years") }, { 36525, QT_TR_NOOP("100 years") } };
    for (const auto &t : kTicks) {
        if (t.days * kDay > m_axisSecs)
            break;
        out << Tick { t.days * kDay, tr(t.label) };
    }
    if (out.last().secs < m_axisSecs)
        out << Tick { m_axisSecs, tr("%1 days").arg(m_axisSecs / kDay) };
    out.last().label = tr("%1 ago").arg(out.last().label);
    return out;
}

void PolicyPicture::paintAxis(QPainter &p, const QRectF &plot) const
{
    const QFontMetrics fm = fontMetrics();
    QColor grid = palette().color(QPalette::Mid);
    grid.setAlpha(110);
    for (const Tick &t : ticks()) {
        const qreal x = xFor(t.secs, plot);
        p.setPen(QPen(grid, 1, Qt::DotLine));
        p.drawLine(QPointF(x, plot.top() - 3), QPointF(x, plot.bottom()));
        p.setPen(palette().color(QPalette::WindowText));
        const int w = fm.horizontalAdvance(t.label);
        // The first label starts at "now", the others centre on their line.
        const qreal left = t.secs == 0 ? x : qMin(x - w / 2.0, width() - kMargin - qreal(w));
        p.drawText(QPointF(left, kMargin + fm.ascent()), t.label);
    }
}

void PolicyPicture::paintRow(QPainter &p, int i, const QRectF &plot) const
{
    const RetentionRow &r = m_rows.at(i);
    const QFontMetrics fm = fontMetrics();
    const QRectF band(plot.left(), plot.top() + i * rowHeight(), plot.width(), rowHeight());
    if (i == m_current && hasFocus()) {
        QColor highlight = palette().color(QPalette::Highlight);
        highlight.setAlpha(45);
        p.fillRect(band.adjusted(-kMargin / 2.0, 0, kMargin / 2.0, 0), highlight);
    }
    const QColor color = EstatePalette::accent(r.accent);
    // The label line: a swatch, then "Weekly (Sunday): 12 weeks".
    const qreal textY = band.top() + 4 + fm.ascent();
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawRoundedRect(QRectF(band.left(), textY - fm.ascent() + 2, fm.ascent() - 3, fm.ascent() - 3), 2, 2);
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QPointF(band.left() + fm.ascent() + 2, textY),
               fm.elidedText(r.label, Qt::ElideRight, int(band.width() - fm.ascent())));
    // The track: how long the rule keeps a point, and the points it keeps now.
    const qreal trackTop = band.top() + fm.height() + 6;
    const qreal trackH = qMax<qreal>(8, fm.height() - 4);
    const qreal x0 = xFor(0, plot);
    const qreal x1 = xFor(r.keepSecs, plot);
    QColor bar = EstatePalette::faded(color, palette(), 0.65);
    p.setPen(Qt::NoPen);
    p.setBrush(bar);
    p.drawRoundedRect(QRectF(x0, trackTop, qMax<qreal>(2, x1 - x0), trackH), 3, 3);
    if (r.continuous) {
        p.setBrush(QBrush(color, Qt::BDiagPattern));
        p.drawRoundedRect(QRectF(x0, trackTop, qMax<qreal>(2, x1 - x0), trackH), 3, 3);
    }
    p.setPen(QPen(palette().color(QPalette::Base), 1));
    p.setBrush(color);
    const qreal radius = qMax<qreal>(2.5, trackH / 3.2);
    qreal lastX = -1;
    for (qint64 age : r.ageSecs) {
        const qreal x = xFor(age, plot);
        if (std::abs(x - lastX) < 0.75)
            continue; // points closer than a pixel: one mark says it
        lastX = x;
        p.drawEllipse(QPointF(x, trackTop + trackH / 2), radius, radius);
    }
}

void PolicyPicture::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (m_rows.isEmpty()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin), Qt::AlignCenter | Qt::TextWordWrap,
                   m_message);
    } else {
        const QRectF plot = plotRect();
        paintAxis(p, plot);
        for (int i = 0; i < m_rows.size(); ++i)
            paintRow(p, i, plot);
    }
    if (hasFocus() && m_current < 0) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(rect().adjusted(0, 0, -1, -1));
    }
}

int PolicyPicture::rowAt(const QPoint &pos) const
{
    const QRectF plot = plotRect();
    if (pos.y() < plot.top())
        return -1;
    const int row = int((pos.y() - plot.top()) / rowHeight());
    return row < m_rows.size() ? row : -1;
}

void PolicyPicture::setCurrent(int row)
{
    if (m_rows.isEmpty())
        return;
    m_current = qBound(0, row, int(m_rows.size()) - 1);
    updateDescriptions();
    update();
    const QRectF plot = plotRect();
    QToolTip::showText(mapToGlobal(QPoint(int(plot.left()), int(plot.top() + m_current * rowHeight()))),
                       m_rows.at(m_current).label + QLatin1Char('\n') + m_rows.at(m_current).detail, this);
}

void PolicyPicture::keyPressEvent(QKeyEvent *event)
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
        setCurrent(int(m_rows.size()) - 1);
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

bool PolicyPicture::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos());
        QToolTip::showText(help->globalPos(),
                           row >= 0 ? m_rows.at(row).label + QLatin1Char('\n') + m_rows.at(row).detail
                                    : summaryText(),
                           this);
        return true;
    }
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
        update();
    return QWidget::event(event);
}

} // namespace RestoreDesk
