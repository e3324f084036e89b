#pragma once

#include "core/error.h"

#include <QWidget>

class QFormLayout;
class QLabel;

namespace RestoreDesk {

class MessageBanner;

namespace Auth {
class Session;
struct AccessTokenView;
} // namespace Auth

// Who the console is signed in as: the verified identity's main claims, the token's expiry and
// where the session is kept. Read-only; SessionController refreshes it. GUI thread.
class IdentityPage : public QWidget
{
    Q_OBJECT

public:
    explicit IdentityPage(QWidget *parent = nullptr);
    void show(const Auth::Session &session);
    // The keychain refused to store the session: offer "Retry" and "This session only".
    void showKeychainChoice(const Error &why);
    void hideKeychainChoice();
    bool isKeychainChoiceShown() const { return m_keychainChoice; }
    MessageBanner *banner() const { return m_banner; }

Q_SIGNALS:
    void retryKeychainRequested();
    void sessionOnlyRequested();

public:
    static QString accessTokenText(const Auth::AccessTokenView &view);

private:
    QLabel *addRow(const QString &label, const char *objectName);

    QFormLayout *m_form;
    QLabel *m_title;
    QLabel *m_name;
    QLabel *m_username;
    QLabel *m_issuer;
    QLabel *m_subject;
    QLabel *m_objectId;
    QLabel *m_groups;
    QLabel *m_verified;
    QLabel *m_expiry;
    QLabel *m_accessToken;
    QLabel *m_persistence;
    MessageBanner *m_banner;
    bool m_keychainChoice = false;
};

} // namespace RestoreDesk
