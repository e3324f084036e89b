#pragma once

#include "arm/armclient.h"
#include "backup/page.h"
#include "core/hugepageheap.h"
#include "core/job.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <utility>

namespace RestoreDesk::Backup {

// A listing of typed values: every nextLink followed by the ARM transport, each page read by
// Page<T>::fromText (from the page's text) or Page<T>::fromValue (the page parser the parser tests
// exercise) and handed to `onPage` as it arrives, so views fill while the rest loads; at the end
// the whole list, or the first error. An element that does not parse is reported as Unreadable
// instead of sinking the page. A page of 16 elements or more, or one read from its text of at
// least the client's parseOffThreadBytes, is read on a worker thread (QThreadPool) while the next
// one is fetched: a long page read from its text in the same trip to a worker as its scan (the
// transport's page reader), any other in one of its own. Pages still reach `onPage` in order, on
// the owner's thread, and the end is reported after the last page. Reports once; cancellable;
// owner's thread.
template<typename T>
class ListJob final : public RestoreDesk::Job<QList<T>>
{
public:
    using PageHandler
        = std::function<void(const QList<T> &items, const QList<Unreadable> &unreadable, int pageIndex)>;

    static ListJob *start(Arm::ArmClient *arm, const QString &path, const QString &apiVersion, QObject *owner,
                          PageHandler onPage, typename RestoreDesk::Job<QList<T>>::Done done)
    {
        auto *job = new ListJob(owner, std::move(onPage), std::move(done));
        job->m_offThreadBytes = arm->options().parseOffThreadBytes;
        auto ended = [job](Result<QJsonArray> r) {
            if (job->isFinished())
                return;
            if (!r)
                return job->report(r.error());
            job->m_ended = true;
            job->deliverParsed();
        };
        if constexpr (ReadsPageText<T>::value) {
            // Pages read from their text: no document is built for them (see Arm::PageText).
            job->m_call = arm->listPages(
                path, apiVersion, job,
                [job](Arm::ListPage page, int index) {
                    if (!job->isFinished())
                        job->onPage(std::move(page), index);
                },
                ended, &readText);
        } else {
            job->m_call = arm->list(
                path, apiVersion, job,
                [job](const QJsonArray &values, int index) {
                    if (!job->isFinished())
                        job->onPage(Arm::ListPage { std::nullopt, values, {} }, index);
                },
                ended, false);
        }
        return job;
    }

    ~ListJob() override
    {
        // End the inner listing while this job is whole: its report comes here, not to a
        // half-destroyed object.
        if (m_call)
            delete m_call.data();
        this->report(this->cancelledError());
    }
    void cancel() override
    {
        this->report(this->cancelledError());
        if (m_call)
            m_call->cancel();
    }
    int pages() const { return m_pages; }
    int unreadable() const { return m_unreadable; }
    // Whether the final report holds every item (the default). A caller that keeps the pages
    // itself turns it off (before the first page), so a long listing is not held twice.
    void setCollecting(bool collecting) { m_collecting = collecting; }

private:
    ListJob(QObject *owner, PageHandler onPage, typename RestoreDesk::Job<QList<T>>::Done done)
        : RestoreDesk::Job<QList<T>>(owner, std::move(done))
        , m_onPage(std::move(onPage))
    { }

    // One page's elements as typed values (any thread: Page<T>::fromValue is a pure function).
    struct Parsed
    {
        Page<T> page;
        int index = 0;
    };
    static Parsed parse(const Arm::ListPage &page, int index)
    {
        return Parsed { page.text ? Page<T>::fromText(*page.text) : Page<T>::fromValue(page.values), index };
    }
    // The transport's page reader: on the worker that scanned the page. The only reader of this
    // job's listing, so a page's `read` is always a Page<T>.
    static Arm::PageRead readText(const PageText &text)
    {
        return std::make_shared<Page<T>>(Page<T>::fromText(text));
    }

    // A page on its way to onPage, in page order: read already, or still being parsed.
    struct Queued
    {
        QFutureWatcher<Parsed> *watcher = nullptr; // a child of this job; null when `ready`
        std::optional<Parsed> ready;

        bool isReady() const { return ready || watcher->isFinished(); }
    };

    void onPage(Arm::ListPage page, int index)
    {
        if (page.read) {
            // Read where it was scanned, by this job's reader (a Page<T>). Taken, not copied: no
            // one reads it after this job.
            Parsed parsed { std::move(*static_cast<Page<T> *>(page.read.get())), index };
            if (m_parsing.isEmpty())
                return deliver(std::move(parsed));
            m_parsing.append(Queued { nullptr, std::move(parsed) }); // after the pages before it
            return;
        }
        // A short page is parsed here, when no longer one is still being parsed before it. Short
        // in bytes too when read from its text: one element may be megabytes (a string of
        // escapes, a fallback to QJsonDocument), never to be read on the owner's thread.
        const bool small = page.size() < kParseOffThreadElements
            && (!page.text || page.text->text.size() < m_offThreadBytes);
        if (small && m_parsing.isEmpty())
            return deliver(parse(page, index));
        auto *watcher = new QFutureWatcher<Parsed>(this);
        m_parsing.append(Queued { watcher, std::nullopt });
        QObject::connect(watcher, &QFutureWatcherBase::finished, this, [this] { deliverParsed(); });
        watcher->setFuture(QtConcurrent::run([page = std::move(page), index] {
            HugePageHeap::adviseThisThread();
            return parse(page, index);
        }));
    }

    // Hands over the pages parsed so far, in order; after the last one, the end.
    void deliverParsed()
    {
        QPointer<QObject> alive(this); // a page handler may end the job's owner, and the job
        while (!this->isFinished() && !m_parsing.isEmpty() && m_parsing.first().isReady()) {
            Queued head = m_parsing.takeFirst();
            if (head.watcher) {
                // Taken, not copied: the page's items are then this job's alone and move on whole.
                head.ready = head.watcher->future().takeResult();
                head.watcher->deleteLater();
            }
            deliver(std::move(*head.ready));
            if (!alive)
                return;
        }
        if (!this->isFinished() && m_ended && m_parsing.isEmpty())
            this->report(std::exchange(m_all, {})); // handed over: a finished job may live on
    }

    void deliver(Parsed parsed)
    {
        ++m_pages;
        m_unreadable += int(parsed.page.rejected.size());
        if (m_onPage) {
            QPointer<QObject> alive(this); // the handler may end the job's owner, and the job
            m_onPage(parsed.page.items, parsed.page.rejected, parsed.index);
            if (!alive)
                return;
        }
        // Moved, not copied (a listing of an estate holds tens of thousands of items).
        if (m_collecting) {
            if (m_all.isEmpty())
                m_all = std::move(parsed.page.items); // the first page's list becomes the whole
            else
                m_all.append(std::move(parsed.page.items));
        }
    }

    // Pages of fewer elements are parsed in place: the hand-over would cost more than the parse.
    static constexpr qsizetype kParseOffThreadElements = 16;

    PageHandler m_onPage;
    qint64 m_offThreadBytes = 32 * 1024; // the client's parseOffThreadBytes
    QPointer<Arm::ArmListCall> m_call;
    QList<Queued> m_parsing; // in page order
    bool m_ended = false; // the transport has read the last page
    QList<T> m_all;
    int m_pages = 0;
    int m_unreadable = 0;
    bool m_collecting = true;
};

// One read of a typed value (GET then T::fromArm). A body that holds a list of more than a few
// elements (a page: `value`) is parsed on a worker thread (QThreadPool), as ListJob does, so a
// long page never stalls the owner's thread; the report still comes on the owner's thread, and
// nothing after the job is gone. Reports once; cancellable; owner's thread.
template<typename T>
class GetJob final : public RestoreDesk::Job<T>
{
public:
    static GetJob *start(Arm::ArmClient *arm, const QString &pathOrId, const QString &apiVersion,
                         QObject *owner, typename RestoreDesk::Job<T>::Done done)
    {
        auto *job = new GetJob(owner, std::move(done));
        job->m_call = arm->get(pathOrId, apiVersion, job, [job](Result<Arm::ArmResponse> r) {
            if (job->isFinished())
                return;
            if (!r)
                return job->report(r.error());
            job->onBody(r->body, r->status, r->correlationId);
        });
        return job;
    }

    ~GetJob() override
    {
        // End the inner call while this job is whole; a parse still running keeps its own copy
        // of the body, and its watcher (a child) goes with this job, so it reports nothing.
        if (m_call)
            delete m_call.data();
        this->report(this->cancelledError());
    }
    void cancel() override
    {
        this->report(this->cancelledError());
        if (m_call)
            m_call->cancel();
    }

private:
    GetJob(QObject *owner, typename RestoreDesk::Job<T>::Done done)
        : RestoreDesk::Job<T>(owner, std::move(done))
    { }

    void onBody(const QJsonObject &body, int status, const QString &correlationId)
    {
        if (body.value(QLatin1String("value")).toArray().size() < kParseOffThreadElements)
            return reportParsed(T::fromArm(body), status, correlationId);
        auto *watcher = new QFutureWatcher<Result<T>>(this);
        QObject::connect(watcher, &QFutureWatcherBase::finished, this,
                         [this, watcher, status, correlationId] {
                             watcher->deleteLater();
                             if (!this->isFinished())
                                 reportParsed(watcher->result(), status, correlationId);
                         });
        watcher->setFuture(QtConcurrent::run([body] {
            HugePageHeap::adviseThisThread();
            return T::fromArm(body);
        }));
    }

    void reportParsed(Result<T> parsed, int status, const QString &correlationId)
    {
        if (!parsed)
            return this->report(Error(parsed.error()).withHttp(status, correlationId));
        this->report(std::move(parsed).value());
    }

    // Lists of fewer elements are parsed in place: the hand-over would cost more than the parse.
    static constexpr qsizetype kParseOffThreadElements = 16;

    QPointer<Arm::ArmCall> m_call;
};

} // namespace RestoreDesk::Backup
