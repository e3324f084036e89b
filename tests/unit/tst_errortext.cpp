// The catalogue of sentences: every code a layer declares has one, arguments fill it safely,
// variants and HTTP codes read, and unknown codes still say something useful.

#include "text/errortext.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace RestoreDesk;

class TestErrorText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyDeclaredCodeHasASentence();
    void argumentsFillTheSentence();
    void variantsAndHttpCodes();
    void screensGetTheRedactedDescription();
    void unknownCodesFallBackByKind();
    void describeCarriesDiagnostics();
    void anUnknownRestoreOutcomeSaysNothingWasSentAndWhatToDo();
    void anUnsettledRestoreNamesOnlyRealWaysOut();
};

void TestErrorText::everyDeclaredCodeHasASentence()
{
    // Codes are declared as `inline constexpr QLatin1String Name("code");` in each layer.
    static const QRegularExpression decl(QStringLiteral("QLatin1String\\s+\\w+\\(\"([a-z0-9_]+)\"\\)"));
    QStringList missing;
    int seen = 0;
    QDirIterator it(QStringLiteral(RD_SOURCE_DIR "/src"), { QStringLiteral("*.h") }, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QLatin1String("/sandbox/")))
            continue; // the sandbox answers as a service, in the API's own error envelopes
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        if (!text.contains(QLatin1String("Codes")))
            continue;
        // Only `Codes` namespaces hold error codes (warnings and reasons have catalogues of their own).
        static const QRegularExpression block(QStringLiteral("namespace (?:[\\w:]*::)?Codes\\s*\\{(.*?)\\}"),
                                              QRegularExpression::DotMatchesEverythingOption);
        QString codesText;
        for (auto b = block.globalMatch(text); b.hasNext();)
            codesText += b.next().captured(1);
        for (auto m = decl.globalMatch(codesText); m.hasNext();) {
            const QString code = m.next().captured(1);
            ++seen;
            if (!Text::hasSentence(code))
                missing << code + QStringLiteral(" (") + path.section(QLatin1Char('/'), -2)
                        + QLatin1Char(')');
        }
    }
    QVERIFY(seen > 40);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
}

void TestErrorText::argumentsFillTheSentence()
{
    const Error e
        = Error::make(Error::Kind::Security, QStringLiteral("issuer_mismatch"), {},
                      { QStringLiteral("https://evil.example"), QStringLiteral("https://idp.example") });
    QCOMPARE(Text::headline(e),
             QStringLiteral("The issuer answered as \"https://evil.example\", not the configured "
                            "\"https://idp.example\" (mix-up defence); nothing was used."));
    // Fewer arguments than places, more than places, a % in an argument: no warnings, no mangling.
    const Error few
        = Error::make(Error::Kind::Security, QStringLiteral("issuer_mismatch"), {}, { QStringLiteral("a") });
    QVERIFY(Text::headline(few).contains(QStringLiteral("\"a\", not the configured \"\"")));
    const Error many = Error::make(Error::Kind::Auth, QStringLiteral("invalid_grant"), {},
                                   { QStringLiteral("QQQ"), QStringLiteral("ZZZ") });
    QVERIFY(!Text::headline(many).contains(QStringLiteral("QQQ")));
    const Error percent
        = Error::make(Error::Kind::Auth, QStringLiteral("not_signed_in"), {}, { QStringLiteral("%2 50%") });
    QCOMPARE(Text::headline(percent), QStringLiteral("Not signed in to %2 50%."));
}

void TestErrorText::variantsAndHttpCodes()
{
    const Error v = Error::make(Error::Kind::Invalid, QStringLiteral("invalid_profile"), {},
                                { QStringLiteral("redirect_host"), QStringLiteral("example.com") });
    QCOMPARE(Text::headline(v),
             QStringLiteral("The redirect host \"example.com\" must be 127.0.0.1 or localhost."));
    const Error h = Error::make(Error::Kind::Http, QStringLiteral("http_502")).withHttp(502);
    QVERIFY(Text::headline(h).contains(QStringLiteral("502")));
    QVERIFY(Text::hasSentence(QStringLiteral("http_418")));
}

void TestErrorText::unknownCodesFallBackByKind()
{
    const Error e
        = Error::make(Error::Kind::Network, QStringLiteral("SomethingNew"), QStringLiteral("peer said no"));
    QCOMPARE(Text::headline(e), QStringLiteral("The service could not be reached."));
    const QString full = Text::describe(e);
    QVERIFY(full.contains(QStringLiteral("SomethingNew")));
    QVERIFY(full.contains(QStringLiteral("peer said no")));
}

void TestErrorText::describeCarriesDiagnostics()
{
    Error e
        = Error::make(Error::Kind::Auth, QStringLiteral("AuthorizationFailed"), QStringLiteral("lacks read"))
              .withHttp(403, QStringLiteral("corr-1"));
    e.requestId = QStringLiteral("req-1");
    const QString text = Text::describe(e);
    QVERIFY(text.contains(QStringLiteral("HTTP 403")));
    QVERIFY(text.contains(QStringLiteral("corr-1")));
    QVERIFY(text.contains(QStringLiteral("req-1")));
    QVERIFY(text.contains(QStringLiteral("lacks read")));
}

// A peer's detail can echo a token (an issuer's error_description, a qDebug of a request): what a
// screen shows goes through the same redaction as the logs.
void TestErrorText::screensGetTheRedactedDescription()
{
    const Error e = Error::make(Error::Kind::Auth, QStringLiteral("invalid_grant"),
                                QStringLiteral(R"(refresh_token "RT-opaque-9999" was already used)"));
    QVERIFY(Text::describe(e).contains(QStringLiteral("RT-opaque-9999"))); // the raw text has it
    const QString shown = Text::describeRedacted(e);
    QVERIFY2(!shown.contains(QStringLiteral("RT-opaque-9999")), qPrintable(shown));
    QVERIFY(shown.startsWith(Text::headline(e)));
}

QTEST_GUILESS_MAIN(TestErrorText)
void TestErrorText::anUnknownRestoreOutcomeSaysNothingWasSentAndWhatToDo()
{
    // What an operator reads on the submit page (and the CLI's error line) when a lost answer's
    // restore may have started: that nothing was sent again, and what to do either way.
    const Error e
        = Error::make(Error::Kind::Invalid, QStringLiteral("restore_outcome_unknown"),
                      QStringLiteral("restore job(s) of the item started since may be this restore: J1"),
                      { QStringLiteral("REQ-1") });
    const QString text = Text::describe(e);
    QVERIFY2(text.contains(QStringLiteral("Nothing was sent again")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("REQ-1")) && text.contains(QStringLiteral("J1")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("if it is this restore"))
                 && text.contains(QStringLiteral("discard this request")),
             qPrintable(text));
    // Every way out it names is a real one: the strip's buttons and CLI commands that exist.
    QVERIFY2(text.startsWith(QStringLiteral("The outcome of the restore is not known")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("restoredesk-cli restore pending discard REQ-1"))
                 && text.contains(QStringLiteral("Discard button"))
                 && text.contains(QStringLiteral("Reconcile button")),
             qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("restore pending list")) && !text.contains(QStringLiteral("drop"))
                 && !text.contains(QStringLiteral("Looking again")),
             qPrintable(text));
}

void TestErrorText::anUnsettledRestoreNamesOnlyRealWaysOut()
{
    for (const char *code : { "restore_no_job_found", "restore_unsettled", "restore_never_sent" }) {
        const Error e
            = Error::make(Error::Kind::Invalid, QLatin1String(code), {},
                          { QStringLiteral("REQ-1"), QStringLiteral("REQ-1"), QStringLiteral("60") });
        const QString text = Text::describe(e);
        QVERIFY2(text.contains(QStringLiteral("restore pending discard REQ-1")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("restore pending list"))
                     && !text.contains(QStringLiteral("drop")),
                 qPrintable(text));
    }
}

#include "tst_errortext.moc"
