#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>

namespace RestoreDesk {

// Runs work handed to it in the order given, a slice per turn of the event loop: at most about
// kSliceMs of it per turn (always at least one piece), the rest on the following turns. Many
// small pieces that arrive together (the answers of hundreds of requests, each handled in well
// under a millisecond, handed over by Qt in one batch of posted events) then no longer hold the
// thread away from its event loop (painting, input, timers) for the whole batch. A piece whose
// context object is gone by its turn is dropped. One per thread that has an event loop; a
// thread without one (or with no QCoreApplication) runs each piece at once. Pacing is for a
// process with a window to keep responsive; one without (the CLI) turns it off
// (setPacing(false)): each piece then runs at once, inside post(), as nothing waits for the
// event loop there but more answers (pacing only added turns and latency).
class TurnPacer final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kSliceMs = 4;

    // Runs `work` on the calling thread on a later turn of its event loop (in FIFO order with the
    // pieces posted before it), unless `context` is destroyed first.
    static void post(QObject *context, std::function<void()> work);
    // Pieces posted and not run yet (on the calling thread's pacer; for tests).
    static qsizetype pending();
    // On by default. Off: post() runs each piece at once (pieces already waiting still run on
    // their turns, first). Set before the first post, on the application's thread.
    static void setPacing(bool on);
    static bool pacing();

private:
    explicit TurnPacer(QObject *parent);
    static TurnPacer *forThisThread();
    void runSlice();

    struct Piece
    {
        QPointer<QObject> context;
        std::function<void()> work;
    };
    std::deque<Piece> m_queue;
    QTimer m_timer;
};

} // namespace RestoreDesk
