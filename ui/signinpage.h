#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace RestoreDesk {

// The sign-in page: profile chooser, Sign in, Cancel, "Copy sign-in link", progress and errors
// inline. Holds no session logic; AccountController drives it. GUI thread.
class SignInPage : public QWidget
{
    Q_OBJECT

public:
    explicit SignInPage(QWidget *parent = nullptr);

    void setProfiles(const QStringList &names, const QString &current);
    QString selectedProfile() const;
    void setHint(const QString &text);

    void showIdle(); // ready to sign in
    void showWaiting(const QString &message); // browser open, waiting; Cancel + Copy link
    void showError(const QString &message); // inline banner, Sign in again enabled
    void showNotice(const QString &message); // informational banner

Q_SIGNALS:
    void signInRequested(const QString &profile);
    void cancelRequested();
    void copyLinkRequested();
    void profileChosen(const QString &profile);

private:
    QComboBox *m_profiles;
    QLabel *m_hint;
    QPushButton *m_signIn;
    QPushButton *m_cancel;
    QPushButton *m_copyLink;
    QProgressBar *m_progress;
    QLabel *m_status;
    QLabel *m_banner;
};

} // namespace RestoreDesk
