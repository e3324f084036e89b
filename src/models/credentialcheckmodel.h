#pragma once

#include "access/federatedcredentialmatcher.h"

#include <QAbstractTableModel>

#include <functional>

namespace RestoreDesk::Models {

// The federated-credential tester's table: each credential with issuer, subject (or flexible
// expression), audiences and its verdict against the token: match, or the error its first
// differing field would cause; the nearest miss is marked. GUI thread; owned by its view's parent.
class CredentialCheckModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, IssuerColumn, SubjectColumn, AudiencesColumn, VerdictColumn, ColumnCount };
    enum Role { MatchesRole = Qt::UserRole + 1, AadstsRole, NearestRole, ScoreRole };

    explicit CredentialCheckModel(QObject *parent = nullptr);

    // Words for the verdict column (ui/text); without it the AADSTS code is shown.
    void setVerdictWording(std::function<QString(const Access::CredentialCheck &)> verdict);
    // The credentials alone (no token yet), or held against a token.
    void setCredentials(QList<Access::FederatedCredential> credentials);
    void setVerdict(const Access::FicVerdict &verdict);
    const Access::CredentialCheck *check(int row) const;
    const Access::FederatedCredential *credential(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Access::FederatedCredential> m_credentials;
    Access::FicVerdict m_verdict;
    bool m_hasVerdict = false;
    std::function<QString(const Access::CredentialCheck &)> m_wording;
};

} // namespace RestoreDesk::Models
