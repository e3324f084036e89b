// What the sandbox counts as "this machine" when it fetches a trusted issuer's metadata and keys
// over plain HTTP: the parsed host, never a prefix of a name.
#include "sandbox/loopback.h"

#include <QTest>

using namespace RestoreDesk::Sandbox;

class TestLoopback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fetchable_data();
    void fetchable();
};

void TestLoopback::fetchable_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("127.0.0.1") << "http://127.0.0.1:8080/oidc" << true;
    QTest::newRow("other 127/8 address") << "http://127.1.2.3/" << true;
    QTest::newRow("IPv6 loopback") << "http://[::1]:9000/" << true;
    QTest::newRow("localhost") << "http://localhost:1/" << true;
    QTest::newRow("LOCALHOST (hosts are case-insensitive)") << "http://LOCALHOST/" << true;
    QTest::newRow("https anywhere") << "https://login.example.com/tenant/v2.0" << true;
    QTest::newRow("name starting with 127.") << "http://127.evil.example/" << false;
    QTest::newRow("name starting with 127.0.0.1.") << "http://127.0.0.1.nip.io/" << false;
    QTest::newRow("name starting with localhost.") << "http://localhost.evil.example/" << false;
    QTest::newRow("name ending in localhost") << "http://evil-localhost/" << false;
    QTest::newRow("user info before a remote host") << "http://127.0.0.1@evil.example/" << false;
    QTest::newRow("user info on a loopback host") << "http://user:pw@127.0.0.1/" << false;
    QTest::newRow("remote address") << "http://10.0.0.1/" << false;
    QTest::newRow("any address") << "http://0.0.0.0/" << false;
    QTest::newRow("remote IPv6") << "http://[2001:db8::1]/" << false;
    QTest::newRow("other scheme") << "ftp://127.0.0.1/" << false;
    QTest::newRow("no host") << "http:///x" << false;
}

void TestLoopback::fetchable()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    QCOMPARE(isHttpsOrLoopback(QUrl(url)), allowed);
}

QTEST_GUILESS_MAIN(TestLoopback)
#include "tst_loopback.moc"
