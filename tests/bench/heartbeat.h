#pragma once

#include <QObject>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace RestoreDesk::Bench {

// Nanoseconds on CLOCK_MONOTONIC.
inline qint64 heartbeatNowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// CPU time of the calling thread, in nanoseconds (CLOCK_THREAD_CPUTIME_ID).
inline qint64 heartbeatThreadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// The GUI thread's heartbeat: a 1 ms timer; the longest gap between two ticks is the longest
// time the thread spent away from its event loop (gui_max_stall_ms, estate_gui_max_stall_ms).
// Beside it, the most CPU time the thread used between two ticks: on a machine whose cores are
// shared, the gap also counts time the thread was ready but not scheduled, the CPU slice only
// its own work.
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        if (const char *ms = std::getenv("RD_HEARTBEAT_REPORT_MS"))
            m_reportNs = qint64(std::atof(ms) * 1e6);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = heartbeatNowNs();
            const qint64 before = m_last;
            m_maxGapNs = qMax(m_maxGapNs, now - m_last);
            m_gapsOver50 += now - m_last > 50000000 ? 1 : 0;
            m_last = now;
            const qint64 cpu = heartbeatThreadCpuNs();
            m_maxCpuNs = qMax(m_maxCpuNs, cpu - m_lastCpu);
            // For profiling (perf record -k CLOCK_MONOTONIC): the long slices' ends, to stderr.
            if (m_reportNs > 0 && cpu - m_lastCpu >= m_reportNs)
                std::fprintf(stderr, "heartbeat: slice %.3f-%.3f s, %.1f ms CPU\n", double(before) / 1e9,
                             double(now) / 1e9, double(cpu - m_lastCpu) / 1e6);
            m_lastCpu = cpu;
            ++m_ticks;
        });
    }
    void start()
    {
        m_last = heartbeatNowNs();
        m_lastCpu = heartbeatThreadCpuNs();
        m_timer.start();
    }
    void stop()
    {
        m_timer.stop();
        m_maxGapNs = qMax(m_maxGapNs, heartbeatNowNs() - m_last);
        m_maxCpuNs = qMax(m_maxCpuNs, heartbeatThreadCpuNs() - m_lastCpu);
    }
    double maxGapMs() const { return double(m_maxGapNs) / 1e6; }
    // The most CPU time the thread used between two ticks.
    double maxCpuSliceMs() const { return double(m_maxCpuNs) / 1e6; }
    int ticks() const { return m_ticks; }
    int gapsOver50Ms() const { return m_gapsOver50; }

private:
    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_maxGapNs = 0;
    qint64 m_lastCpu = 0;
    qint64 m_maxCpuNs = 0;
    qint64 m_reportNs = 0; // RD_HEARTBEAT_REPORT_MS: slices of at least this much CPU are reported
    int m_ticks = 0;
    int m_gapsOver50 = 0;
};

} // namespace RestoreDesk::Bench
