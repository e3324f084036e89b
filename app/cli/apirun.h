#pragma once

#include "apiaccess.h"
#include "backup/listingaction.h"
#include "clicontext.h"
#include "clisession.h"
#include "outputtable.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

namespace RestoreDesk::Cli {

// One run of a verb that reads the backup API ("items list", "jobs show"…): opens the API
// access (any of the three ways, see ApiAccess), waits for listings page by page (progress on
// standard error when it is a terminal), reports a failure as one line on standard error with
// the exit code the README gives it (naming the missing action on a 403), records the run in the
// audit log as an estate read with the identity and the scope, and prints the results: a table
// or "key: value" lines in text, an array or an object in JSON (then nothing else goes to
// standard output). Lives for one command on the main thread; jobs are parented to owner().
class ApiRun
{
public:
    ApiRun(Context &ctx, const GlobalOptions &options, QString verb);
    ~ApiRun();

    // Opens the access; 0 when open, else the exit code (the reason is on standard error).
    int open();
    ApiAccess &access() { return *m_access; }
    Backup::BackupService &service() { return m_access->service(); }
    QObject *owner() { return &m_owner; }
    bool json() const { return m_ctx.output == OutputFormat::Json; }
    Context &context() { return m_ctx; }
    const GlobalOptions &options() const { return m_options; }

    // A usage error: one line, exit 2.
    int usage(const QString &message);

    // The pages of a listing as they arrive (for progress and the final count).
    struct Listing
    {
        int pages = 0;
        int unreadable = 0;
        Error firstUnreadable;
    };
    // Waits for a listing started by `start` (given the page handler and the completion).
    template<typename T>
    Result<QList<T>> list(const std::function<void(typename Backup::ListJob<T>::PageHandler,
                                                   std::function<void(Result<QList<T>>)>)> &start,
                          Listing *listing)
    {
        int count = 0;
        auto onPage = [&](const QList<T> &items, const QList<Backup::Unreadable> &bad, int) {
            ++listing->pages;
            count += int(items.size());
            if (!bad.isEmpty() && listing->unreadable == 0)
                listing->firstUnreadable = bad.first().error;
            listing->unreadable += int(bad.size());
            progress(listing->pages, count);
        };
        auto result = waitFor<QList<T>>([&](auto done) { start(onPage, done); });
        endProgress();
        return result;
    }
    template<typename T>
    Result<T> get(const std::function<void(std::function<void(Result<T>)>)> &start)
    {
        return waitFor<T>(start);
    }

    // A failed call: "restoredesk-cli VERB: WHAT: CODE: sentence — detail [HTTP · ids]; missing
    // permission: ACTION" on standard error (a code without a sentence of its own is named by
    // Text::describe instead), recorded (denied on a 403, else failed); returns the exit code.
    // ACTION is the one the refusal names or, when it names none, the one `listing` needs.
    int fail(const QString &what, const QString &target, const Error &error, QJsonObject params = {},
             Backup::Listing listing = Backup::Listing::Unknown);
    // The same line without an estate-read record (for actions audited as actions); the exit code.
    int say(const QString &what, const Error &error, Backup::Listing listing = Backup::Listing::Unknown);
    // Records the successful read of `target` (a scope or a resource id).
    void succeeded(const QString &target, QJsonObject params);
    // Records a read of `target` stopped before its end because its output could not be written
    // (the reader went away, the disk is full): cancelled, with what was read and written so far.
    void stoppedUnwritten(const QString &target, QJsonObject params);
    // Listing elements that could not be read: a warning on standard error; exit 1 follows.
    int warnUnreadable(const Listing &listing);

    // Output. A list: the table in text, a JSON array (written row by row, see JsonListWriter);
    // one thing: "key: value" lines, an object.
    void printList(const OutputTable &table, const QList<ShownResource> &rows);
    void printOne(const ShownResource &resource);
    // A line about what a listing covers ("Jobs since …", "22 items — every nextLink followed"):
    // standard output in text, standard error in JSON.
    void note(const QString &line);
    // Why an answer is what it is ("restoredesk-cli VERB: note: …"): standard error in every
    // output mode, so a JSON reader keeps the plain result on standard output.
    void explain(const QString &line);

private:
    void progress(int pages, int items);
    void endProgress();
    void record(const QString &target, const QString &outcome, QJsonObject params,
                const QStringList &correlationIds);

    Context &m_ctx;
    const GlobalOptions &m_options;
    QString m_verb;
    QObject m_owner;
    std::unique_ptr<ApiAccess> m_access;
    QElapsedTimer m_elapsed;
    bool m_progressShown = false;
    bool m_stderrIsTerminal = false;
};

} // namespace RestoreDesk::Cli
