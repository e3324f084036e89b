#pragma once

#include <QDateTime>

#include <functional>

namespace RestoreDesk {

// The time, as a function: services take one so tests can move time instead of sleeping.
// Always UTC. Value type, any thread (the system clock is thread-safe; a test clock is not shared
// across threads).
using Clock = std::function<QDateTime()>;

inline Clock systemClock()
{
    return [] { return QDateTime::currentDateTimeUtc(); };
}

// A clock that stands still until moved (tests).
class ManualClock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::currentDateTimeUtc())
        : m_now(std::make_shared<QDateTime>(std::move(start)))
    { }
    void advance(qint64 seconds) { *m_now = m_now->addSecs(seconds); }
    void advanceMs(qint64 ms) { *m_now = m_now->addMSecs(ms); }
    void set(const QDateTime &t) { *m_now = t; }
    QDateTime now() const { return *m_now; }
    Clock clock() const
    {
        auto p = m_now;
        return [p] { return *p; };
    }

private:
    std::shared_ptr<QDateTime> m_now;
};

} // namespace RestoreDesk
