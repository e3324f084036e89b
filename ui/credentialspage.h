#pragma once

#include <QWidget>

class QLineEdit;
class QPushButton;

namespace RestoreDesk {

class FicTesterWidget;
class MessageBanner;

// The "Federated credentials" page: a user-assigned identity's id and "List from the API" above
// the federated-credential tester (which also loads credentials from a file and offers to create
// the one a token needs). The host (IdentityController) lists, checks the right and creates.
// GUI thread; owned by the console page.
class CredentialsPage : public QWidget
{
    Q_OBJECT

public:
    explicit CredentialsPage(QWidget *parent = nullptr);

    FicTesterWidget *tester() const { return m_tester; }
    MessageBanner *banner() const { return m_banner; }
    QString identityId() const;
    void setIdentityId(const QString &id);
    void setApiAvailable(bool available);
    void setBusy(bool busy);

Q_SIGNALS:
    void listRequested(const QString &identityId);

private:
    QLineEdit *m_identity;
    QPushButton *m_list;
    MessageBanner *m_banner;
    FicTesterWidget *m_tester;
    bool m_api = false;
    bool m_busy = false;
};

} // namespace RestoreDesk
