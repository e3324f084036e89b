#include "restorenotifier.h"

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
            connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
                if (m_window) {
                    m_window->showNormal();
                    m_window->raise();
                    m_window->activateWindow();
                }
            });
        }
        m_tray->show();
        const auto icon = level == Level::Success ? QSystemTrayIcon::Information
            : level == Level::Warning             ? QSystemTrayIcon::Warning
                                                  : QSystemTrayIcon::Critical;
        m_tray->showMessage(title, text, icon, kTrayMessageMs);
    } else if (m_window) {
        QApplication::alert(m_window);
    }
    Q_EMIT notified(title, text);
    return true;
}

} // namespace RestoreDesk
