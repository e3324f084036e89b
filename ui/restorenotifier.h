#pragma once

#include <QObject>
#include <QPointer>

class QSystemTrayIcon;
class QWidget;

namespace RestoreDesk {

class FreedesktopNotifications;

// A desktop notification when a restore ends while the console is in the background (another
// window has the focus, or it is minimised): a system-tray message where the desktop has a tray,
// else one through the desktop's notification service (FreedesktopNotifications) while the window
// asks for attention (QApplication::alert); a click on either brings the console forward. Nothing while the
// operator is looking at the console: the job page says it already. GUI thread; owned by the restore
// controller.
class RestoreNotifier : public QObject
{
    Q_OBJECT

public:
    enum class Level { Success, Warning, Failure };

    explicit RestoreNotifier(QWidget *window, QObject *parent = nullptr);

    // Tells the operator, if the window is in the background; returns whether it did.
    bool notifyEnded(Level level, const QString &title, const QString &text);
    bool isInBackground() const;
    // The notification service's sender once one was needed (no tray), else null.
    FreedesktopNotifications *desktopNotifications() const;

Q_SIGNALS:
    // Each notification shown (for the tests and any other listener).
    void notified(const QString &title, const QString &text);

private:
    void raiseWindow();

    QPointer<QWidget> m_window;
    QSystemTrayIcon *m_tray = nullptr;
    FreedesktopNotifications *m_desktop = nullptr;
};

} // namespace RestoreDesk
