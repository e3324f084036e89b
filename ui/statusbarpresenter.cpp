#include "statusbarpresenter.h"

#include "auth/session.h"
#include "mainwindow.h"

namespace RestoreDesk {

StatusBarPresenter::StatusBarPresenter(MainWindow *window, Auth::Session *session, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_session(session)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &StatusBarPresenter::tick);
    connect(session, &Auth::Session::changed, this, &StatusBarPresenter::refresh);
    refresh();
}

void StatusBarPresenter::refresh()
{
    if (m_session->isSignedIn()) {
        m_timer.start();
        tick();
    } else {
        m_timer.stop();
        m_window->setIdentityText(tr("Not signed in"));
    }
}

QString StatusBarPresenter::countdown(qint64 s)
{
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s % 3600) / 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

void StatusBarPresenter::tick()
{
    if (!m_session->isSignedIn())
        return;
    const QJsonObject &c = m_session->identity().jwt.claims;
    QString who = c.value(QStringLiteral("name")).toString();
    const QString username = c.value(QStringLiteral("preferred_username")).toString();
    if (who.isEmpty())
        who = username.isEmpty() ? m_session->identity().subject : username;
    else if (!username.isEmpty())
        who += QStringLiteral(" (") + username + QLatin1Char(')');
    const qint64 left = QDateTime::currentDateTimeUtc().secsTo(m_session->accessTokenExpiresAt());
    QString expiry
        = left > 0 ? tr("token expires in %1").arg(countdown(left)) : tr("token expired; refreshing");
    if (m_session->persistence() == Auth::Session::Persistence::MemoryOnly)
        expiry += tr(" · session only (not saved)");
    m_window->setIdentityText(who + QStringLiteral(" · ") + expiry);
}

} // namespace RestoreDesk
