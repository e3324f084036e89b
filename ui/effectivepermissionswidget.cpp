#include "effectivepermissionswidget.h"

#include "models/assignmentmodel.h"
#include "models/operationcheckmodel.h"
#include "text/permissiontext.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace RestoreDesk {

EffectivePermissionsWidget::EffectivePermissionsWidget(QWidget *parent)
    : QWidget(parent)
    , m_scope(new QLabel(this))
    , m_source(new QLabel(this))
    , m_operations(new QTableView(this))
    , m_explanation(new QPlainTextEdit(this))
    , m_assignments(new QTableView(this))
    , m_mapping(new QListWidget(this))
    , m_mappingTitle(new QLabel(tr("Claim mapping in force"), this))
    , m_operationModel(new Models::OperationCheckModel(this))
    , m_assignmentModel(new Models::AssignmentModel(this))
{
    setObjectName(QStringLiteral("effectivePermissions"));
    m_scope->setObjectName(QStringLiteral("scopeLabel"));
    m_source->setObjectName(QStringLiteral("sourceLabel"));
    m_operations->setObjectName(QStringLiteral("operationTable"));
    m_explanation->setObjectName(QStringLiteral("explanationView"));
    m_assignments->setObjectName(QStringLiteral("assignmentTable"));
    m_mapping->setObjectName(QStringLiteral("mappingList"));

    m_scope->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_scope->setWordWrap(true);
    m_source->setWordWrap(true);
    m_operationModel->setWording(Models::OperationCheckModel::Wording {
        &Text::operationName, &Text::stateName, [this](const Access::OperationCheck &c) {
            return m_access ? Text::operationVerdict(c, m_access->principal()) : QString();
        } });
    m_assignmentModel->setRouteWording(&Text::assignmentRouteText);
    for (QTableView *table : { m_operations, m_assignments }) {
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->setSelectionMode(QAbstractItemView::SingleSelection);
        table->horizontalHeader()->setStretchLastSection(true);
        table->verticalHeader()->hide();
    }
    m_operations->setModel(m_operationModel);
    m_assignments->setModel(m_assignmentModel);
    m_explanation->setReadOnly(true);
    m_mapping->setWordWrap(true);
    m_mapping->setVisible(false);
    m_mappingTitle->setVisible(false);

    auto split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_operations);
    split->addWidget(m_explanation);
    split->addWidget(m_assignments);
    auto layout = new QVBoxLayout(this);
    layout->addWidget(m_scope);
    layout->addWidget(m_source);
    layout->addWidget(split, 1);
    layout->addWidget(m_mappingTitle);
    layout->addWidget(m_mapping);

    connect(m_operations->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showExplanation(current.row()); });
}

EffectivePermissionsWidget::~EffectivePermissionsWidget() = default;

void EffectivePermissionsWidget::setAccess(const Access::EffectiveAccess &access, const QString &scope,
                                           const Access::RestoreTarget &target)
{
    m_access = access;
    m_scope->setText(tr("What can I do at %1?").arg(scope));
    m_source->setText(
        access.fromPermissionsAnswer()
            ? tr("From your effective permissions at each scope (Microsoft.Authorization/permissions), "
                 "which name no roles; at a subscription, which has no such answer, from the role "
                 "assignments that apply to you there and the role definitions.")
            : tr("From the role assignments that apply to you here and the role definitions."));
    m_operationModel->setChecks(access.checkAll(scope, target));
    const QList<Access::AppliedAssignment> assignments = access.assignmentsAt(scope);
    m_assignmentModel->setAssignments(assignments);
    m_assignments->setVisible(!access.fromPermissionsAnswer() || !assignments.isEmpty());
    m_operations->selectRow(0);
    showExplanation(0);
}

void EffectivePermissionsWidget::setMapping(const QList<Access::MappingMatch> &matches,
                                            const QList<Access::Membership> &unmapped)
{
    m_mapping->clear();
    m_mappingTitle->setText(tr("Claim mapping in force"));
    for (const Access::MappingMatch &m : matches)
        m_mapping->addItem(Text::mappingMatchText(m));
    for (const Access::Membership &m : unmapped)
        m_mapping->addItem(tr("Your `%1` claim contains `%2`, which maps to no role.").arg(m.claim, m.id));
    const bool any = !matches.isEmpty() || !unmapped.isEmpty();
    m_mapping->setVisible(any);
    m_mappingTitle->setVisible(any);
}

void EffectivePermissionsWidget::setClaimPaths(const Access::PrincipalContext &principal,
                                               const Access::ClaimPaths &paths)
{
    m_mapping->clear();
    m_mappingTitle->setText(tr("How your token is read"));
    m_mapping->addItem(principal.objectId.isEmpty()
                           ? tr("Your principal id would come from the `%1` claim, which the token lacks.")
                                 .arg(paths.principal)
                           : tr("Your principal id is `%1`, from the `%2` claim.")
                                 .arg(principal.objectId, principal.objectIdClaim));
    for (const Access::Membership &m : principal.memberships)
        m_mapping->addItem(
            m.isRole
                ? tr("Role value `%1` from the `%2` claim: role assignments to it count.").arg(m.id, m.claim)
                : tr("Group `%1` from the `%2` claim: role assignments to it count.").arg(m.id, m.claim));
    if (principal.memberships.isEmpty())
        m_mapping->addItem(tr("No group or role values in the claims %1.")
                               .arg((paths.groups + paths.roles).join(QStringLiteral(", "))));
    m_mapping->addItem(
        tr("The API may also grant roles from these claims by its own mapping, which this "
           "console cannot see; that is why a \"no\" at a subscription reads \"cannot tell\"."));
    m_mapping->setVisible(true);
    m_mappingTitle->setVisible(true);
}

void EffectivePermissionsWidget::selectOperation(Access::BackupOperation::Id id)
{
    const int row = m_operationModel->rowOf(id);
    if (row < 0)
        return;
    m_operations->selectRow(row);
    showExplanation(row);
}

QString EffectivePermissionsWidget::explanationText() const
{
    return m_explanation->toPlainText();
}

void EffectivePermissionsWidget::showExplanation(int row)
{
    const Access::OperationCheck *c = m_operationModel->check(row);
    if (!c || !m_access) {
        m_explanation->clear();
        return;
    }
    QStringList lines;
    lines << Text::operationDescription(c->operation);
    lines << Text::operationVerdict(*c, m_access->principal());
    for (const Access::RequirementCheck &r : c->requirements) {
        QString line = QStringLiteral("• ") + Text::requirementText(r, m_access->principal());
        if (!r.targetRole.isEmpty())
            line += QStringLiteral(" [") + Text::targetRoleName(r.targetRole) + QLatin1Char(']');
        lines << line;
    }
    if (c->state == Access::RequirementCheck::State::Denied)
        lines << QString() << Text::whyNotText(*c, m_access->whyNot(*c));
    m_explanation->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace RestoreDesk
