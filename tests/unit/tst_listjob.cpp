// The production listing (ListJob) against a canned ARM server: every page goes through the same
// page parser the parser tests exercise (Page<T>::fromValue), so what a view is handed — items,
// unreadable elements with their codes and arguments — is what Page<T>::fromArm gives for the
// same answer; and an element that is not an object has a named code whose catalogue sentence is
// complete.

#include "armexamples.h"
#include "backup/backuperrors.h"
#include "backup/job.h"
#include "backup/page.h"
#include "backup/protecteditem.h"
#include "backup/servicejobs.h"
#include "cannedhttpserver.h"
#include "text/errortext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include <atomic>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using RestoreDesk::Test::CannedHttpServer;

namespace {

class FixedTokens final : public Arm::TokenProvider
{
public:
    QByteArray accessToken() const override { return "token"; }
    void renew(const QByteArray &, std::function<void(Result<void>)> done) override
    {
        done(Error::make(Error::Kind::Auth, QStringLiteral("invalid_grant")));
    }
};

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// An element type whose parser notes the thread it ran on and, when gated, holds a worker's
// parse until the test lets it go (a parse on the owner's thread is never held: it would hang).
struct Probe
{
    QString id;

    static QMutex lock;
    static QSet<QThread *> threads;
    static bool gated;
    static QSemaphore started;
    static QSemaphore release;

    static Result<Probe> fromArm(const QJsonObject &o)
    {
        const bool worker = QThread::currentThread() != QCoreApplication::instance()->thread();
        bool hold = false;
        {
            QMutexLocker locked(&lock);
            threads.insert(QThread::currentThread());
            hold = worker && std::exchange(gated, false);
        }
        if (hold) {
            started.release();
            release.acquire();
        }
        return Probe { o.value(QStringLiteral("id")).toString() };
    }
};
QMutex Probe::lock;
QSet<QThread *> Probe::threads;
bool Probe::gated = false;
QSemaphore Probe::started;
QSemaphore Probe::release;

// An element type read from the page's text (ReadsPageText) that notes the thread each element
// was read on.
struct TextProbe
{
    qsizetype size = 0;

    static QList<QThread *> threads;

    static Result<TextProbe> fromArm(const QJsonObject &) { return TextProbe {}; }
    static std::optional<TextProbe> fromArmText(const QByteArray &, const JsonText::Value &element)
    {
        threads.append(QThread::currentThread()); // one element per page: no race
        return TextProbe { element.size() };
    }
};
QList<QThread *> TextProbe::threads;

// An element that says which it was, read from the page's text or, where the scan could not vouch
// for the page, from its document. Either read, on a worker, can be held until the test lets it go.
struct OrderProbe
{
    QString id;

    static std::atomic<bool> gatedText;
    static std::atomic<bool> gatedDocument;
    static QSemaphore started;
    static QSemaphore release;

    static void reset()
    {
        gatedText = false;
        gatedDocument = false;
        started.tryAcquire(started.available());
        release.tryAcquire(release.available());
    }
    static void holdIf(std::atomic<bool> &gate)
    {
        const bool worker = QThread::currentThread() != QCoreApplication::instance()->thread();
        if (worker && gate.exchange(false)) {
            started.release();
            release.acquire();
        }
    }
    static Result<OrderProbe> fromArm(const QJsonObject &o)
    {
        holdIf(gatedDocument);
        return OrderProbe { o.value(QStringLiteral("id")).toString() };
    }
    static std::optional<OrderProbe> fromArmText(const QByteArray &text, const JsonText::Value &element)
    {
        holdIf(gatedText);
        return OrderProbe {
            JsonText::toJsonValue(text, element).toObject().value(QStringLiteral("id")).toString()
        };
    }
};
std::atomic<bool> OrderProbe::gatedText { false };
std::atomic<bool> OrderProbe::gatedDocument { false };
QSemaphore OrderProbe::started;
QSemaphore OrderProbe::release;

QJsonObject probePage(int elements)
{
    QJsonArray value;
    for (int i = 0; i < elements; ++i)
        value.append(QJsonObject { { QStringLiteral("id"), QStringLiteral("p%1").arg(i) } });
    return QJsonObject { { QStringLiteral("value"), value } };
}

// The ARM transport against a canned server, as each test builds it.
struct ArmOn
{
    explicit ArmOn(const CannedHttpServer &server)
        : arm(transport(&nam), &tokens, server.url(QString()))
    { }
    static Net::Transport transport(QNetworkAccessManager *nam)
    {
        Net::Transport t;
        t.nam = nam;
        return t;
    }

    QNetworkAccessManager nam;
    FixedTokens tokens;
    Arm::ArmClient arm;
};

// A worker held on `release` is let go once: by open(), or, when a check fails first, on the way
// out, so a failed test never leaves a worker held (the pool would wait for it for ever).
class HeldWorker
{
public:
    explicit HeldWorker(QSemaphore &release)
        : m_release(release)
    { }
    ~HeldWorker() { open(); }
    HeldWorker(const HeldWorker &) = delete;
    HeldWorker &operator=(const HeldWorker &) = delete;
    void open()
    {
        if (!std::exchange(m_open, true))
            m_release.release();
    }

private:
    QSemaphore &m_release;
    bool m_open = false;
};

} // namespace

class TestListJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listingParsesPagesAsThePageParserDoes_data();
    void listingParsesPagesAsThePageParserDoes();
    void pageReadParsesLongPagesOnAWorker_data();
    void pageReadParsesLongPagesOnAWorker();
    void pageReadWhoseOwnerDiesMidParseReportsOnce();
    void pageOfFewButLargeElementsIsReadOnAWorker();
    void itemListingReadFromTextGivesWhatThePageParserGives_data();
    void itemListingReadFromTextGivesWhatThePageParserGives();
    void malformedItemPageFailsAsAParsedListingDoes_data();
    void malformedItemPageFailsAsAParsedListingDoes();
    void textPageIsReadWhereItIsScanned();
    void longItemPageIsReadOnTheTripThatScannedIt();
    void pagesReadEarlyWaitForAnEarlierPageStillParsing();
};

void TestListJob::listingParsesPagesAsThePageParserDoes_data()
{
    QTest::addColumn<int>("padding"); // extra good elements: a long page is parsed off-thread
    QTest::newRow("short pages, parsed in place") << 0;
    QTest::newRow("long pages, parsed on a worker") << 40;
}

void TestListJob::listingParsesPagesAsThePageParserDoes()
{
    QFETCH(int, padding);
    const QJsonArray jobs
        = Test::armExample(QStringLiteral("ListJobs.json")).value(QStringLiteral("value")).toArray();
    QVERIFY(jobs.size() >= 2);

    CannedHttpServer server;
    QVERIFY(server.start());
    // Page 1: a job, a number, a job with an id that names no job, padding; page 2: a string
    // and a job.
    QJsonArray first { jobs.at(0), 17, obj(R"({"id": "/subscriptions/s"})") };
    for (int i = 0; i < padding; ++i)
        first.append(jobs.at(0));
    const QJsonObject page1 { { QStringLiteral("value"), first },
                              { QStringLiteral("nextLink"),
                                server.url(QStringLiteral("/jobs?page=2")).toString() } };
    const QJsonObject page2 { { QStringLiteral("value"), QJsonArray { QStringLiteral("job"), jobs.at(1) } } };
    server.setHandler([&](const CannedHttpServer::Seen &seen) {
        return CannedHttpServer::response(200, json(seen.target.contains("page=2") ? page2 : page1));
    });

    ArmOn client(server);
    Arm::ArmClient &arm = client.arm;
    QObject owner;
    QList<QList<Backup::Job>> items;
    QList<QList<Unreadable>> bad;
    std::optional<Result<QList<Backup::Job>>> all;
    ListJob<Backup::Job>::start(
        &arm, QStringLiteral("/jobs"), QStringLiteral("1"), &owner,
        [&](const QList<Backup::Job> &page, const QList<Unreadable> &rejected, int) {
            items << page;
            bad << rejected;
        },
        [&](Result<QList<Backup::Job>> r) { all = r; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(items.size(), 2);

    const QList<QJsonObject> bodies { page1, page2 };
    int total = 0;
    for (int p = 0; p < 2; ++p) {
        const auto expected = Page<Backup::Job>::fromArm(bodies.at(p));
        QVERIFY(expected.ok());
        QCOMPARE(items.at(p).size(), expected->items.size());
        for (int i = 0; i < items.at(p).size(); ++i)
            QCOMPARE(items.at(p).at(i).id, expected->items.at(i).id);
        total += int(items.at(p).size());
        QCOMPARE(bad.at(p).size(), expected->rejected.size());
        for (int i = 0; i < bad.at(p).size(); ++i) {
            const Unreadable &got = bad.at(p).at(i);
            const Unreadable &want = expected->rejected.at(i);
            QCOMPARE(got.index, want.index);
            QCOMPARE(got.raw, want.raw);
            QCOMPARE(got.error.code, want.error.code);
            QCOMPARE(got.error.args, want.error.args);
            QCOMPARE(got.error.detail, want.error.detail);
        }
    }
    QCOMPARE(all->value().size(), total);

    // The element that is not an object: a named code, the element's place, and a sentence with
    // every blank filled.
    const Unreadable &number = bad.at(0).at(0);
    QCOMPARE(number.index, 1);
    QCOMPARE(number.error.code, QString(Backup::Codes::WrongType));
    QCOMPARE(number.error.args.size(), 3);
    QCOMPARE(number.error.args.first(), QStringLiteral("value[1]"));
    const QString sentence = Text::describe(number.error);
    QVERIFY2(!sentence.contains(QLatin1Char('%')), qPrintable(sentence));
    QVERIFY2(sentence.contains(QStringLiteral("value[1]")), qPrintable(sentence));
    QCOMPARE(bad.at(1).at(0).error.args.first(), QStringLiteral("value[0]"));
}

void TestListJob::pageReadParsesLongPagesOnAWorker_data()
{
    QTest::addColumn<int>("elements");
    QTest::addColumn<bool>("offThread");
    QTest::newRow("short page, parsed in place") << 3 << false;
    QTest::newRow("long page, parsed on a worker") << 200 << true;
}

// One page read (GetJob<Page<T>>, as BackupService::recoveryPointPage does) parses a long page
// on a worker, not on the owner's thread, and reports every element on the owner's thread.
void TestListJob::pageReadParsesLongPagesOnAWorker()
{
    QFETCH(int, elements);
    QFETCH(bool, offThread);
    CannedHttpServer server;
    QVERIFY(server.start());
    server.setHandler([&](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(200, json(probePage(elements)));
    });
    ArmOn client(server);
    Arm::ArmClient &arm = client.arm;
    {
        QMutexLocker locked(&Probe::lock);
        Probe::threads.clear();
    }
    QObject owner;
    int reports = 0;
    QThread *reportedOn = nullptr;
    std::optional<Result<Page<Probe>>> got;
    GetJob<Page<Probe>>::start(&arm, QStringLiteral("/points"), QStringLiteral("1"), &owner,
                               [&](Result<Page<Probe>> r) {
                                   ++reports;
                                   reportedOn = QThread::currentThread();
                                   got = std::move(r);
                               });
    QTRY_VERIFY(got.has_value());
    QVERIFY(got->ok());
    QCOMPARE(got->value().items.size(), elements);
    QCOMPARE(got->value().items.last().id, QStringLiteral("p%1").arg(elements - 1));
    QCOMPARE(reports, 1);
    QCOMPARE(reportedOn, QThread::currentThread());
    QMutexLocker locked(&Probe::lock);
    QCOMPARE(Probe::threads.size(), 1);
    QCOMPARE(*Probe::threads.cbegin() != QThread::currentThread(), offThread);
}

// The owner goes while a worker is still parsing the page: the job reports once (cancelled, as
// every job whose owner dies), and the parse that ends afterwards reports nothing and touches
// nothing that is gone.
void TestListJob::pageReadWhoseOwnerDiesMidParseReportsOnce()
{
    CannedHttpServer server;
    QVERIFY(server.start());
    server.setHandler(
        [&](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, json(probePage(64))); });
    ArmOn client(server);
    Arm::ArmClient &arm = client.arm;
    {
        QMutexLocker locked(&Probe::lock);
        Probe::gated = true;
    }
    HeldWorker held(Probe::release);
    auto owner = std::make_unique<QObject>();
    int reports = 0;
    std::optional<Result<Page<Probe>>> got;
    GetJob<Page<Probe>>::start(&arm, QStringLiteral("/points"), QStringLiteral("1"), owner.get(),
                               [&](Result<Page<Probe>> r) {
                                   ++reports;
                                   got = std::move(r);
                               });
    // Wait until a worker is inside the parse (a parse on this thread would have reported).
    QTRY_VERIFY_WITH_TIMEOUT(Probe::started.available() > 0 || got.has_value(), 5000);
    QVERIFY2(!got.has_value(), "the page was parsed on the owner's thread");
    owner.reset();
    QCOMPARE(reports, 1);
    QVERIFY(!got->ok());
    QCOMPARE(got->error().kind, Error::Kind::Cancelled);
    held.open();
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QTest::qWait(50);
    QCOMPARE(reports, 1);
}

void TestListJob::pageOfFewButLargeElementsIsReadOnAWorker()
{
    // One element of megabytes (a string of escapes, which only Qt's parser decodes) is few
    // elements but many bytes: it is read on a worker, never on the owner's (GUI) thread. A page
    // short in bytes is still read in place.
    QByteArray pad;
    pad.reserve(4 * 1024 * 1024);
    while (pad.size() < 4 * 1024 * 1024)
        pad += "a\\b\\u00e9\\n";
    const QByteArray big = "{\"value\":[{\"id\":\"/x\",\"properties\":{\"pad\":\"" + pad + "\"}}]}";
    const QByteArray small = R"({"value":[{"id":"/y"}]})";
    QVERIFY(PageText::scan(big)); // read from its text, not parsed by the transport
    CannedHttpServer server;
    QVERIFY(server.start());
    server.setHandler([&](const CannedHttpServer::Seen &seen) {
        return CannedHttpServer::response(200, seen.target.contains("small") ? small : big);
    });
    ArmOn client(server);
    Arm::ArmClient &arm = client.arm;
    QObject owner;
    for (const char *path : { "/big", "/small" }) {
        TextProbe::threads.clear();
        std::optional<Result<QList<TextProbe>>> all;
        ListJob<TextProbe>::start(&arm, QString::fromLatin1(path), QStringLiteral("1"), &owner, {},
                                  [&](Result<QList<TextProbe>> r) { all = r; });
        QTRY_VERIFY(all.has_value());
        QVERIFY(all->ok());
        QCOMPARE(all->value().size(), 1);
        QCOMPARE(TextProbe::threads.size(), 1);
        if (QByteArray(path) == "/big") {
            QVERIFY(all->value().at(0).size > pad.size());
            QVERIFY2(TextProbe::threads.at(0) != QThread::currentThread(), "read on the owner's thread");
        } else {
            QCOMPARE(TextProbe::threads.at(0), QThread::currentThread());
        }
    }
}

void TestListJob::itemListingReadFromTextGivesWhatThePageParserGives_data()
{
    QTest::addColumn<int>("padding");
    QTest::newRow("short pages, read in place") << 0;
    QTest::newRow("long pages (past parseOffThreadBytes), read on a worker") << 40;
}

void TestListJob::itemListingReadFromTextGivesWhatThePageParserGives()
{
    // Protected items are read from the pages' text (PageText): the same items, raw JSON and
    // unreadable entries as the page parser gives for the same answers.
    QFETCH(int, padding);
    const QJsonObject item = Test::armExample(QStringLiteral("BackupProtectedItems_List.json"))
                                 .value(QStringLiteral("value"))
                                 .toArray()
                                 .at(0)
                                 .toObject();
    QVERIFY(!item.isEmpty());
    CannedHttpServer server;
    QVERIFY(server.start());
    QJsonArray first { item, 17, obj(R"({"id": "/subscriptions/s"})") };
    for (int i = 0; i < padding; ++i)
        first.append(item);
    const QJsonObject page1 { { QStringLiteral("value"), first },
                              { QStringLiteral("nextLink"),
                                server.url(QStringLiteral("/items?page=2")).toString() } };
    const QJsonObject page2 { { QStringLiteral("value"), QJsonArray { QStringLiteral("item"), item } } };
    server.setHandler([&](const CannedHttpServer::Seen &seen) {
        return CannedHttpServer::response(200, json(seen.target.contains("page=2") ? page2 : page1));
    });
    ArmOn client(server);
    Arm::ArmClient &arm = client.arm;
    QObject owner;
    QList<QList<ProtectedItem>> items;
    QList<QList<Unreadable>> bad;
    std::optional<Result<QList<ProtectedItem>>> all;
    ListJob<ProtectedItem>::start(
        &arm, QStringLiteral("/items"), QStringLiteral("1"), &owner,
        [&](const QList<ProtectedItem> &page, const QList<Unreadable> &rejected, int) {
            items << page;
            bad << rejected;
        },
        [&](Result<QList<ProtectedItem>> r) { all = r; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(items.size(), 2);
    const QList<QJsonObject> bodies { page1, page2 };
    for (int p = 0; p < 2; ++p) {
        const auto expected = Page<ProtectedItem>::fromArm(bodies.at(p));
        QVERIFY(expected.ok());
        QCOMPARE(items.at(p).size(), expected->items.size());
        for (int i = 0; i < items.at(p).size(); ++i) {
            QCOMPARE(items.at(p).at(i).id, expected->items.at(i).id);
            QCOMPARE(items.at(p).at(i).friendlyName, expected->items.at(i).friendlyName);
            QCOMPARE(items.at(p).at(i).lastBackupTime, expected->items.at(i).lastBackupTime);
            QVERIFY(items.at(p).at(i).raw.isText()); // kept as text, parsed when asked
            QCOMPARE(items.at(p).at(i).raw.object(), expected->items.at(i).raw.object());
        }
        QCOMPARE(bad.at(p).size(), expected->rejected.size());
        for (int i = 0; i < bad.at(p).size(); ++i) {
            QCOMPARE(bad.at(p).at(i).index, expected->rejected.at(i).index);
            QCOMPARE(bad.at(p).at(i).raw, expected->rejected.at(i).raw);
            QCOMPARE(bad.at(p).at(i).error.code, expected->rejected.at(i).error.code);
            QCOMPARE(bad.at(p).at(i).error.args, expected->rejected.at(i).error.args);
        }
    }
    // The whole listing is the pages in order (the first page's list taken as the whole, while
    // the handler above keeps a copy of it, which the second page left as it was: checked above).
    QStringList pageIds, allIds;
    for (const QList<ProtectedItem> &page : std::as_const(items)) {
        for (const ProtectedItem &i : page)
            pageIds << i.id;
    }
    for (const ProtectedItem &i : all->value())
        allIds << i.id;
    QCOMPARE(allIds, pageIds);
}

void TestListJob::malformedItemPageFailsAsAParsedListingDoes_data()
{
    QTest::addColumn<QByteArray>("body");
    const QByteArray item = json(Test::armExample(QStringLiteral("BackupProtectedItems_List.json"))
                                     .value(QStringLiteral("value"))
                                     .toArray()
                                     .at(0)
                                     .toObject());
    QByteArray long40 = "{\"value\":[" + item;
    for (int i = 0; i < 40; ++i)
        long40 += "," + item;
    QTest::newRow("cut short") << QByteArray("{\"value\":[" + item).chopped(20);
    QTest::newRow("cut short, long") << long40.chopped(20);
    QTest::newRow("bad escape") << QByteArray(R"({"value":[{"id":"\q"}]})");
    QTest::newRow("bad utf-8") << QByteArray("{\"value\":[{\"id\":\"\xff\"}]}");
    QTest::newRow("deep") << QByteArray("{\"value\":[" + QByteArray(5000, '[') + QByteArray(5000, ']')
                                        + "]}");
    QTest::newRow("no value") << QByteArray(R"({"values":[]})");
    QTest::newRow("value twice, one not an array") << QByteArray(R"({"value":[],"value":7})");
    QTest::newRow("nextLink a number") << QByteArray(R"({"value":[],"nextLink":7})");
}

void TestListJob::malformedItemPageFailsAsAParsedListingDoes()
{
    // A page the text reader cannot vouch for is parsed as before: the item listing (pages read
    // from text) fails with the very error a listing of parsed pages gives for the same answer.
    QFETCH(QByteArray, body);
    CannedHttpServer server;
    QVERIFY(server.start());
    server.setHandler([&](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, body); });
    ArmOn client(server);
    Arm::ArmClient &arm = client.arm;
    QObject owner;
    std::optional<Result<QList<ProtectedItem>>> items;
    std::optional<Result<QList<Backup::Job>>> jobs;
    ListJob<ProtectedItem>::start(&arm, QStringLiteral("/items"), QStringLiteral("1"), &owner, {},
                                  [&](Result<QList<ProtectedItem>> r) { items = r; });
    ListJob<Backup::Job>::start(&arm, QStringLiteral("/items"), QStringLiteral("1"), &owner, {},
                                [&](Result<QList<Backup::Job>> r) { jobs = r; });
    QTRY_VERIFY(items.has_value() && jobs.has_value());
    QCOMPARE(items->ok(), jobs->ok());
    if (jobs->ok()) {
        QCOMPARE(items->value().size(), jobs->value().size());
        return;
    }
    QCOMPARE(items->error().code, jobs->error().code);
    QCOMPARE(items->error().detail, jobs->error().detail);
    QCOMPARE(items->error().args, jobs->error().args);
    QCOMPARE(items->error().httpStatus, jobs->error().httpStatus);
}

// listPages() with a page reader: a long page read from its text is read right after its scan, on
// the scan's worker, once, and what the reader made comes with the page; a short page (scanned on
// the owner's thread) comes unread, for the listing to read where it likes.
void TestListJob::textPageIsReadWhereItIsScanned()
{
    CannedHttpServer server;
    QVERIFY(server.start());
    QJsonArray longValue;
    for (int i = 0; longValue.size() < 400; ++i)
        longValue.append(QJsonObject { { QStringLiteral("id"), QStringLiteral("/x/%1").arg(i) },
                                       { QStringLiteral("pad"), QString(100, QLatin1Char('p')) } });
    const QByteArray longPage = json(
        QJsonObject { { QStringLiteral("value"), longValue },
                      { QStringLiteral("nextLink"), server.url(QStringLiteral("/short")).toString() } });
    const QByteArray shortPage = R"({"value":[{"id":"/y/0"},{"id":"/y/1"}]})";
    server.setHandler([&](const CannedHttpServer::Seen &seen) {
        return CannedHttpServer::response(200, seen.target.contains("short") ? shortPage : longPage);
    });
    ArmOn client(server);
    Arm::ArmClient &arm = client.arm;
    QVERIFY(longPage.size() >= arm.options().parseOffThreadBytes); // scanned on a worker
    QVERIFY(shortPage.size() < arm.options().parseOffThreadBytes);
    // What the reader saw, owned by the reader too: it may outlive this test's locals.
    struct Reads
    {
        QMutex lock;
        int count = 0;
        QHash<const void *, QThread *> on; // what the reader made, and where
    };
    const auto reads = std::make_shared<Reads>();
    QList<Arm::PageRead> handed;
    QList<bool> withText;
    std::optional<Result<QJsonArray>> done;
    QObject owner;
    arm.listPages(
        QStringLiteral("/long"), QStringLiteral("1"), &owner,
        [&](Arm::ListPage page, int) {
            withText << page.text.has_value();
            handed << page.read;
            if (page.read && page.text)
                QCOMPARE(*std::static_pointer_cast<qsizetype>(page.read), page.text->elements.size());
        },
        [&](Result<QJsonArray> r) { done = r; },
        [reads](const PageText &text) -> Arm::PageRead {
            auto made = std::make_shared<qsizetype>(text.elements.size());
            QMutexLocker locked(&reads->lock);
            ++reads->count;
            reads->on.insert(made.get(), QThread::currentThread());
            return made;
        });
    QTRY_VERIFY(done.has_value());
    QVERIFY(done->ok());
    QCOMPARE(withText, (QList<bool> { true, true }));
    QCOMPARE(handed.size(), 2);
    QMutexLocker locked(&reads->lock);
    QCOMPARE(reads->count, 1); // the long page, once
    QVERIFY(reads->on.contains(handed.at(0).get()));
    QVERIFY2(reads->on.value(handed.at(0).get()) != QThread::currentThread(),
             "long page read on the owner's thread");
    QVERIFY(!handed.at(1)); // the short page: not read by the transport
}

// A ListJob reads a long page on the worker that scanned it, before its call reports: the page is
// not handed over first and sent to a worker a second time.
void TestListJob::longItemPageIsReadOnTheTripThatScannedIt()
{
    CannedHttpServer server;
    QVERIFY(server.start());
    QJsonArray value;
    for (int i = 0; i < 8; ++i) // few elements, many bytes
        value.append(QJsonObject { { QStringLiteral("id"), QStringLiteral("e%1").arg(i) },
                                   { QStringLiteral("pad"), QString(8192, QLatin1Char('p')) } });
    const QByteArray page = json(QJsonObject { { QStringLiteral("value"), value } });
    server.setHandler([&](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, page); });
    ArmOn client(server);
    Arm::ArmClient &arm = client.arm;
    QVERIFY(page.size() >= arm.options().parseOffThreadBytes);
    OrderProbe::reset();
    OrderProbe::gatedText = true;
    HeldWorker held(OrderProbe::release);
    std::optional<Result<QList<OrderProbe>>> all;
    QObject owner;
    ListJob<OrderProbe>::start(&arm, QStringLiteral("/long"), QStringLiteral("1"), &owner, {},
                               [&](Result<QList<OrderProbe>> r) { all = r; });
    QTRY_VERIFY_WITH_TIMEOUT(OrderProbe::started.available() > 0 || all.has_value(), 5000);
    QVERIFY2(!all.has_value(), "the page was read on the owner's thread");
    // Held inside the read of its first element: the call that fetched it has not reported yet
    // (its answer is still being read), though its request is over.
    QCOMPARE(arm.requestCount(), 1);
    QCOMPARE(arm.inFlight(), 0);
    QCOMPARE(arm.reading(), 1);
    OrderProbe::started.acquire();
    held.open();
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(all->value().size(), 8);
    QCOMPARE(all->value().last().id, QStringLiteral("e7"));
    QCOMPARE(arm.inFlight(), 0);
    QCOMPARE(arm.reading(), 0);
}

// A ListJob's pages reach its handler in order when a page read where it was scanned comes while
// the page before it (one the scan could not vouch for, parsed from its document) is still being
// parsed on a worker: it waits for that page, and so does the end.
void TestListJob::pagesReadEarlyWaitForAnEarlierPageStillParsing()
{
    CannedHttpServer server;
    QVERIFY(server.start());
    auto page = [&](const char *prefix, int elements, const char *next, const char *valueKey = "value",
                    int pad = 0) {
        QJsonArray value;
        for (int i = 0; i < elements; ++i)
            value.append(QJsonObject {
                { QStringLiteral("id"), QStringLiteral("%1%2").arg(QLatin1String(prefix)).arg(i) },
                { QStringLiteral("pad"), QString(pad, QLatin1Char('p')) } });
        QByteArray text
            = "{\"" + QByteArray(valueKey) + "\":" + QJsonDocument(value).toJson(QJsonDocument::Compact);
        if (next)
            text += ",\"nextLink\":\"" + server.url(QLatin1String(next)).toString().toUtf8() + '"';
        return text + '}';
    };
    // The second page's key is spelled with an escape: the scan cannot vouch for it (parsed). The
    // third is long: read on its scan's worker, it comes ready while the second is still parsed.
    const QHash<QByteArray, QByteArray> pages { { "/p1", page("a", 20, "/p2") },
                                                { "/p2", page("b", 20, "/p3", "valu\\u0065") },
                                                { "/p3", page("c", 20, "/p4", "value", 4096) },
                                                { "/p4", page("d", 3, nullptr) } };
    QVERIFY(PageText::scan(pages.value("/p1")));
    QVERIFY(!PageText::scan(pages.value("/p2")));
    QVERIFY(QJsonDocument::fromJson(pages.value("/p2")).object().value(QStringLiteral("value")).isArray());
    QList<QByteArray> served;
    server.setHandler([&](const CannedHttpServer::Seen &seen) {
        served << seen.target.split('?').first();
        return CannedHttpServer::response(200, pages.value(served.last()));
    });
    ArmOn client(server);
    Arm::ArmClient &arm = client.arm;
    QVERIFY(pages.value("/p3").size() >= arm.options().parseOffThreadBytes);
    // The second page's worker is held while the third is scanned: two workers at least.
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    pool->setMaxThreadCount(std::max(threads, 2));
    const auto restore = qScopeGuard([pool, threads] { pool->setMaxThreadCount(threads); });
    OrderProbe::reset();
    OrderProbe::gatedDocument = true;
    HeldWorker held(OrderProbe::release);
    QStringList ids;
    QList<int> indexes;
    std::optional<Result<QList<OrderProbe>>> all;
    QObject owner; // after what its jobs report into: a failed check ends them while that is whole
    ListJob<OrderProbe>::start(
        &arm, QStringLiteral("/p1"), QStringLiteral("1"), &owner,
        [&](const QList<OrderProbe> &items, const QList<Unreadable> &, int index) {
            indexes << index;
            for (const OrderProbe &p : items)
                ids << p.id;
        },
        [&](Result<QList<OrderProbe>> r) { all = r; });
    // The second page is held on its worker; the transport reads the third and fourth meanwhile.
    // With every request answered and no answer still being read, every page has reached the job.
    QTRY_VERIFY_WITH_TIMEOUT(OrderProbe::started.available() > 0, 5000);
    QTRY_VERIFY(arm.requestCount() == 4 && arm.inFlight() == 0 && arm.reading() == 0);
    QCOMPARE(served, (QList<QByteArray> { "/p1", "/p2", "/p3", "/p4" })); // no retries
    QCOMPARE(arm.retryCount(), 0);
    QTRY_COMPARE(indexes, QList<int> { 0 }); // the first page's own worker may still be on it
    QVERIFY(!all.has_value());
    OrderProbe::started.acquire();
    held.open();
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(indexes, (QList<int> { 0, 1, 2, 3 }));
    QStringList expected;
    for (const auto &[prefix, count] : { std::pair { "a", 20 }, { "b", 20 }, { "c", 20 }, { "d", 3 } }) {
        for (int i = 0; i < count; ++i)
            expected << QStringLiteral("%1%2").arg(QLatin1String(prefix)).arg(i);
    }
    QCOMPARE(ids, expected);
    QStringList collected;
    for (const OrderProbe &p : all->value())
        collected << p.id;
    QCOMPARE(collected, expected);
}

QTEST_GUILESS_MAIN(TestListJob)
#include "tst_listjob.moc"
