#include "models/credentialcheckmodel.h"

#include <QBrush>
#include <QColor>

namespace RestoreDesk::Models {

CredentialCheckModel::CredentialCheckModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void CredentialCheckModel::setVerdictWording(std::function<QString(const Access::CredentialCheck &)> verdict)
{
    beginResetModel();
    m_wording = std::move(verdict);
    endResetModel();
}

void CredentialCheckModel::setCredentials(QList<Access::FederatedCredential> credentials)
{
    beginResetModel();
    m_credentials = std::move(credentials);
    m_verdict = {};
    m_hasVerdict = false;
    endResetModel();
}

void CredentialCheckModel::setVerdict(const Access::FicVerdict &verdict)
{
    beginResetModel();
    m_verdict = verdict;
    m_hasVerdict = verdict.checks.size() == m_credentials.size();
    endResetModel();
}

const Access::CredentialCheck *CredentialCheckModel::check(int row) const
{
    return m_hasVerdict && row >= 0 && row < m_verdict.checks.size() ? &m_verdict.checks.at(row) : nullptr;
}

const Access::FederatedCredential *CredentialCheckModel::credential(int row) const
{
    return row >= 0 && row < m_credentials.size() ? &m_credentials.at(row) : nullptr;
}

int CredentialCheckModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_credentials.size());
}

int CredentialCheckModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CredentialCheckModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Access::FederatedCredential &c = m_credentials.at(index.row());
    const Access::CredentialCheck *check = this->check(index.row());
    const bool nearest = m_hasVerdict && m_verdict.nearestIndex == index.row();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return c.name;
        case IssuerColumn:
            return c.issuer;
        case SubjectColumn:
            return c.isFlexible() ? c.claimsMatchingExpression : c.subject;
        case AudiencesColumn:
            return c.audiences.join(QStringLiteral(", "));
        case VerdictColumn:
            if (!check)
                return QString();
            if (m_wording)
                return m_wording(*check);
            return check->matches ? QStringLiteral("match") : check->aadsts;
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (check && index.column() == VerdictColumn)
            return QBrush(check->matches ? QColor(0x1b, 0x7f, 0x3b)
                              : nearest  ? QColor(0xb0, 0x5a, 0x00)
                                         : QColor(0x80, 0x80, 0x80));
        return {};
    case MatchesRole:
        return check ? QVariant(check->matches) : QVariant();
    case AadstsRole:
        return check ? check->aadsts : QString();
    case NearestRole:
        return nearest;
    case ScoreRole:
        return check ? check->score : 0;
    default:
        return {};
    }
}

QVariant CredentialCheckModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Credential");
    case IssuerColumn:
        return tr("Issuer");
    case SubjectColumn:
        return tr("Subject / expression");
    case AudiencesColumn:
        return tr("Audiences");
    case VerdictColumn:
        return tr("Against the token");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
