// What restoredesk-cli loads when (as the dynamic loader reports it, LD_DEBUG=files): it starts
// without QtKeychain and needs neither Qt D-Bus nor OpenSSL's libcrypto of its own, loads
// libcrypto when an audit log is checked, and says so, losing nothing, when the libcrypto it finds
// is not one it can use (where no system library it starts with needs libcrypto first). The
// identity page's check of an access token, likewise, says it could not verify, never "forged".
#include "audit/auditlog.h"
#include "auth/idtokenverifier.h"
#include "clirun.h"
#include "testsigner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;

class TestCliLibrariesE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startsWithoutKeychainOrLibcrypto();
    void libcryptoIsLoadedToCheckAnAuditLog();
    void anUnusableLibcryptoIsSaid();
    void anAccessTokenIsNotCalledForgedWithoutLibcrypto();
    void aMissingKeychainModuleIsSaid();

private:
    Test::CliRun cli(const QStringList &args, const QProcessEnvironment &extra);
    // The programs' environment: the test's own home, no access token from the shell.
    QProcessEnvironment home() const;
    // `extra` set over `env`; a folder in LD_LIBRARY_PATH goes first, before the one the tests run
    // with (if any), and no empty entry (the loader would take it for the working directory).
    static Test::CliRunOptions with(QProcessEnvironment env, const QProcessEnvironment &extra);

    QTemporaryDir m_dir;
    QString m_log;
    bool m_libcryptoAtStart = false; // a system library the CLI starts with needs it (not ours)
};

void TestCliLibrariesE2E::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_log = m_dir.filePath(QStringLiteral("audit/audit.jsonl"));
    Audit::AuditLog log(m_log);
    for (int i = 1; i <= 3; ++i) {
        Audit::Record r;
        r.type = QStringLiteral("restore");
        r.outcome = QStringLiteral("requested");
        r.identity.username = QStringLiteral("operator@x");
        r.target = QStringLiteral("/vaults/v/items/%1").arg(i);
        QVERIFY(log.append(r).ok());
    }
    // Whether a system library the CLI starts with loads libcrypto itself (Debian 13's do).
    const Test::CliRun version = cli({ QStringLiteral("--version") }, {});
    QCOMPARE(version.exitCode, 0);
    m_libcryptoAtStart = version.err.contains("file=libcrypto.so.3 [0];  needed by");
}

QProcessEnvironment TestCliLibrariesE2E::home() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"));
    env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("home/config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("home/data")));
    return env;
}

Test::CliRunOptions TestCliLibrariesE2E::with(QProcessEnvironment env, const QProcessEnvironment &extra)
{
    const QStringList keys = extra.keys();
    for (const QString &k : keys) {
        const QString before = env.value(k);
        env.insert(k,
                   k == QLatin1String("LD_LIBRARY_PATH") && !before.isEmpty()
                       ? extra.value(k) + QLatin1Char(':') + before
                       : extra.value(k));
    }
    Test::CliRunOptions options;
    options.environment = env;
    return options;
}

Test::CliRun TestCliLibrariesE2E::cli(const QStringList &args, const QProcessEnvironment &extra)
{
    QProcessEnvironment env = home();
    env.insert(QStringLiteral("RESTOREDESK_NO_KEYCHAIN"), QStringLiteral("1")); // never the user's
    env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
    env.remove(QStringLiteral("LD_DEBUG_OUTPUT")); // the loader's report on standard error
    return Test::runCli(QStringLiteral(RD_CLI_BINARY), args, with(env, extra));
}

void TestCliLibrariesE2E::startsWithoutKeychainOrLibcrypto()
{
    const Test::CliRun r = cli({ QStringLiteral("--version") }, {});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("restoredesk-cli "));
    // The loader's report is there, naming the CLI as it was started (so the absences below mean
    // something) ...
    QVERIFY2(r.err.contains("file=libQt6Core.so.6 [0];  needed by " RD_CLI_BINARY " [0]"),
             r.err.left(2000).constData());
    // ... and loads no QtKeychain, which only the keychain module brings ...
    QVERIFY2(!r.err.contains("file=libqt6keychain.so"), r.err.left(4000).constData());
    // ... and the CLI itself needs neither Qt D-Bus nor libcrypto. A system library may need them
    // (Debian 13's Qt Network Auth needs Qt Gui, which needs Qt D-Bus; its libproxy brings curl,
    // libssh2 and libldap, which need libcrypto): then they are loaded at start anyway.
    for (const char *library : { "libQt6DBus.so.6", "libcrypto.so.3" })
        QVERIFY2(!r.err.contains(QByteArray("file=") + library + " [0];  needed by " + RD_CLI_BINARY),
                 library);
}

void TestCliLibrariesE2E::libcryptoIsLoadedToCheckAnAuditLog()
{
    const Test::CliRun r = cli(
        { QStringLiteral("--no-keychain"), QStringLiteral("audit"), QStringLiteral("verify"), m_log }, {});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Intact: 3 records"), r.out.constData());
    if (!m_libcryptoAtStart)
        QVERIFY2(r.err.contains("file=libcrypto.so.3 [0];  dynamically loaded by"),
                 r.err.left(4000).constData());
}

void TestCliLibrariesE2E::anUnusableLibcryptoIsSaid()
{
    if (m_libcryptoAtStart)
        QSKIP("a system library the CLI starts with needs libcrypto itself: one without OpenSSL's functions "
              "would stop it from starting at all");
    QFile before(m_log);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray log = before.readAll();
    before.close();

    QProcessEnvironment fake;
    fake.insert(QStringLiteral("LD_LIBRARY_PATH"), QStringLiteral(RD_FAKE_LIBCRYPTO_DIR));
    fake.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("libs"));
    // Checking the log: nothing could be checked, which is not "broken" (exit 4).
    const Test::CliRun verify = cli(
        { QStringLiteral("--no-keychain"), QStringLiteral("audit"), QStringLiteral("verify"), m_log }, fake);
    QVERIFY2(verify.err.contains("trying file=" RD_FAKE_LIBCRYPTO_DIR "/libcrypto.so.3"),
             verify.err.left(4000).constData());
    QCOMPARE(verify.exitCode, 1);
    QByteArray said = verify.out + verify.err;
    QVERIFY2(said.contains("libcrypto.so.3 lacks BN_bin2bn, BN_free, ECDSA_SIG_free and "),
             said.right(3000).constData());
    QVERIFY2(!said.contains("Intact") && !said.contains("Broken"), said.right(2000).constData());

    // A verb that writes a record (a listing that fails: failures are recorded too): the record
    // is not written, and that is said; the log keeps every byte it had.
    const QByteArray token
        = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."
          "eyJpc3MiOiJodHRwczovL2xvZ2luLmV4YW1wbGUvdC92Mi4wIiwic3ViIjoiczEiLCJvaWQiOiJvMSIsInRp"
          "ZCI6InQxIiwidXBuIjoib3BAZXhhbXBsZSIsImF1ZCI6Imh0dHBzOi8vbWFuYWdlbWVudC5henVyZS5jb20i"
          "LCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMH0.c2ln";
    const Test::CliRun listing
        = cli({ QStringLiteral("--audit-log"), m_log, QStringLiteral("--api-base"),
                QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--access-token"),
                QString::fromLatin1(token), QStringLiteral("subscriptions"), QStringLiteral("list") },
              fake);
    QCOMPARE(listing.exitCode, 1);
    said = listing.out + listing.err;
    QVERIFY2(said.contains("not recorded in the audit log") && said.contains("libcrypto.so.3 lacks"),
             said.right(3000).constData());
    QVERIFY(!said.contains(token)); // a token never reaches standard error

    QFile after(m_log);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), log);

    // The same listing with OpenSSL's own libcrypto records its failure: what was refused above
    // was the library, not the record.
    const Test::CliRun recorded
        = cli({ QStringLiteral("--audit-log"), m_log, QStringLiteral("--api-base"),
                QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--access-token"),
                QString::fromLatin1(token), QStringLiteral("subscriptions"), QStringLiteral("list") },
              {});
    QCOMPARE(recorded.exitCode, 1);
    QVERIFY2(!(recorded.out + recorded.err).contains("not recorded in the audit log"),
             recorded.err.right(2000).constData());
    QVERIFY(after.seek(0));
    QVERIFY(after.readAll().size() > log.size());
}

void TestCliLibrariesE2E::anAccessTokenIsNotCalledForgedWithoutLibcrypto()
{
    // The probe links a subset of the CLI's libraries (no keychain, no audit), so where the CLI
    // starts without libcrypto, so does the probe.
    if (m_libcryptoAtStart)
        QSKIP("a system library the programs start with needs libcrypto itself (see above)");
    // An RFC 9068 access token of the issuer for this API, and the issuer's keys.
    const QString issuer = QStringLiteral("http://127.0.0.1:1/oidc");
    const QString api = QStringLiteral("api://backup");
    const Test::TestSigner signer(QStringLiteral("RS256"), QStringLiteral("k1"));
    const QByteArray token
        = signer.sign({ { QStringLiteral("typ"), QStringLiteral("at+jwt") } },
                      { { QStringLiteral("iss"), issuer },
                        { QStringLiteral("aud"), api },
                        { QStringLiteral("sub"), QStringLiteral("alice") },
                        { QStringLiteral("exp"), double(QDateTime::currentSecsSinceEpoch() + 3600) } });
    const QJsonObject jwks { { QStringLiteral("keys"), QJsonArray { signer.publicJwk() } } };
    const QString tokenFile = m_dir.filePath(QStringLiteral("access-token"));
    const QString jwksFile = m_dir.filePath(QStringLiteral("jwks.json"));
    for (const auto &[path, bytes] :
         { std::pair { tokenFile, token }, std::pair { jwksFile, QJsonDocument(jwks).toJson() } }) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
    }
    const auto probe = [&](const QProcessEnvironment &extra) {
        return Test::runCli(QStringLiteral(RD_ACCESS_TOKEN_PROBE), { tokenFile, jwksFile, issuer, api },
                            with(home(), extra));
    };
    using Status = Auth::AccessTokenView::Status;
    // With OpenSSL's libcrypto: verified (the probe and the token are sound).
    const Test::CliRun real = probe({});
    QCOMPARE(real.exitCode, 0);
    QCOMPARE(real.out.split('\n').value(0).toInt(), int(Status::Verified));
    // With one that lacks its functions: not verifiable, with why; never a bad signature.
    QProcessEnvironment fake;
    fake.insert(QStringLiteral("LD_LIBRARY_PATH"), QStringLiteral(RD_FAKE_LIBCRYPTO_DIR));
    const Test::CliRun without = probe(fake);
    QCOMPARE(without.exitCode, 0);
    const QList<QByteArray> lines = without.out.split('\n');
    QCOMPARE(lines.value(0).toInt(), int(Status::NotVerifiable));
    QCOMPARE(lines.value(1), issuer.toUtf8());
    QVERIFY2(lines.value(2).startsWith("OpenSSL's libcrypto is not usable here: libcrypto.so.3 lacks "),
             without.out.constData());
}

void TestCliLibrariesE2E::aMissingKeychainModuleIsSaid()
{
    // The CLI installed without its keychain module (bin/ with no lib/restoredesk/ beside it).
    const QString bin = m_dir.filePath(QStringLiteral("broken-install/bin"));
    QVERIFY(QDir().mkpath(bin));
    const QString copy = bin + QStringLiteral("/restoredesk-cli");
    QVERIFY(QFile::copy(QStringLiteral(RD_CLI_BINARY), copy));
    QProcessEnvironment env = home();
    env.remove(QStringLiteral("RESTOREDESK_NO_KEYCHAIN")); // it would look for the module
    // Were a module found after all, it would reach no one's keyring.
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=/nonexistent/restoredesk-test-bus"));
    const Test::CliRunOptions options = with(env, {});
    const Test::CliRun r
        = Test::runCli(copy, { QStringLiteral("audit"), QStringLiteral("verify"), m_log }, options);
    // The log is checked, without its key, and why is said: the module, where it was looked for.
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Intact: "), r.out.constData());
    // Where an install lays the module out (GNUInstallDirs' libdir may be lib, lib64 or
    // lib/<multiarch>), from the program's real folder.
    const QString module = QDir::cleanPath(QFileInfo(bin).canonicalFilePath() + QLatin1Char('/')
                                           + QStringLiteral(RD_MODULE_DIR_FROM_BIN) + QLatin1Char('/')
                                           + QStringLiteral(RD_KEYCHAIN_MODULE_FILE));
    QVERIFY2(r.err.contains("warning: the audit key could not be read") && r.err.contains(module.toUtf8()),
             r.err.constData());
}

QTEST_GUILESS_MAIN(TestCliLibrariesE2E)
#include "tst_cli_libraries_e2e.moc"
