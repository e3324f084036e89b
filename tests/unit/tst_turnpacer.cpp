// TurnPacer: pieces run in the order posted, never inside post(), a slice of the event loop's
// turn at a time (pieces that each take a whole slice run one per turn, with the event loop's
// other work between them); a piece whose context is gone by its turn is dropped.
#include "core/turnpacer.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace RestoreDesk;

class TestTurnPacer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void piecesRunInOrderNeverInsidePost();
    void longPiecesRunOnePerTurn();
    void pieceOfAContextGoneIsDropped();
    void aPieceWaitingInANestedLoopDoesNotHoldTheOthers();
    void withoutPacingEachPieceRunsAtOnceAfterThoseWaiting();
};

void TestTurnPacer::piecesRunInOrderNeverInsidePost()
{
    QList<int> ran;
    for (int i = 0; i < 50; ++i)
        TurnPacer::post(this, [&ran, i] { ran << i; });
    QVERIFY(ran.isEmpty());
    QCOMPARE(TurnPacer::pending(), 50);
    // A piece posted by a piece runs after those already waiting.
    TurnPacer::post(this, [&] { TurnPacer::post(this, [&ran] { ran << 1000; }); });
    QTRY_COMPARE(ran.size(), 51);
    QList<int> expected;
    for (int i = 0; i < 50; ++i)
        expected << i;
    expected << 1000;
    QCOMPARE(ran, expected);
    QCOMPARE(TurnPacer::pending(), 0);
}

void TestTurnPacer::longPiecesRunOnePerTurn()
{
    // Each piece takes a whole slice: one runs per turn, and the event loop's other work (here a
    // zero-interval timer counting turns) runs between them.
    const auto slice = [] {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() <= TurnPacer::kSliceMs) { }
    };
    int ran = 0;
    for (int i = 0; i < 8; ++i)
        TurnPacer::post(this, [&] {
            slice();
            ++ran;
        });
    QList<int> seen; // pieces run, as seen at each turn
    QTimer turns;
    turns.setInterval(0);
    connect(&turns, &QTimer::timeout, this, [&] { seen << ran; });
    turns.start();
    QTRY_COMPARE(ran, 8);
    turns.stop();
    int partway = 0;
    for (qsizetype i = 1; i < seen.size(); ++i) {
        QVERIFY2(seen.at(i) - seen.at(i - 1) <= 2,
                 qPrintable(QStringLiteral("%1 pieces in a turn").arg(seen.at(i) - seen.at(i - 1))));
        partway += seen.at(i) > 0 && seen.at(i) < 8 ? 1 : 0;
    }
    QVERIFY2(partway >= 4, qPrintable(QStringLiteral("%1 turns saw part of the pieces run").arg(partway)));
}

void TestTurnPacer::pieceOfAContextGoneIsDropped()
{
    auto context = std::make_unique<QObject>();
    bool ranGone = false;
    bool ranKept = false;
    TurnPacer::post(context.get(), [&] { ranGone = true; });
    TurnPacer::post(this, [&] { ranKept = true; });
    context.reset();
    QTRY_VERIFY(ranKept);
    QVERIFY(!ranGone);
}

void TestTurnPacer::aPieceWaitingInANestedLoopDoesNotHoldTheOthers()
{
    // A piece that waits in a nested event loop (as a modal dialog does) for something only a
    // later piece brings: the later piece runs inside that loop, instead of the two waiting on
    // each other until a safety timer ends the loop.
    bool laterRan = false;
    bool endedBySafety = false;
    TurnPacer::post(this, [&] {
        QEventLoop loop;
        QTimer safety;
        safety.setSingleShot(true);
        connect(&safety, &QTimer::timeout, &loop, [&] {
            endedBySafety = true;
            loop.quit();
        });
        safety.start(5000);
        QTimer poll; // the thing awaited, seen from inside the loop
        connect(&poll, &QTimer::timeout, &loop, [&] {
            if (laterRan)
                loop.quit();
        });
        poll.start(1);
        loop.exec();
    });
    TurnPacer::post(this, [&] { laterRan = true; });
    QTRY_VERIFY_WITH_TIMEOUT(laterRan, 10000);
    QVERIFY2(!endedBySafety, "the later piece waited for the nested loop to end");
}

void TestTurnPacer::withoutPacingEachPieceRunsAtOnceAfterThoseWaiting()
{
    // A process without a window (the CLI) turns pacing off: a piece runs inside post(), no turn
    // of the event loop in between; pieces posted while pacing was on still run first, in order.
    QVERIFY(TurnPacer::pacing());
    QList<int> ran;
    TurnPacer::post(this, [&ran] { ran << 1; });
    TurnPacer::setPacing(false);
    TurnPacer::post(this, [&ran] { ran << 2; }); // behind the one waiting: not at once
    QVERIFY(ran.isEmpty());
    QTRY_COMPARE(ran, QList<int>({ 1, 2 }));
    TurnPacer::post(this, [&ran] { ran << 3; });
    QCOMPARE(ran, QList<int>({ 1, 2, 3 })); // at once
    QCOMPARE(TurnPacer::pending(), 0);
    TurnPacer::setPacing(true);
    TurnPacer::post(this, [&ran] { ran << 4; });
    QCOMPARE(ran.size(), 3);
    QTRY_COMPARE(ran.size(), 4);
}

QTEST_GUILESS_MAIN(TestTurnPacer)
#include "tst_turnpacer.moc"
