#include "restorenotifier.h"

#include "freedesktopnotifications.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QWidget>

namespace RestoreDesk {

namespace {
constexpr int kTrayMessageMs = 15000;
}

RestoreNotifier::RestoreNotifier(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{ }

bool RestoreNotifier::isInBackground() const
{
    if (!m_window)
        return true;
    return !m_window->isActiveWindow() || m_window->isMinimized() || !m_window->isVisible();
}

bool RestoreNotifier::notifyEnded(Level level, const QString &title, const QString &text)
{
    if (!isInBackground())
        return false;
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
            connect(m_tray, &QSystemTrayIcon::messageClicked, this, &RestoreNotifier::raiseWindow);
        }
        m_tray->show();
        const auto icon = level == Level::Success ? QSystemTrayIcon::Information
            : level == Level::Warning             ? QSystemTrayIcon::Warning
                                                  : QSystemTrayIcon::Critical;
        m_tray->showMessage(title, text, icon, kTrayMessageMs);
    } else {
        // No tray (GNOME, for one): the desktop's notification service, and the window asks for
        // attention in the task bar.
        if (!m_desktop) {
            m_desktop = new FreedesktopNotifications(this);
            connect(m_desktop, &FreedesktopNotifications::activated, this, &RestoreNotifier::raiseWindow);
        }
        const auto urgency = level == Level::Failure ? FreedesktopNotifications::Urgency::Critical
                                                     : FreedesktopNotifications::Urgency::Normal;
        m_desktop->send(title, text, urgency);
        if (m_window)
            QApplication::alert(m_window);
    }
    Q_EMIT notified(title, text);
    return true;
}

void RestoreNotifier::raiseWindow()
{
    if (m_window) {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    }
}

FreedesktopNotifications *RestoreNotifier::desktopNotifications() const
{
    return m_desktop;
}

} // namespace RestoreDesk
