#include "core/shellwords.h"

#include <QTest>

using namespace RestoreDesk;

class TestShellWords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data();
    void split();
    void unterminated();
    void browserTemplate();
};

void TestShellWords::split_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("plain") << "firefox --new-window" << QStringList { "firefox", "--new-window" };
    QTest::newRow("single quotes keep blanks")
        << "'/opt/my browser/bin' -x" << QStringList { "/opt/my browser/bin", "-x" };
    QTest::newRow("double quotes, escaped quote")
        << "sh -c \"echo \\\"hi\\\"\"" << QStringList { "sh", "-c", "echo \"hi\"" };
    QTest::newRow("backslash blank") << "a\\ b c" << QStringList { "a b", "c" };
    QTest::newRow("no expansion") << "echo $HOME *" << QStringList { "echo", "$HOME", "*" };
    QTest::newRow("adjacent quoting") << "pre'fix'\"post\"" << QStringList { "prefixpost" };
    QTest::newRow("empty quoted word") << "a '' b" << QStringList { "a", "", "b" };
    QTest::newRow("blank") << "   " << QStringList {};
}

void TestShellWords::split()
{
    QFETCH(QString, command);
    QFETCH(QStringList, words);
    const auto r = splitShellWords(command);
    QVERIFY(r.ok());
    QCOMPARE(r.value(), words);
}

void TestShellWords::unterminated()
{
    QCOMPARE(splitShellWords(QStringLiteral("a 'b")).error().code, QStringLiteral("unterminated_quote"));
    QCOMPARE(splitShellWords(QStringLiteral("a \"b")).error().code, QStringLiteral("unterminated_quote"));
}

void TestShellWords::browserTemplate()
{
    QCOMPARE(browserArguments({ "firefox", "--new-window" }, "http://x/?a=1"),
             (QStringList { "firefox", "--new-window", "http://x/?a=1" }));
    QCOMPARE(browserArguments({ "chromium", "--app={url}", "--incognito" }, "http://x"),
             (QStringList { "chromium", "--app=http://x", "--incognito" }));
}

QTEST_GUILESS_MAIN(TestShellWords)
#include "tst_shellwords.moc"
