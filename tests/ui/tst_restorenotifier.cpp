// Desktop notifications where the desktop has no system tray (GNOME, and the offscreen platform
// here): the restore's end reaches the freedesktop.org notification service on the session bus.
// The service is a real D-Bus peer on a private session bus (the test runs in with-keyring.sh's
// dbus-run-session), on its own connection, so every call crosses the bus.
#include "freedesktopnotifications.h"
#include "restorenotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>
#include <QWidget>

using namespace RestoreDesk;

namespace {

// The notification service as a desktop runs it: numbers each notification, can emit
// ActionInvoked for it.
class FakeNotificationService : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Shown
    {
        QString app;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
    };
    QList<Shown> shown;
    bool refuse = false;

public Q_SLOTS:
    uint Notify(const QString &app, uint replaces, const QString &icon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int timeout,
                const QDBusMessage &message)
    {
        Q_UNUSED(replaces)
        Q_UNUSED(icon)
        Q_UNUSED(timeout)
        if (refuse) {
            message.setDelayedReply(true);
            QDBusConnection(kConnection)
                .send(message.createErrorReply(QStringLiteral("org.freedesktop.Notifications.Error.Busy"),
                                               QStringLiteral("too many notifications")));
            return 0;
        }
        shown << Shown { app, summary, body, actions, hints };
        return uint(41 + shown.size());
    }

public:
    static inline const QString kConnection = QStringLiteral("fake-notification-service");
};

} // namespace

class TestRestoreNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void endOfRestoreReachesTheNotificationService();
    void aClickOnItBringsTheConsoleForward();
    void aRefusalIsReportedAndTheWindowStillAsksForAttention();

private:
    FakeNotificationService m_service;
};

void TestRestoreNotifier::initTestCase()
{
    QVERIFY2(QDBusConnection::sessionBus().isConnected(), "needs a session bus (with-keyring.sh)");
    QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
    QDBusConnection server
        = QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_service.kConnection);
    QVERIFY(server.isConnected());
    QVERIFY(server.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &m_service,
                                  QDBusConnection::ExportAllSlots));
    QVERIFY(server.registerService(QStringLiteral("org.freedesktop.Notifications")));
}

void TestRestoreNotifier::cleanupTestCase()
{
    QDBusConnection::disconnectFromBus(m_service.kConnection);
}

void TestRestoreNotifier::endOfRestoreReachesTheNotificationService()
{
    QWidget window; // never shown: in the background
    RestoreNotifier notifier(&window);
    QVERIFY(notifier.isInBackground());
    QVERIFY(notifier.notifyEnded(RestoreNotifier::Level::Failure, QStringLiteral("Restore failed"),
                                 QStringLiteral("vm-web-01 <disks>: UserErrorDiskNotFound")));
    QVERIFY(notifier.desktopNotifications());
    QSignalSpy delivered(notifier.desktopNotifications(), &FreedesktopNotifications::delivered);
    QTRY_COMPARE(m_service.shown.size(), 1);
    QTRY_COMPARE(delivered.size(), 1);
    const auto &n = m_service.shown.first();
    QCOMPARE(n.app, QStringLiteral("Restore Desk"));
    QCOMPARE(n.summary, QStringLiteral("Restore failed"));
    // Escaped: a service that reads markup shows the text as it was written.
    QCOMPARE(n.body, QStringLiteral("vm-web-01 &lt;disks&gt;: UserErrorDiskNotFound"));
    QCOMPARE(n.actions.first(), QStringLiteral("default"));
    QCOMPARE(n.hints.value(QStringLiteral("urgency")).toInt(), 2); // critical
    QCOMPARE(n.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("restoredesk"));

    // A success is of normal urgency.
    QVERIFY(notifier.notifyEnded(RestoreNotifier::Level::Success, QStringLiteral("Restore completed"),
                                 QStringLiteral("vm-web-01")));
    QTRY_COMPARE(m_service.shown.size(), 2);
    QCOMPARE(m_service.shown.last().hints.value(QStringLiteral("urgency")).toInt(), 1);
    m_service.shown.clear();
}

void TestRestoreNotifier::aClickOnItBringsTheConsoleForward()
{
    FreedesktopNotifications notifications;
    QSignalSpy delivered(&notifications, &FreedesktopNotifications::delivered);
    QSignalSpy activated(&notifications, &FreedesktopNotifications::activated);
    QVERIFY(notifications.send(QStringLiteral("Restore completed"), QStringLiteral("vm-web-01"),
                               FreedesktopNotifications::Urgency::Normal));
    QTRY_COMPARE(delivered.size(), 1);
    const uint id = delivered.first().first().toUInt();
    auto invoked = [](uint which, const QString &action) {
        QDBusMessage signal = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/Notifications"),
                                                         QStringLiteral("org.freedesktop.Notifications"),
                                                         QStringLiteral("ActionInvoked"));
        signal << which << action;
        return QDBusConnection(FakeNotificationService::kConnection).send(signal);
    };
    QVERIFY(invoked(id + 100, QStringLiteral("default"))); // another program's notification
    QVERIFY(invoked(id, QStringLiteral("other")));
    QVERIFY(invoked(id, QStringLiteral("default")));
    QTRY_COMPARE(activated.size(), 1);
    QTest::qWait(200);
    QCOMPARE(activated.size(), 1);
    m_service.shown.clear();
}

void TestRestoreNotifier::aRefusalIsReportedAndTheWindowStillAsksForAttention()
{
    m_service.refuse = true;
    QWidget window;
    RestoreNotifier notifier(&window);
    QSignalSpy notified(&notifier, &RestoreNotifier::notified);
    QVERIFY(notifier.notifyEnded(RestoreNotifier::Level::Warning,
                                 QStringLiteral("Restore completed with warnings"),
                                 QStringLiteral("vm-web-01")));
    QCOMPARE(notified.size(), 1);
    QSignalSpy failed(notifier.desktopNotifications(), &FreedesktopNotifications::failed);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("Busy")),
             qPrintable(failed.first().first().toString()));
    QVERIFY(m_service.shown.isEmpty());
    m_service.refuse = false;
}

QTEST_MAIN(TestRestoreNotifier)
#include "tst_restorenotifier.moc"
