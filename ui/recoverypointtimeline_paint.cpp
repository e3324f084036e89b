// Painting of RecoveryPointTimeline: lanes by tier, the time axis, gaps, marks and the legend.
#include "estatepalette.h"
#include "models/recoverypointmodel.h"
#include "recoverypointtimeline.h"
#include "timelineticks.h"

#include <QAbstractItemModel>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace RestoreDesk {

using Models::RecoveryPointModel;
using Tier = RecoveryPointModel::Tier;
using Consistency = RecoveryPointModel::Consistency;

namespace {

constexpr int kLanes = 3;
constexpr int kConsistencies = int(Consistency::Other) + 1;

QColor tierColor(int tier)
{
    using EstatePalette::Accent;
    switch (Tier(tier)) {
    case Tier::Snapshot:
        return EstatePalette::accent(Accent::Snapshot);
    case Tier::VaultStandard:
        return EstatePalette::accent(Accent::Standard);
    case Tier::VaultArchive:
        return EstatePalette::accent(Accent::Archive);
    case Tier::Unknown:
        break;
    }
    return EstatePalette::accent(Accent::Neutral);
}

// One mark: circle crash, square file-system, diamond application; triangles for SQL full (up)
// and differential (down), a bar for a log chain; a ring for anything else.
void drawShape(QPainter &p, int consistency, const QPointF &c, qreal r)
{
    switch (Consistency(consistency)) {
    case Consistency::Crash:
        p.drawEllipse(c, r, r);
        return;
    case Consistency::FileSystem:
        p.drawRect(QRectF(c.x() - r * 0.9, c.y() - r * 0.9, r * 1.8, r * 1.8));
        return;
    case Consistency::Application: {
        const QPointF pts[] = { { c.x(), c.y() - r * 1.2 },
                                { c.x() + r * 1.2, c.y() },
                                { c.x(), c.y() + r * 1.2 },
                                { c.x() - r * 1.2, c.y() } };
        p.drawPolygon(pts, 4);
        return;
    }
    case Consistency::SqlFull: {
        const QPointF pts[]
            = { { c.x(), c.y() - r * 1.2 }, { c.x() + r * 1.1, c.y() + r }, { c.x() - r * 1.1, c.y() + r } };
        p.drawPolygon(pts, 3);
        return;
    }
    case Consistency::SqlDifferential: {
        const QPointF pts[]
            = { { c.x(), c.y() + r * 1.2 }, { c.x() + r * 1.1, c.y() - r }, { c.x() - r * 1.1, c.y() - r } };
        p.drawPolygon(pts, 3);
        return;
    }
    case Consistency::SqlLog:
        p.drawRect(QRectF(c.x() - r * 0.35, c.y() - r * 1.3, r * 0.7, r * 2.6));
        return;
    case Consistency::Other:
        break;
    }
    const QBrush brush = p.brush();
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(c, r * 0.8, r * 0.8);
    p.setBrush(brush);
}

QString laneName(int lane)
{
    switch (lane) {
    case 0:
        return RecoveryPointTimeline::tr("Snapshot");
    case 1:
        return RecoveryPointTimeline::tr("Vault-standard");
    default:
        return RecoveryPointTimeline::tr("Vault-archive");
    }
}

QString consistencyName(int consistency)
{
    switch (Consistency(consistency)) {
    case Consistency::Crash:
        return RecoveryPointTimeline::tr("crash-consistent");
    case Consistency::FileSystem:
        return RecoveryPointTimeline::tr("file-system consistent");
    case Consistency::Application:
        return RecoveryPointTimeline::tr("application consistent");
    case Consistency::SqlFull:
        return RecoveryPointTimeline::tr("SQL full");
    case Consistency::SqlDifferential:
        return RecoveryPointTimeline::tr("SQL differential");
    case Consistency::SqlLog:
        return RecoveryPointTimeline::tr("SQL log");
    case Consistency::Other:
        break;
    }
    return RecoveryPointTimeline::tr("other");
}

} // namespace

int RecoveryPointTimeline::laneOf(const Mark &m) const
{
    switch (Tier(m.tier)) {
    case Tier::Snapshot:
        return 0;
    case Tier::VaultArchive:
        return 2;
    case Tier::VaultStandard:
    case Tier::Unknown:
        break;
    }
    return 1;
}

QSize RecoveryPointTimeline::sizeHint() const
{
    const int h = fontMetrics().height();
    return { 800, (h + 8) + kLanes * (3 * h) + (h + 10) + (h + 12) };
}

QSize RecoveryPointTimeline::minimumSizeHint() const
{
    const int h = fontMetrics().height();
    return { 320, (h + 8) + kLanes * (h + 8) + (h + 10) + (h + 12) };
}

QRectF RecoveryPointTimeline::plotRect() const
{
    const QFontMetrics fm = fontMetrics();
    int labels = 0;
    for (int lane = 0; lane < kLanes; ++lane)
        labels = qMax(labels, fm.horizontalAdvance(laneName(lane)));
    const qreal left = labels + fm.height() + 14;
    const qreal top = fm.height() + 8;
    const qreal bottom = height() - (fm.height() + 12) - (fm.height() + 10); // legend, gap labels
    return QRectF(left, top, qMax<qreal>(10, width() - left - 10), qMax<qreal>(10, bottom - top));
}

QRectF RecoveryPointTimeline::laneRect(int lane, const QRectF &plot) const
{
    const qreal h = plot.height() / kLanes;
    return QRectF(plot.left(), plot.top() + lane * h, plot.width(), h);
}

QRectF RecoveryPointTimeline::gapStripRect(const QRectF &plot) const
{
    return QRectF(plot.left(), plot.bottom() + 3, plot.width(), fontMetrics().height() + 6);
}

void RecoveryPointTimeline::paintLanes(QPainter &p, const QRectF &plot) const
{
    const QFontMetrics fm = fontMetrics();
    for (int lane = 0; lane < kLanes; ++lane) {
        const QRectF r = laneRect(lane, plot);
        p.fillRect(r, palette().color(lane % 2 ? QPalette::AlternateBase : QPalette::Base));
        const qreal y = r.center().y();
        p.setPen(Qt::NoPen);
        p.setBrush(tierColor(lane == 0       ? int(Tier::Snapshot)
                                 : lane == 1 ? int(Tier::VaultStandard)
                                             : int(Tier::VaultArchive)));
        const qreal s = fm.ascent() * 0.6;
        p.drawRoundedRect(QRectF(6, y - s / 2, s, s), 2, 2);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QPointF(10 + s, y + fm.ascent() / 2.0 - 1), laneName(lane));
    }
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
}

void RecoveryPointTimeline::paintAxis(QPainter &p, const QRectF &plot) const
{
    const QFontMetrics fm = fontMetrics();
    const int spacing = fm.horizontalAdvance(QStringLiteral("00 Sep 0000")) + 16;
    QColor minor = palette().color(QPalette::Mid);
    minor.setAlpha(90);
    QColor major = palette().color(QPalette::Mid);
    for (const TimelineTick &t : timelineTicks(m_viewFrom, m_viewTo, int(plot.width()), spacing)) {
        const qreal x = xFor(t.ms, plot);
        p.setPen(QPen(t.major ? major : minor, 1, Qt::DotLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(palette().color(QPalette::WindowText));
        const int w = fm.horizontalAdvance(t.label);
        const qreal left = qBound<qreal>(0, x - w / 2.0, width() - w - 2);
        p.drawText(QPointF(left, fm.ascent() + 3), t.label);
    }
    const qint64 now = m_now.toMSecsSinceEpoch();
    if (now >= m_viewFrom && now <= m_viewTo) {
        const qreal x = xFor(now, plot);
        p.setPen(QPen(palette().color(QPalette::WindowText), 1.5, Qt::DashLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
}

// Gaps stay visible at any zoom: a band at least a few pixels wide across the lanes.
void RecoveryPointTimeline::paintGaps(QPainter &p, const QRectF &plot) const
{
    const QColor bad = EstatePalette::accent(EstatePalette::Accent::Bad);
    QColor fill = bad;
    fill.setAlpha(55);
    for (const Models::RecoveryPointGaps::Gap &g : std::as_const(m_gaps)) {
        if (g.toMs < m_viewFrom || g.fromMs > m_viewTo)
            continue;
        qreal x0 = qMax(plot.left(), xFor(g.fromMs, plot));
        qreal x1 = qMin(plot.right(), xFor(g.toMs, plot));
        if (x1 - x0 < 5) {
            const qreal c = (x0 + x1) / 2;
            x0 = c - 2.5;
            x1 = c + 2.5;
        }
        const QRectF band(x0, plot.top() + 1, x1 - x0, plot.height() - 2);
        p.fillRect(band, fill);
        p.setPen(QPen(bad, 1, Qt::DashLine));
        p.drawLine(band.topLeft(), band.bottomLeft());
        p.drawLine(band.topRight(), band.bottomRight());
    }
}

// The words under the bands, in their own strip so they never cover a mark; a label that would
// run into the previous one is left to the tooltip and the accessible description.
void RecoveryPointTimeline::paintGapLabels(QPainter &p, const QRectF &plot) const
{
    const QFontMetrics fm = fontMetrics();
    const QRectF strip = gapStripRect(plot);
    const QColor bad = EstatePalette::accent(EstatePalette::Accent::Bad);
    qreal freeFrom = strip.left();
    for (const Models::RecoveryPointGaps::Gap &g : std::as_const(m_gaps)) {
        if (g.toMs < m_viewFrom || g.fromMs > m_viewTo)
            continue;
        const qreal centre
            = (qMax(plot.left(), xFor(g.fromMs, plot)) + qMin(plot.right(), xFor(g.toMs, plot))) / 2;
        const QString text = fm.elidedText(gapText(g), Qt::ElideRight, int(strip.width()) - 10);
        const qreal w = fm.horizontalAdvance(text) + 10;
        const qreal left = qBound(strip.left(), centre - w / 2, strip.right() - w);
        if (left < freeFrom)
            continue;
        const QRectF pill(left, strip.top(), w, strip.height() - 1);
        p.setPen(QPen(bad, 1));
        p.setBrush(EstatePalette::faded(bad, palette(), 0.85));
        p.drawRoundedRect(pill, 4, 4);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(pill, Qt::AlignCenter, text);
        p.setPen(QPen(bad, 1));
        p.drawLine(QPointF(centre, plot.bottom()), QPointF(centre, pill.top()));
        freeFrom = pill.right() + 6;
    }
}

// A mark per point and tier lane; marks that would touch merge into a bar per lane, so 20 000
// points zoomed out draw as a few runs and any break in a run is a real absence.
void RecoveryPointTimeline::paintMarks(QPainter &p, const QRectF &plot) const
{
    const qreal r = qBound<qreal>(3, fontMetrics().height() / 4.0, 6);
    struct Run
    {
        qreal from = 0;
        qreal to = 0;
        int count = 0;
        int shape = 0;
        QColor color;
    };
    Run runs[kLanes];
    const QPen outline(palette().color(QPalette::Base), 1);
    const auto flush = [&](int lane) {
        Run &run = runs[lane];
        if (run.count == 0)
            return;
        const qreal y = laneRect(lane, plot).center().y();
        p.setPen(outline);
        p.setBrush(run.color);
        if (run.count == 1)
            drawShape(p, run.shape, QPointF(run.from, y), r);
        else
            p.drawRoundedRect(QRectF(run.from - r, y - r * 0.8, run.to - run.from + 2 * r, r * 1.6), r * 0.8,
                              r * 0.8);
        run.count = 0;
    };
    const auto first = std::lower_bound(m_marks.begin(), m_marks.end(), m_viewFrom,
                                        [](const Mark &m, qint64 ms) { return m.ms < ms; });
    // A gap breaks every run, however close its ends are on screen.
    qsizetype gap = 0;
    for (auto it = first; it != m_marks.end() && it->ms <= m_viewTo; ++it) {
        const qreal x = xFor(it->ms, plot);
        if (gap < m_gaps.size() && it->ms >= m_gaps.at(gap).toMs) {
            for (int lane = 0; lane < kLanes; ++lane)
                flush(lane);
            while (gap < m_gaps.size() && m_gaps.at(gap).toMs <= it->ms)
                ++gap;
        }
        for (int lane = 0; lane < kLanes; ++lane) {
            if (!(it->lanes & (1 << lane)))
                continue;
            Run &run = runs[lane];
            if (run.count > 0 && x - run.to < 2 * r + 1) {
                run.to = x;
                ++run.count;
                continue;
            }
            flush(lane);
            run = Run { x, x, 1, qMin<int>(it->consistency, kConsistencies - 1),
                        tierColor(Tier(it->tier) == Tier::Unknown ? int(Tier::Unknown) : lane) };
        }
    }
    for (int lane = 0; lane < kLanes; ++lane)
        flush(lane);
    if (m_current >= 0) {
        const Mark &m = m_marks[size_t(m_current)];
        if (m.ms >= m_viewFrom && m.ms <= m_viewTo) {
            const QPointF c(xFor(m.ms, plot), laneRect(laneOf(m), plot).center().y());
            const QColor highlight = palette().color(QPalette::Highlight);
            p.setPen(QPen(highlight, 1));
            p.drawLine(QPointF(c.x(), plot.top()), QPointF(c.x(), plot.bottom()));
            p.setPen(QPen(highlight, 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(c, r + 4, r + 4);
        }
    }
}

void RecoveryPointTimeline::paintLegend(QPainter &p) const
{
    const QFontMetrics fm = fontMetrics();
    const qreal y = height() - fm.height() / 2.0 - 4;
    qreal x = plotRect().left();
    const qreal r = qBound<qreal>(3, fm.height() / 4.0, 6);
    const auto item = [&](const QString &text) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QPointF(x, y + fm.ascent() / 2.0 - 1), text);
        x += fm.horizontalAdvance(text) + 16;
    };
    for (int c = 0; c < kConsistencies; ++c) {
        if (!(m_consistencies & (1u << c)))
            continue;
        p.setPen(QPen(palette().color(QPalette::WindowText), 1));
        p.setBrush(palette().color(QPalette::WindowText));
        drawShape(p, c, QPointF(x + r, y), r);
        x += 2 * r + 5;
        item(consistencyName(c));
    }
    if (!m_gaps.isEmpty()) {
        QColor fill = EstatePalette::accent(EstatePalette::Accent::Bad);
        fill.setAlpha(80);
        p.fillRect(QRectF(x, y - r, 2 * r, 2 * r), fill);
        x += 2 * r + 5;
        item(tr("missing: the policy expected a point here"));
    }
    if (m_tiers & (1u << int(Tier::VaultArchive)))
        item(tr("vault-archive points need rehydration before a restore"));
}

void RecoveryPointTimeline::paintEvent(QPaintEvent *)
{
    ensureBuilt();
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF plot = plotRect();
    paintLanes(p, plot);
    paintAxis(p, plot);
    p.save();
    p.setClipRect(plot.adjusted(-8, -2, 8, 2));
    paintMarks(p, plot);
    paintGaps(p, plot); // over the marks: a gap narrower than a mark still shows
    p.restore();
    paintGapLabels(p, plot);
    paintLegend(p);
    if (m_marks.empty()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(plot, Qt::AlignCenter, tr("No recovery points loaded yet."));
    }
    if (hasFocus()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));
    }
}

} // namespace RestoreDesk
