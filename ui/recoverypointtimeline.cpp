#include "recoverypointtimeline.h"

#include "models/recoverypointmodel.h"
#include "models/timetext.h"

#include <QAbstractItemModel>
#include <QItemSelectionModel>
#include <QTimeZone>

#include <algorithm>

namespace RestoreDesk {

using Models::RecoveryPointModel;

namespace {
constexpr qint64 kHourMs = 3600 * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr qint64 kMinSpanMs = 2 * kHourMs;
constexpr qint64 kMaxSpanMs = 200LL * 366 * kDayMs;
} // namespace

RecoveryPointTimeline::RecoveryPointTimeline(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("recoveryPointTimeline"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAccessibleName(tr("Recovery point timeline"));
    m_now = QDateTime::currentDateTimeUtc();
}

void RecoveryPointTimeline::setModel(QAbstractItemModel *model)
{
    for (const QMetaObject::Connection &c : std::as_const(m_modelConnections))
        disconnect(c);
    m_modelConnections.clear();
    m_model = model;
    if (model) {
        const auto changed = [this] { invalidate(); };
        m_modelConnections << connect(model, &QAbstractItemModel::modelReset, this, changed)
                           << connect(model, &QAbstractItemModel::rowsInserted, this, changed)
                           << connect(model, &QAbstractItemModel::rowsRemoved, this, changed)
                           << connect(model, &QAbstractItemModel::rowsMoved, this, changed)
                           << connect(model, &QAbstractItemModel::layoutChanged, this, changed)
                           << connect(model, &QAbstractItemModel::dataChanged, this, changed);
    }
    m_fitted = true;
    invalidate();
}

void RecoveryPointTimeline::setSelectionModel(QItemSelectionModel *selection)
{
    disconnect(m_selectionConnection);
    m_selection = selection;
    if (selection) {
        Q_ASSERT(selection->model() == m_model);
        m_selectionConnection = connect(selection, &QItemSelectionModel::currentChanged, this,
                                        [this](const QModelIndex &current) { followCurrent(current); });
        followCurrent(selection->currentIndex());
    }
}

void RecoveryPointTimeline::setPolicy(const Backup::Policy &policy)
{
    m_policy = policy;
    m_gapFinder.setPolicy(policy, m_now);
    invalidate();
}

void RecoveryPointTimeline::clearPolicy()
{
    m_policy.reset();
    m_gapFinder.clear();
    invalidate();
}

void RecoveryPointTimeline::setReferenceTime(const QDateTime &now)
{
    m_now = now.toUTC();
    if (m_policy)
        m_gapFinder.setPolicy(*m_policy, m_now);
    invalidate();
}

void RecoveryPointTimeline::invalidate()
{
    m_dirty = true;
    update();
}

void RecoveryPointTimeline::ensureBuilt() const
{
    if (m_dirty)
        rebuild();
}

void RecoveryPointTimeline::rebuild() const
{
    m_dirty = false;
    m_marks.clear();
    m_markOfRow.clear();
    m_gaps.clear();
    m_current = -1;
    const int rows = m_model ? m_model->rowCount() : 0;
    // Grown geometrically, not to the exact count: a listing read page by page rebuilds once per
    // page, and a buffer reallocated for every page leaves the heap full of holes.
    const auto grow = [rows](auto &v) {
        if (v.capacity() < size_t(rows))
            v.reserve(qMax(size_t(rows), 2 * v.capacity()));
    };
    grow(m_marks);
    grow(m_markOfRow);
    m_markOfRow.assign(size_t(rows), -1);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex index = m_model->index(row, 0);
        const QDateTime time = index.data(RecoveryPointModel::TimeRole).toDateTime();
        if (!time.isValid())
            continue;
        const int tier = index.data(RecoveryPointModel::TierRole).toInt();
        const int held = index.data(RecoveryPointModel::TierMaskRole).toInt() & 0x7;
        m_marks.push_back(Mark { time.toMSecsSinceEpoch(), row, quint8(tier),
                                 quint8(held ? held : 1 << int(RecoveryPointModel::Tier::VaultStandard)),
                                 quint8(index.data(RecoveryPointModel::ConsistencyRole).toInt()) });
    }
    const auto ascending = [](const Mark &a, const Mark &b) { return a.ms < b.ms; };
    // RecoveryPointModel keeps its rows newest first: reversing is all the sorting it needs.
    if (std::is_sorted(m_marks.rbegin(), m_marks.rend(), ascending))
        std::reverse(m_marks.begin(), m_marks.end());
    else if (!std::is_sorted(m_marks.begin(), m_marks.end(), ascending))
        std::stable_sort(m_marks.begin(), m_marks.end(), ascending);
    std::vector<qint64> times;
    times.reserve(m_marks.size());
    m_consistencies = 0;
    m_tiers = 0;
    for (size_t i = 0; i < m_marks.size(); ++i) {
        m_markOfRow[size_t(m_marks[i].row)] = int(i);
        times.push_back(m_marks[i].ms);
        m_consistencies |= 1u << m_marks[i].consistency;
        m_tiers |= m_marks[i].lanes;
    }
    m_gaps = m_gapFinder.find(times, m_now.toMSecsSinceEpoch());
    if (m_selection) {
        const QModelIndex current = m_selection->currentIndex();
        if (current.isValid() && current.row() < rows)
            m_current = m_markOfRow[size_t(current.row())];
    }
    if (m_fitted)
        fitView();
}

void RecoveryPointTimeline::fitView() const
{
    const qint64 now = m_now.toMSecsSinceEpoch();
    qint64 from = m_marks.empty() ? now - 7 * kDayMs : m_marks.front().ms;
    qint64 to = m_marks.empty() ? now : qMax(now, m_marks.back().ms);
    const qint64 span = qMax(to - from, kDayMs);
    from -= span / 40;
    to += span / 40;
    m_viewFrom = from;
    m_viewTo = to;
}

void RecoveryPointTimeline::fitAll()
{
    ensureBuilt();
    m_fitted = true;
    fitView();
    update();
    Q_EMIT visibleRangeChanged();
}

void RecoveryPointTimeline::setView(qint64 fromMs, qint64 toMs, bool byUser)
{
    const qint64 span = qBound(kMinSpanMs, toMs - fromMs, kMaxSpanMs);
    const qint64 middle = fromMs / 2 + toMs / 2;
    m_viewFrom = middle - span / 2;
    m_viewTo = m_viewFrom + span;
    if (byUser)
        m_fitted = false;
    update();
    Q_EMIT visibleRangeChanged();
}

void RecoveryPointTimeline::setVisibleRange(const QDateTime &from, const QDateTime &to)
{
    ensureBuilt();
    if (!from.isValid() && !to.isValid()) {
        fitAll();
        return;
    }
    const qint64 f = from.isValid() ? from.toMSecsSinceEpoch() : m_viewFrom;
    const qint64 t = to.isValid() ? to.toMSecsSinceEpoch() : qMax(m_now.toMSecsSinceEpoch(), f + kDayMs);
    setView(f, t, true);
}

QDateTime RecoveryPointTimeline::visibleFrom() const
{
    ensureBuilt();
    return QDateTime::fromMSecsSinceEpoch(m_viewFrom, QTimeZone::utc());
}

QDateTime RecoveryPointTimeline::visibleTo() const
{
    ensureBuilt();
    return QDateTime::fromMSecsSinceEpoch(m_viewTo, QTimeZone::utc());
}

void RecoveryPointTimeline::zoomBy(double factor)
{
    ensureBuilt();
    const qint64 anchor = m_current >= 0 && m_marks[size_t(m_current)].ms >= m_viewFrom
            && m_marks[size_t(m_current)].ms <= m_viewTo
        ? m_marks[size_t(m_current)].ms
        : m_viewFrom / 2 + m_viewTo / 2;
    const double left = double(anchor - m_viewFrom) / factor;
    const double right = double(m_viewTo - anchor) / factor;
    setView(anchor - qint64(left), anchor + qint64(right), true);
}

int RecoveryPointTimeline::pointCount() const
{
    ensureBuilt();
    return int(m_marks.size());
}

QString RecoveryPointTimeline::gapText(const Models::RecoveryPointGaps::Gap &gap) const
{
    const QString span = Models::durationText((gap.toMs - gap.fromMs) / 1000);
    return gap.open ? tr("no recovery point for the last %1").arg(span)
                    : tr("no recovery point for %1").arg(span);
}

QList<RecoveryPointTimeline::Gap> RecoveryPointTimeline::gaps() const
{
    ensureBuilt();
    QList<Gap> out;
    for (const Models::RecoveryPointGaps::Gap &g : std::as_const(m_gaps))
        out << Gap { QDateTime::fromMSecsSinceEpoch(g.fromMs, QTimeZone::utc()),
                     QDateTime::fromMSecsSinceEpoch(g.toMs, QTimeZone::utc()), g.open, gapText(g) };
    return out;
}

QString RecoveryPointTimeline::gapsText() const
{
    QStringList lines;
    for (const Gap &g : gaps())
        lines << tr("%1 (%2 – %3)").arg(g.text, Models::localTimeText(g.from), Models::localTimeText(g.to));
    return lines.join(QLatin1Char('\n'));
}

int RecoveryPointTimeline::currentRow() const
{
    ensureBuilt();
    return m_current >= 0 ? m_marks[size_t(m_current)].row : -1;
}

QPointF RecoveryPointTimeline::markPosition(int row) const
{
    ensureBuilt();
    if (row < 0 || size_t(row) >= m_markOfRow.size() || m_markOfRow[size_t(row)] < 0)
        return {};
    const Mark &m = m_marks[size_t(m_markOfRow[size_t(row)])];
    if (m.ms < m_viewFrom || m.ms > m_viewTo)
        return {};
    const QRectF plot = plotRect();
    return { xFor(m.ms, plot), laneRect(laneOf(m), plot).center().y() };
}

qreal RecoveryPointTimeline::xFor(qint64 ms, const QRectF &plot) const
{
    return plot.left()
        + plot.width() * double(ms - m_viewFrom) / double(qMax<qint64>(1, m_viewTo - m_viewFrom));
}

qint64 RecoveryPointTimeline::msAt(qreal x, const QRectF &plot) const
{
    return m_viewFrom
        + qint64((x - plot.left()) / qMax<qreal>(1, plot.width()) * double(m_viewTo - m_viewFrom));
}

int RecoveryPointTimeline::markAt(const QPoint &pos) const
{
    ensureBuilt();
    const QRectF plot = plotRect();
    if (m_marks.empty() || !plot.adjusted(-8, 0, 8, 0).contains(pos))
        return -1;
    const qint64 reach = msAt(plot.left() + 8, plot) - m_viewFrom; // 8 px either side
    const qint64 at = msAt(pos.x(), plot);
    auto it = std::lower_bound(m_marks.begin(), m_marks.end(), at - reach,
                               [](const Mark &m, qint64 ms) { return m.ms < ms; });
    int best = -1;
    qreal bestDistance = 0;
    for (; it != m_marks.end() && it->ms <= at + reach; ++it) {
        const qreal dx = xFor(it->ms, plot) - pos.x();
        qreal dy = plot.height();
        for (int lane = 0; lane < 3; ++lane) {
            if (it->lanes & (1 << lane))
                dy = qMin(dy, qAbs(laneRect(lane, plot).center().y() - pos.y()));
        }
        const qreal distance = dx * dx + dy * dy / 4; // lanes are wide targets
        if (best < 0 || distance < bestDistance) {
            best = int(it - m_marks.begin());
            bestDistance = distance;
        }
    }
    return best;
}

int RecoveryPointTimeline::gapAt(const QPoint &pos) const
{
    ensureBuilt();
    const QRectF plot = plotRect();
    if (!plot.contains(pos))
        return -1;
    const qint64 at = msAt(pos.x(), plot);
    for (int i = 0; i < m_gaps.size(); ++i) {
        if (at >= m_gaps.at(i).fromMs && at <= m_gaps.at(i).toMs)
            return i;
    }
    return -1;
}

void RecoveryPointTimeline::moveTo(int mark)
{
    ensureBuilt();
    if (m_marks.empty())
        return;
    mark = qBound(0, mark, int(m_marks.size()) - 1);
    const QModelIndex index = m_model->index(m_marks[size_t(mark)].row, 0);
    if (m_selection) {
        // followCurrent() answers through currentChanged.
        m_selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    } else {
        followCurrent(index);
    }
}

void RecoveryPointTimeline::followCurrent(const QModelIndex &current)
{
    ensureBuilt();
    m_current = current.isValid() && size_t(current.row()) < m_markOfRow.size()
        ? m_markOfRow[size_t(current.row())]
        : -1;
    if (m_current >= 0)
        ensureMarkVisible(m_current);
    updateDescription();
    update();
}

void RecoveryPointTimeline::ensureMarkVisible(int mark)
{
    const qint64 ms = m_marks[size_t(mark)].ms;
    const qint64 span = m_viewTo - m_viewFrom;
    const qint64 margin = span / 20;
    if (ms < m_viewFrom + margin)
        setView(ms - margin, ms - margin + span, !m_fitted);
    else if (ms > m_viewTo - margin)
        setView(ms + margin - span, ms + margin, !m_fitted);
}

void RecoveryPointTimeline::updateDescription()
{
    QStringList parts;
    if (m_current >= 0)
        parts << m_model->index(m_marks[size_t(m_current)].row, 0)
                     .data(RecoveryPointModel::SummaryRole)
                     .toString();
    parts << tr("%1 recovery points").arg(m_marks.size());
    const QString gapLines = gapsText();
    parts << (gapLines.isEmpty() ? tr("no gaps") : gapLines);
    setAccessibleDescription(parts.join(QLatin1Char('\n')));
}

} // namespace RestoreDesk
