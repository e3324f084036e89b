// The production listing (ListJob) against a canned ARM server: every page goes through the same
// page parser the parser tests exercise (Page<T>::fromValue), so what a view is handed — items,
// unreadable elements with their codes and arguments — is what Page<T>::fromArm gives for the
// same answer; and an element that is not an object has a named code whose catalogue sentence is
// complete.

#include "armexamples.h"
#include "backup/backuperrors.h"
#include "backup/job.h"
#include "backup/page.h"
#include "backup/servicejobs.h"
#include "cannedhttpserver.h"
#include "text/errortext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>

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

} // namespace

class TestListJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listingParsesPagesAsThePageParserDoes_data();
    void listingParsesPagesAsThePageParserDoes();
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

    QNetworkAccessManager nam;
    FixedTokens tokens;
    Net::Transport transport;
    transport.nam = &nam;
    Arm::ArmClient arm(transport, &tokens, server.url(QString()));
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

QTEST_GUILESS_MAIN(TestListJob)
#include "tst_listjob.moc"
