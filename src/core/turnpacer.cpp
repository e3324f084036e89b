#include "core/turnpacer.h"

#include <QCoreApplication>
#include <QThread>

namespace RestoreDesk {

TurnPacer::TurnPacer(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &TurnPacer::runSlice);
}

namespace {
bool g_pacing = true;
} // namespace

void TurnPacer::setPacing(bool on)
{
    g_pacing = on;
}

bool TurnPacer::pacing()
{
    return g_pacing;
}

TurnPacer *TurnPacer::forThisThread()
{
    // The application's thread only: its pacer lives as long as the application object (a child
    // of it). Other threads run the pieces at once.
    QCoreApplication *app = QCoreApplication::instance();
    if (!app || QThread::currentThread() != app->thread())
        return nullptr;
    static QPointer<TurnPacer> pacer;
    if (!pacer)
        pacer = new TurnPacer(app);
    return pacer;
}

void TurnPacer::post(QObject *context, std::function<void()> work)
{
    TurnPacer *pacer = forThisThread();
    if (!pacer || (!g_pacing && pacer->m_queue.empty()))
        return work();
    pacer->m_queue.push_back(Piece { context, std::move(work) });
    if (!pacer->m_timer.isActive())
        pacer->m_timer.start();
}

qsizetype TurnPacer::pending()
{
    const TurnPacer *pacer = forThisThread();
    return pacer ? qsizetype(pacer->m_queue.size()) : 0;
}

void TurnPacer::runSlice()
{
    QElapsedTimer slice;
    slice.start();
    const QPointer<TurnPacer> alive(this);
    bool ranAny = false;
    while (!m_queue.empty() && (!ranAny || slice.elapsed() < kSliceMs)) {
        Piece piece = std::move(m_queue.front());
        m_queue.pop_front();
        if (!piece.context)
            continue;
        ranAny = true;
        // Armed before the piece runs: a piece that waits in a nested event loop (a dialog, a
        // QEventLoop) does not hold the pieces behind it until that loop ends.
        if (!m_queue.empty() && !m_timer.isActive())
            m_timer.start();
        piece.work(); // may post more pieces, or end the application (and this pacer)
        if (!alive)
            return;
    }
    if (!m_queue.empty() && !m_timer.isActive())
        m_timer.start();
}

} // namespace RestoreDesk
