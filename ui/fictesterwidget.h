#pragma once

#include "access/federatedcredentialmatcher.h"
#include "core/clock.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace RestoreDesk {

namespace Models {
class CredentialCheckModel;
}

// The federated-credential tester: credentials loaded from a JSON file (the API's list answer,
// one credential, or what `az … federated-credential list` prints) or given by the host from the
// API; a workload token pasted or dropped in. It says which credential matches (issuer, subject,
// audience: exact, case-sensitive), or for the nearest miss which field differs, character by
// character, and the Entra error the exchange would return. It also previews the credential that
// would accept the token; creating it is the host's job (createRequested), allowed only when the
// host says the identity has the right. GUI thread; owned by the window that hosts it.
class FicTesterWidget : public QWidget
{
    Q_OBJECT

public:
    explicit FicTesterWidget(QWidget *parent = nullptr);
    ~FicTesterWidget() override;

    void setClock(Clock clock);
    // Reads credentials from a file; a failure is shown inline and returns false.
    bool loadCredentialsFile(const QString &path);
    void setCredentials(QList<Access::FederatedCredential> credentials, const QString &source);
    void setToken(const QByteArray &token);
    // Whether the identity's owner may create credentials here (the host checked the right).
    void setCreateAllowed(bool allowed, const QString &identityId);

    const Access::FicVerdict &verdict() const { return m_verdict; }
    Access::FederatedCredential proposal() const { return m_proposal; }

Q_SIGNALS:
    void createRequested(const Access::FederatedCredential &credential, const QString &identityId);

private:
    void chooseFile();
    void evaluate();
    void showDetail(int row);
    void updateProposal(const QJsonObject &claims);

    Clock m_clock = systemClock();
    QList<Access::FederatedCredential> m_credentials;
    Access::FicVerdict m_verdict;
    Access::FederatedCredential m_proposal;
    bool m_haveToken = false;
    bool m_createAllowed = false;
    QString m_identityId;

    QPushButton *m_load;
    QLabel *m_sourceLabel;
    QPlainTextEdit *m_tokenEdit;
    QLabel *m_tokenSummary;
    QLabel *m_error;
    QLabel *m_verdictLabel;
    QTableView *m_table;
    QTextBrowser *m_detail;
    QPlainTextEdit *m_proposalEdit;
    QPushButton *m_create;
    Models::CredentialCheckModel *m_model;
};

} // namespace RestoreDesk
