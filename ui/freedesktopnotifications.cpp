#include "freedesktopnotifications.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>

namespace RestoreDesk {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
const QString kDefaultAction = QStringLiteral("default");
constexpr int kServerDefaultTimeout = -1;
} // namespace

FreedesktopNotifications::FreedesktopNotifications(QObject *parent)
    : QObject(parent)
{ }

bool FreedesktopNotifications::send(const QString &title, const QString &text, Urgency urgency)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return false;
    if (!m_listening) {
        // Old-style connect: QtDBus matches the signal by its D-Bus signature.
        m_listening = bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                                  SLOT(onActionInvoked(uint, QString)));
    }
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    // The body may be read as markup by the service ("body-markup"): escaped, it shows as typed.
    call << QStringLiteral("Restore Desk") << uint(0) << QStringLiteral("restoredesk") << title
         << text.toHtmlEscaped() << QStringList { kDefaultAction, tr("Show Restore Desk") }
         << QVariantMap { { QStringLiteral("urgency"), QVariant::fromValue(uchar(urgency)) },
                          { QStringLiteral("desktop-entry"), QStringLiteral("restoredesk") } }
         << kServerDefaultTimeout;
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<uint> reply = *w;
        if (reply.isError()) {
            Q_EMIT failed(reply.error().name() + QStringLiteral(": ") + reply.error().message());
            return;
        }
        m_ids.insert(reply.value());
        Q_EMIT delivered(reply.value());
    });
    return true;
}

void FreedesktopNotifications::onActionInvoked(uint id, const QString &action)
{
    if (m_ids.contains(id) && action == kDefaultAction)
        Q_EMIT activated();
}

} // namespace RestoreDesk
