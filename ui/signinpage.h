#pragma once

#include "builtinsandbox.h"
#include "core/error.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace RestoreDesk {

class MessageBanner;

// The sign-in page: profile chooser, Sign in, Cancel, "Copy sign-in link", progress and errors
// inline in the page's banner. For the built-in sandbox it lists the tenant's people (from the
// sandbox's data). Holds no session logic; SessionController drives it. GUI thread.
class SignInPage : public QWidget
{
    Q_OBJECT

public:
    explicit SignInPage(QWidget *parent = nullptr);

    void setProfiles(const QStringList &names, const QString &current);
    QString selectedProfile() const;
    void setHint(const QString &text);
    void setPeople(const QList<SandboxPerson> &people); // empty: no list

    void showIdle(); // ready to sign in
    void showWaiting(const QString &message); // browser open, waiting; Cancel + Copy link
    void showError(const Error &error); // inline banner, Sign in again enabled
    void showNotice(const QString &message); // informational banner
    MessageBanner *banner() const { return m_banner; }

Q_SIGNALS:
    void signInRequested(const QString &profile);
    void cancelRequested();
    void copyLinkRequested();
    void profileChosen(const QString &profile);

private:
    QComboBox *m_profiles;
    QLabel *m_hint;
    QLabel *m_people;
    QPushButton *m_signIn;
    QPushButton *m_cancel;
    QPushButton *m_copyLink;
    QProgressBar *m_progress;
    QLabel *m_status;
    MessageBanner *m_banner;
};

} // namespace RestoreDesk
