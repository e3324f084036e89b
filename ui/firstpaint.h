#pragma once

#include <QCoreApplication>
#include <QEvent>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <ctime>
#include <functional>

namespace RestoreDesk {

// Runs something once a window has been painted for the first time and the paint has reached the
// screen (the next turn of the event loop after the first paint event): work that can wait —
// starting the built-in sandbox — then does not compete with the first page the operator sees.
// Also the benchmark hook, compiled in and harmless: with RESTOREDESK_BENCH_FIRST_PAINT set in the
// environment, installBenchProbeIfAsked() makes the process print
// "first-paint <CLOCK_MONOTONIC nanoseconds>" on standard output at that moment and quit
// (packaging/bench.sh: startup_vs_empty_window). Header-only, so the benchmark's baseline (an
// empty QMainWindow) uses the very same code. GUI thread; the filter is a child of the window.
class FirstPaint final : public QObject
{
public:
    static constexpr const char *kBenchVariable = "RESTOREDESK_BENCH_FIRST_PAINT";

    static void whenPainted(QWidget *window, std::function<void()> then)
    {
        window->installEventFilter(new FirstPaint(window, std::move(then)));
    }

    static void installBenchProbeIfAsked(QWidget *window)
    {
        if (qEnvironmentVariableIsEmpty(kBenchVariable))
            return;
        whenPainted(window, [] {
            std::printf("first-paint %lld\n", static_cast<long long>(monotonicNs()));
            std::fflush(stdout);
            QCoreApplication::exit(0);
        });
    }

    static qint64 monotonicNs()
    {
        timespec ts {};
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
    }

private:
    FirstPaint(QWidget *window, std::function<void()> then)
        : QObject(window)
        , m_then(std::move(then))
    { }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            watched->removeEventFilter(this);
            // The paint is flushed to the screen after the event; run on the next turn.
            QPointer<FirstPaint> self(this);
            QTimer::singleShot(0, this, [self] {
                if (!self)
                    return;
                const std::function<void()> then = std::move(self->m_then);
                self->deleteLater();
                then();
            });
        }
        return false;
    }

    std::function<void()> m_then;
};

} // namespace RestoreDesk
