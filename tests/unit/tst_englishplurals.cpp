// Counted sentences read as English does ("1 vault", "2 vaults"), never "1 vault(s)", once the
// translator the GUI and the CLI install is in place; every other sentence is left as written.
#include "text/englishplurals.h"
#include "text/tokentext.h"
#include "text/verdicttext.h"

#include <QCoreApplication>
#include <QTest>

using namespace RestoreDesk;

class TestEnglishPlurals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void forms_data();
    void forms();
    void onlyCountedSentencesAreTouched();
    void installedItGivesTheConsolesSentencesTheirForms();
};

void TestEnglishPlurals::forms_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one") << QByteArray("%n vault(s)") << 1 << "%n vault";
    QTest::newRow("none") << QByteArray("%n vault(s)") << 0 << "%n vaults";
    QTest::newRow("two") << QByteArray("%n vault(s)") << 2 << "%n vaults";
    QTest::newRow("many") << QByteArray("%n vault(s)") << 2147483647 << "%n vaults";
    QTest::newRow("twice in one sentence")
        << QByteArray("%n restore(s) of %n item(s)") << 1 << "%n restore of %n item";
    QTest::newRow("text around it") << QByteArray("Key: checked, %1 record(s) authenticated.") << 5
                                    << "Key: checked, %1 records authenticated.";
    QTest::newRow("entry, one") << QByteArray("%n entry(ies) unread") << 1 << "%n entry unread";
    QTest::newRow("entries") << QByteArray("%n entry(ies) unread") << 4 << "%n entries unread";
    QTest::newRow("matches") << QByteArray("%n match(es)") << 2 << "%n matches";
    QTest::newRow("match") << QByteArray("%n match(es)") << 1 << "%n match";
    QTest::newRow("UTF-8 kept") << QByteArray("%n déjà-vu(s) — ok") << 3
                                << QString::fromUtf8("%n déjà-vus — ok");
}

void TestEnglishPlurals::forms()
{
    QFETCH(QByteArray, source);
    QFETCH(int, n);
    QFETCH(QString, expected);
    QCOMPARE(Text::EnglishPlurals::forms(source.constData(), n), expected);
}

void TestEnglishPlurals::onlyCountedSentencesAreTouched()
{
    // No count (tr without n), nothing to decide, no text: left to the next translator.
    QVERIFY(Text::EnglishPlurals::forms("the key(s) %1", -1).isNull());
    QVERIFY(Text::EnglishPlurals::forms("%n s", 3).isNull());
    QVERIFY(Text::EnglishPlurals::forms(nullptr, 3).isNull());
    const Text::EnglishPlurals plurals;
    QVERIFY(!plurals.isEmpty()); // Qt skips an empty translator
    QVERIFY(plurals.translate("Any", "Plain sentence").isNull());
}

void TestEnglishPlurals::installedItGivesTheConsolesSentencesTheirForms()
{
    const auto translate = [](const char *source, int n) {
        return QCoreApplication::translate("RestoreDesk::Text", source, nullptr, n);
    };
    // As Qt shows them with no translator: the operator would read "1 vault(s)".
    QCOMPARE(translate("%n vault(s)", 1), QStringLiteral("1 vault(s)"));
    QCOMPARE(Text::relativeText(2 * 86400), QStringLiteral("in 2 day(s)"));

    auto *plurals = new Text::EnglishPlurals(qApp);
    QVERIFY(QCoreApplication::installTranslator(plurals));
    QCOMPARE(translate("%n vault(s)", 1), QStringLiteral("1 vault"));
    QCOMPARE(translate("%n vault(s)", 0), QStringLiteral("0 vaults"));
    QCOMPARE(translate("%n vault(s)", 48022), QStringLiteral("48022 vaults"));
    QCOMPARE(translate("the key(s) %1", -1), QStringLiteral("the key(s) %1"));
    QCOMPARE(translate("Plain sentence", 2), QStringLiteral("Plain sentence"));
    // A sentence of the console's own wording, through its own function.
    QCOMPARE(Text::relativeText(2 * 86400), QStringLiteral("in 2 days"));
    QCOMPARE(Text::relativeText(3 * 86400), QStringLiteral("in 3 days"));
    Audit::Verdict verdict;
    verdict.key = Audit::Verdict::Check::Passed;
    verdict.authenticated = 1;
    QVERIFY(Text::verdictChecks(verdict).contains(
        QStringLiteral("Key: checked, 1 record authenticated with this installation's key.")));
    verdict.authenticated = 1000000;
    QVERIFY(Text::verdictChecks(verdict).contains(
        QStringLiteral("Key: checked, 1000000 records authenticated with this installation's key.")));
    QVERIFY(QCoreApplication::removeTranslator(plurals));
    delete plurals;
}

QTEST_GUILESS_MAIN(TestEnglishPlurals)
#include "tst_englishplurals.moc"
