#pragma once

#include <QObject>
#include <QTimer>

#include <ctime>

namespace RestoreDesk::Bench {

// Nanoseconds on CLOCK_MONOTONIC.
inline qint64 heartbeatNowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// The GUI thread's heartbeat: a 1 ms timer; the longest gap between two ticks is the longest
// time the thread spent away from its event loop (gui_max_stall_ms, estate_gui_max_stall_ms).
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = heartbeatNowNs();
            m_maxGapNs = qMax(m_maxGapNs, now - m_last);
            m_gapsOver50 += now - m_last > 50000000 ? 1 : 0;
            m_last = now;
            ++m_ticks;
        });
    }
    void start()
    {
        m_last = heartbeatNowNs();
        m_timer.start();
    }
    void stop()
    {
        m_timer.stop();
        m_maxGapNs = qMax(m_maxGapNs, heartbeatNowNs() - m_last);
    }
    double maxGapMs() const { return double(m_maxGapNs) / 1e6; }
    int ticks() const { return m_ticks; }
    int gapsOver50Ms() const { return m_gapsOver50; }

private:
    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_maxGapNs = 0;
    int m_ticks = 0;
    int m_gapsOver50 = 0;
};

} // namespace RestoreDesk::Bench
