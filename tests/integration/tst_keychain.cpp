// QtKeychain against the real Secret Service (gnome-keyring in a private D-Bus session, started
// by tests/support/with-keyring.sh), through the keychain module a store loads at its first call.
#include "auth/keychainstore.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace RestoreDesk;
using namespace RestoreDesk::Auth;

class TestKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void storeReadDelete();
    void probeSucceeds();
    void storeDeathReportsCancelled();
};

void TestKeychain::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "run through tests/support/with-keyring.sh: no D-Bus session");
}

void TestKeychain::storeReadDelete()
{
    KeychainStore store(QStringLiteral("restoredesk-test"));
    const QString key = QStringLiteral("issuer|client|subject-%1").arg(QCoreApplication::applicationPid());
    const QByteArray secret = QByteArrayLiteral("refresh-\x01\x02-binary-\xff");

    std::optional<Result<void>> written;
    store.write(key, secret, [&](Result<void> r) { written = r; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 20000);
    QVERIFY2(written->ok(), qPrintable(written->ok() ? QString() : written->error().toString()));

    std::optional<Result<QByteArray>> readBack;
    store.read(key, [&](Result<QByteArray> r) { readBack = r; });
    QTRY_VERIFY_WITH_TIMEOUT(readBack.has_value(), 20000);
    QVERIFY2(readBack->ok(), qPrintable(readBack->ok() ? QString() : readBack->error().toString()));
    QCOMPARE(readBack->value(), secret);

    std::optional<Result<void>> removed;
    store.remove(key, [&](Result<void> r) { removed = r; });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
    QVERIFY(removed->ok());

    std::optional<Result<QByteArray>> gone;
    int reports = 0;
    store.read(key, [&](Result<QByteArray> r) {
        gone = r;
        ++reports;
    });
    QTRY_VERIFY_WITH_TIMEOUT(gone.has_value(), 20000);
    QVERIFY(!gone->ok());
    QCOMPARE(gone->error().code, QStringLiteral("keychain_not_found"));
    QTest::qWait(100);
    QCOMPARE(reports, 1); // a job reports once
}

void TestKeychain::probeSucceeds()
{
    KeychainStore store(QStringLiteral("restoredesk-test"));
    std::optional<Result<void>> probed;
    store.probe([&](Result<void> r) { probed = r; });
    QTRY_VERIFY_WITH_TIMEOUT(probed.has_value(), 20000);
    QVERIFY2(probed->ok(), qPrintable(probed->ok() ? QString() : probed->error().toString()));
}

// Defect: the store was the jobs' connection context: when it died first, its calls never
// reported (a sign-out or a refresh waiting on the keychain hung forever).
void TestKeychain::storeDeathReportsCancelled()
{
    auto store = std::make_unique<KeychainStore>(QStringLiteral("restoredesk-test"));
    std::optional<Result<QByteArray>> readBack;
    int reports = 0;
    store->read(QStringLiteral("no-such-entry"), [&](Result<QByteArray> r) {
        readBack = r;
        ++reports;
    });
    store.reset(); // before the Secret Service has answered
    QVERIFY(readBack.has_value());
    QCOMPARE(readBack->error().code, QString(RestoreDesk::Codes::Cancelled));
    QTest::qWait(300); // the QtKeychain job finishes unheard
    QCOMPARE(reports, 1);
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
