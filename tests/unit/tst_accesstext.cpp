// The access layer's words: every error, warning, signature reason and Entra code it can produce
// has a sentence in ui/text, placeholders filled by position, durations read as people say them.
#include "access/accesscodes.h"
#include "text/errortext.h"
#include "text/fictext.h"
#include "text/tokentext.h"

#include <QRegularExpression>
#include <QTest>

using namespace RestoreDesk;

class TestAccessText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyErrorHasASentence();
    void everyWarningHasASentence();
    void everySignatureReasonHasASentence();
    void everyEntraCodeIsExplained();
    void placeholdersByPosition_data();
    void placeholdersByPosition();
    void durations_data();
    void durations();
};

void TestAccessText::everyErrorHasASentence()
{
    // As many arguments as accesscodes.h documents for each code: a sentence naming fewer makes
    // QString::arg warn (a failure here), one naming more leaves a '%' behind.
    const QHash<QString, int> argCount { { "token_too_large", 2 },
                                         { "token_not_jws", 1 },
                                         { "token_nesting_too_deep", 1 },
                                         { "invalid_claims_expression", 1 },
                                         { "unknown_operation", 2 },
                                         { "invalid_credential_name", 1 },
                                         { "credential_issuer_not_https", 1 },
                                         { "credential_incomplete", 1 },
                                         { "credential_limit_reached", 1 },
                                         { "credential_duplicate", 1 } };
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    for (const QLatin1String code : Access::Codes::All) {
        QStringList args;
        for (int i = 0; i < argCount.value(code); ++i)
            args << QStringLiteral("ARG%1").arg(i + 1);
        const QString text = Text::describe(Error::make(Error::Kind::Invalid, code, QString(), args));
        // Unknown codes fall back to a generic sentence with the code in brackets.
        QVERIFY2(!text.contains(QStringLiteral("(%1)").arg(code)), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1Char('%')), qPrintable(text));
        for (const QString &a : std::as_const(args))
            QVERIFY2(text.contains(a), qPrintable(text));
    }
    QVERIFY(Text::describe(Error::make(Error::Kind::Invalid, QStringLiteral("no_such_code")))
                .contains(QStringLiteral("(no_such_code)")));
}

void TestAccessText::everyWarningHasASentence()
{
    for (const QLatin1String code : Access::Warnings::All) {
        const QString text = Text::warningText(
            Access::TokenWarning { code, Access::TokenWarning::Severity::Warning, { "1", "2" } });
        QVERIFY2(text != code && text.endsWith(QLatin1Char('.')), qPrintable(text));
    }
}

void TestAccessText::everySignatureReasonHasASentence()
{
    for (const QLatin1String reason : Access::SignatureReasons::All) {
        Access::SignatureStatus s;
        s.state = Access::SignatureStatus::State::NotVerifiable;
        s.reason = reason;
        s.args = { "https://idp.example", "https://other.example" };
        const QString text = Text::signatureText(s);
        QVERIFY2(text.size() > 30 && !text.contains(QLatin1Char('%')), qPrintable(text));
    }
}

void TestAccessText::everyEntraCodeIsExplained()
{
    for (const QLatin1String code : Access::AadSts::All)
        QVERIFY2(Text::aadstsText(code).startsWith(code + QLatin1Char(':')), qPrintable(QString(code)));
}

void TestAccessText::placeholdersByPosition_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("filled");
    QTest::newRow("in order") << "%1 and %2" << QStringList { "a", "b" } << "a and b";
    QTest::newRow("only the second") << "key %2" << QStringList { "RS256", "k1" } << "key k1";
    QTest::newRow("argument holding a marker") << "%1 then %2" << QStringList { "%2", "x" } << "%2 then x";
    QTest::newRow("missing argument") << "%1/%3" << QStringList { "a" } << "a/";
    QTest::newRow("percent literal") << "100% sure, %1" << QStringList { "yes" } << "100% sure, yes";
}

void TestAccessText::placeholdersByPosition()
{
    QFETCH(QString, sentence);
    QFETCH(QStringList, args);
    QFETCH(QString, filled);
    QCOMPARE(Text::fillPlaceholders(sentence, args), filled);
}

void TestAccessText::durations_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("seconds") << qint64(45) << "45 s";
    QTest::newRow("12 minutes less a second") << qint64(719) << "12 min";
    QTest::newRow("in the past") << qint64(-720) << "12 min";
    QTest::newRow("hours") << qint64(5 * 3600 + 1700) << "5 h";
    QTest::newRow("days") << qint64(3 * 86400) << "3 day(s)";
}

void TestAccessText::durations()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(Text::durationText(seconds), text);
}

QTEST_GUILESS_MAIN(TestAccessText)
#include "tst_accesstext.moc"
