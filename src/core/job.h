#pragma once

#include "core/error.h"
#include "core/result.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace RestoreDesk {

// The shape every request in the console has (network, keychain, services built on them): a job
// parented to its owner, cancellable, that reports exactly once through the callback it was
// started with — a value, an Error, or `cancelled`. If the owner dies first, the job dies with it
// and still reports `cancelled` (during the owner's destruction: callbacks must reach their
// objects through QPointer, which is already null then). Never silently dropped.
// Lives on its owner's thread.
class JobBase : public QObject
{
    Q_OBJECT

public:
    bool isFinished() const { return m_finished; }
    // Stops the work and reports `cancelled` (unless it has reported already).
    virtual void cancel() = 0;

Q_SIGNALS:
    // After the callback ran (not emitted when the job reports during destruction).
    void finished();

protected:
    explicit JobBase(QObject *owner);
    bool m_finished = false;
};

template<typename T>
class Job : public JobBase
{
public:
    using Done = std::function<void(Result<T>)>;

    ~Job() override
    {
        if (!m_finished)
            deliver(cancelledError(), false);
    }

protected:
    Job(QObject *owner, Done done)
        : JobBase(owner)
        , m_done(std::move(done))
    { }

    // The single exit point: the first report wins, later ones are ignored.
    void report(Result<T> result) { deliver(std::move(result), true); }
    // For a subclass's destructor that must report before its parts go: as ~Job does, the
    // callback hears it and finished() is not emitted (the object is being destroyed).
    void reportWhileDestroyed(Result<T> result) { deliver(std::move(result), false); }

    static Error cancelledError() { return Error::make(Error::Kind::Cancelled, Codes::Cancelled); }

private:
    void deliver(Result<T> result, bool notify)
    {
        if (m_finished)
            return;
        m_finished = true;
        Done done = std::move(m_done);
        QPointer<JobBase> alive(this); // the callback may delete the job (through its owner)
        if (done)
            done(std::move(result));
        if (notify && alive)
            Q_EMIT finished();
    }

    Done m_done;
};

} // namespace RestoreDesk
