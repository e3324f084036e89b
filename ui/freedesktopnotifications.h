#pragma once

#include <QObject>
#include <QSet>

namespace RestoreDesk {

// Desktop notifications through the freedesktop.org notification service
// (org.freedesktop.Notifications on the session bus): what GNOME and other desktops without a
// system tray show. Sending is asynchronous (never blocks the GUI thread on the bus); a
// notification the service refuses, or a bus with no such service, is reported by failed(), and
// the operator's click on one of ours by activated(). GUI thread; owned by its parent.
class FreedesktopNotifications : public QObject
{
    Q_OBJECT

public:
    enum class Urgency : uchar { Low = 0, Normal = 1, Critical = 2 };

    explicit FreedesktopNotifications(QObject *parent = nullptr);

    // Sends one notification; false when there is no session bus to send it on. Title and text
    // are plain text.
    bool send(const QString &title, const QString &text, Urgency urgency);

Q_SIGNALS:
    void delivered(uint id);
    void failed(const QString &why);
    void activated();

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);

private:
    QSet<uint> m_ids; // ours, as the service numbered them
    bool m_listening = false;
};

} // namespace RestoreDesk
