#pragma once

#include <QObject>
#include <QTimer>

namespace RestoreDesk {

namespace Auth {
class Session;
}
class MainWindow;

// The status bar's view of the session: who is signed in, the access token's countdown, and
// "session only" when nothing is kept in the keychain. Ticks once a second while signed in.
// GUI thread; owned by the composition root.
class StatusBarPresenter : public QObject
{
    Q_OBJECT

public:
    StatusBarPresenter(MainWindow *window, Auth::Session *session, QObject *parent = nullptr);

    void refresh();
    static QString countdown(qint64 secondsLeft); // "12:05", "1:02:03"

private:
    void tick();

    MainWindow *m_window;
    Auth::Session *m_session;
    QTimer m_timer;
};

} // namespace RestoreDesk
