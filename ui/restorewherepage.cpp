#include "restorewherepage.h"

#include "backup/armid.h"
#include "backup/restoreservice.h"
#include "backup/restoretargetcheck.h"
#include "backup/restoretargetscheck.h"
#include "restorewizard.h"
#include "text/errortext.h"
#include "text/restoretext.h"
#include "text/restorewizardtext.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace RestoreDesk {

using Mode = Backup::RestoreRequest::Mode;
using Problem = Backup::RestoreRequest::Problem;

namespace {

constexpr int kLookupDelayMs = 400;

QString styledProblem(const QString &text, bool blocking)
{
    return QStringLiteral("<span style=\"color:%1\">%2</span>")
        .arg(blocking ? QStringLiteral("#b00020") : QStringLiteral("#8a5a00"), text.toHtmlEscaped());
}

} // namespace

RestoreWherePage::RestoreWherePage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_status(new QLabel(this))
    , m_other(new QLabel(this))
    , m_lands(new QLabel(this))
    , m_subscription(new QComboBox(this))
    , m_subscriptionLabel(new QLabel(tr("Subscription:"), this))
{
    setTitle(tr("Where to restore")); // the subtitle depends on the kind: initializePage()
    auto *form = new QFormLayout;
    // Only when the identity sees several subscriptions: a resource group's name is taken in the
    // one chosen here (the item's by default).
    m_subscription->setObjectName(QStringLiteral("targetSubscriptionCombo"));
    m_subscription->setVisible(false);
    m_subscriptionLabel->setVisible(false);
    form->addRow(m_subscriptionLabel, m_subscription);
    connect(m_subscription, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            apply();
    });
    addRow(form, Field::TargetResourceGroup, QStringLiteral("targetResourceGroupEdit"), tr("rg-restore"));
    addRow(form, Field::TargetVmName, QStringLiteral("targetVmNameEdit"), tr("vm-restored"));
    addRow(form, Field::VirtualNetwork, QStringLiteral("virtualNetworkEdit"),
           tr("a network in the target resource group, or its id"));
    addRow(form, Field::Subnet, QStringLiteral("subnetEdit"), tr("default"));
    addRow(form, Field::StagingStorageAccount, QStringLiteral("stagingStorageAccountEdit"),
           tr("an account in the target resource group, or its id"));
    addRow(form, Field::TargetStorageAccount, QStringLiteral("targetStorageAccountEdit"),
           tr("a storage account id"));
    addRow(form, Field::TargetShare, QStringLiteral("targetShareEdit"), tr("restored"));
    addRow(form, Field::TargetFolder, QStringLiteral("targetFolderEdit"), tr("(optional) folder/in/share"));
    addRow(form, Field::TargetServer, QStringLiteral("targetServerEdit"),
           tr("the protected server's container id"));
    addRow(form, Field::TargetDatabase, QStringLiteral("targetDatabaseEdit"), tr("sales_copy"));
    addRow(form, Field::TargetDirectory, QStringLiteral("targetDirectoryEdit"), tr("F:\\restore"));
    m_status->setObjectName(QStringLiteral("validationLabel"));
    m_status->setWordWrap(true);
    m_other->setObjectName(QStringLiteral("otherProblemsLabel"));
    m_other->setWordWrap(true);
    m_lands->setObjectName(QStringLiteral("landsLabel"));
    m_lands->setWordWrap(true);
    m_lands->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lands->setVisible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_lands);
    layout->addLayout(form);
    layout->addWidget(m_other);
    layout->addStretch(1);
    layout->addWidget(m_status);
    m_timer.setSingleShot(true);
    m_timer.setInterval(kLookupDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &RestoreWherePage::lookUp);
}

void RestoreWherePage::addRow(QFormLayout *form, Field field, const QString &objectName,
                              const QString &placeholder)
{
    Row row;
    row.edit = new QLineEdit(this);
    row.edit->setObjectName(objectName);
    row.edit->setPlaceholderText(placeholder);
    row.label = new QLabel(Text::restoreFieldName(field) + QLatin1Char(':'), this);
    row.problem = new QLabel(this);
    row.problem->setObjectName(objectName + QStringLiteral("Problem"));
    row.problem->setWordWrap(true);
    row.problem->setVisible(false);
    form->addRow(row.label, row.edit);
    form->addRow(QString(), row.problem);
    connect(row.edit, &QLineEdit::textChanged, this, [this] {
        if (!m_filling)
            apply();
    });
    m_rows.insert(int(field), row);
}

QList<RestoreWherePage::Field> RestoreWherePage::fieldsOf(Mode mode) const
{
    switch (mode) {
    case Mode::VmNew:
        return { Field::TargetResourceGroup, Field::TargetVmName, Field::VirtualNetwork, Field::Subnet,
                 Field::StagingStorageAccount };
    case Mode::VmDisks:
        return { Field::TargetResourceGroup, Field::StagingStorageAccount };
    case Mode::VmReplace:
        return { Field::StagingStorageAccount };
    case Mode::FileShareOriginal:
        return {};
    case Mode::FileShareAlternate:
        return { Field::TargetStorageAccount, Field::TargetShare, Field::TargetFolder };
    case Mode::SqlAlternate:
        return { Field::TargetServer, Field::TargetDatabase };
    case Mode::SqlFiles:
        return { Field::TargetServer, Field::TargetDirectory };
    }
    return {};
}

QLineEdit *RestoreWherePage::edit(Field field) const
{
    return m_rows.value(int(field)).edit;
}

void RestoreWherePage::initializePage()
{
    const Backup::RestoreRequest &r = m_wizard->request();
    const QList<Field> shown = fieldsOf(r.mode);
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        const bool visible = shown.contains(Field(it.key()));
        it->label->setVisible(visible);
        it->edit->setVisible(visible);
        it->problem->setVisible(false);
    }
    loadSubscriptions();
    showSubscriptions();
    m_filling = true;
    if (edit(Field::TargetServer)->text().isEmpty())
        edit(Field::TargetServer)->setText(r.targetServerId);
    m_filling = false;
    // The subtitle follows the kind chosen now (the operator may have come back and changed it).
    setSubTitle(
        shown.isEmpty()
            ? tr("This kind of restore writes back where the item came from: there is nothing to choose.")
            : tr("Type a name, or paste a full resource id. Each target is checked with the service as "
                 "you type."));
    apply();
    // Nothing to choose still says where: the operator's first question.
    QStringList lands;
    if (shown.isEmpty()) {
        for (const Backup::RestoreEffect &e : m_wizard->request().effects())
            lands << Text::restoreEffect(e);
    }
    m_lands->setText(lands.isEmpty() ? QString() : tr("It lands here: %1").arg(lands.join(QLatin1Char(' '))));
    m_lands->setVisible(!lands.isEmpty());
}

QString RestoreWherePage::landsText() const
{
    return m_lands->isHidden() ? QString() : m_lands->text();
}

void RestoreWherePage::loadSubscriptions()
{
    Backup::RestoreService *service = m_wizard->service();
    if (m_subscriptionsAsked || !service || !service->backup())
        return;
    m_subscriptionsAsked = true;
    service->backup()->subscriptions(
        this, [](const QList<Backup::Subscription> &, const QList<Backup::Unreadable> &, int) {},
        [this](Result<QList<Backup::Subscription>> subs) {
            // Not listed (cancelled, refused): the item's subscription, as before; nothing to pick.
            if (!subs)
                return;
            const QString own = Backup::ArmId::parse(m_wizard->itemId()).subscriptionId();
            m_filling = true;
            m_subscription->clear();
            m_subscription->addItem(own, own); // first, and kept even if the list leaves it out
            for (const Backup::Subscription &sub : subs.value()) {
                if (sub.id.compare(own, Qt::CaseInsensitive) == 0) {
                    m_subscription->setItemText(0, tr("%1 (the item's)").arg(sub.displayName));
                    continue;
                }
                if (sub.isEnabled())
                    m_subscription->addItem(sub.displayName, sub.id);
            }
            m_subscription->setCurrentIndex(0);
            m_filling = false;
            showSubscriptions();
        });
}

void RestoreWherePage::showSubscriptions()
{
    const bool several = m_subscription->count() > 1
        && fieldsOf(m_wizard->request().mode).contains(Field::TargetResourceGroup);
    m_subscription->setVisible(several);
    m_subscriptionLabel->setVisible(several);
}

void RestoreWherePage::apply()
{
    const QString chosen = m_subscription->currentData().toString();
    const QString subscription
        = chosen.isEmpty() ? Backup::ArmId::parse(m_wizard->itemId()).subscriptionId() : chosen;
    auto text = [this](Field f) { return edit(f)->text().trimmed(); };
    const QList<Field> shown = fieldsOf(m_wizard->request().mode);
    m_wizard->updateRequest([&](Backup::RestoreRequest &r) {
        const QString group = text(Field::TargetResourceGroup);
        r.targetResourceGroupId = !shown.contains(Field::TargetResourceGroup) || group.isEmpty() ? QString()
            : group.startsWith(QLatin1Char('/'))                                                 ? group
                                                 : subscription + QStringLiteral("/resourceGroups/") + group;
        r.targetVmName = text(Field::TargetVmName);
        r.virtualNetworkId
            = Backup::RestoreRequest::resourceIdFrom(text(Field::VirtualNetwork), r.targetResourceGroupId,
                                                     QStringLiteral("Microsoft.Network/virtualNetworks"));
        r.subnetName = text(Field::Subnet);
        r.stagingStorageAccountId = Backup::RestoreRequest::resourceIdFrom(
            text(Field::StagingStorageAccount), r.targetResourceGroupId,
            QStringLiteral("Microsoft.Storage/storageAccounts"));
        r.targetStorageAccountId = Backup::RestoreRequest::resourceIdFrom(
            text(Field::TargetStorageAccount), r.targetResourceGroupId,
            QStringLiteral("Microsoft.Storage/storageAccounts"));
        r.targetShare = text(Field::TargetShare);
        r.targetFolder = text(Field::TargetFolder);
        r.targetServerId = text(Field::TargetServer);
        r.targetDatabase = text(Field::TargetDatabase);
        r.targetDirectory = text(Field::TargetDirectory);
    });
    m_local = m_wizard->request().check();
    m_remote.clear();
    m_findings.clear();
    m_validateNote.clear();
    m_checked = false;
    delete m_round; // answers about the old values are dropped
    if (m_local.isEmpty()) {
        m_status->setText(tr("Checking the targets with the service…"));
        m_timer.start();
    } else {
        m_timer.stop();
        m_status->setText(tr("Fix the fields marked above."));
    }
    showProblems();
    Q_EMIT completeChanged();
}

void RestoreWherePage::lookUp()
{
    Backup::RestoreService *service = m_wizard->service();
    if (!service)
        return;
    // The round owns the check: the next edit deletes it, and its answer is dropped.
    m_round = new QObject(this);
    Backup::RestoreTargetsCheck::start(
        service, m_wizard->request(), m_round, [this](Result<Backup::RestoreTargetsReport> report) {
            if (!report)
                return; // cancelled: a newer round (or none) speaks for the current values
            m_checked = true;
            m_remote = report->problems;
            m_findings.clear();
            for (const Backup::ArmError &e : report->findings)
                m_findings << tr("The service's check: %1 — %2").arg(e.code, e.message);
            // The service's check could not run: say so, but the restore itself still gets checked.
            m_validateNote = report->validateError
                ? tr("The service's own check could not run: %1").arg(Text::headline(*report->validateError))
                : QString();
            const int blocking = int(report->blocking().size() + report->findings.size());
            m_status->setText(
                blocking == 0 ? tr("Every target was checked with the service.")
                              : tr("The service's answers show %n problem(s) to fix.", nullptr, blocking));
            showProblems();
            Q_EMIT completeChanged();
            Q_EMIT checked();
        });
}

void RestoreWherePage::showProblems()
{
    QHash<int, QStringList> byField;
    QStringList other = m_findings;
    QStringList styled;
    const QList<Field> shown = fieldsOf(m_wizard->request().mode);
    auto add = [&](const Problem &p, bool blocking) {
        const QString line = styledProblem(Text::headline(p.error), blocking);
        if (shown.contains(p.field))
            byField[int(p.field)] << line;
        else
            other << Text::headline(p.error);
    };
    for (const Problem &p : m_local)
        add(p, true);
    for (const Problem &p : m_remote)
        add(p, Backup::RestoreTargetCheck::blocks(p));
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        const QStringList lines = byField.value(it.key());
        it->problem->setText(lines.join(QStringLiteral("<br>")));
        it->problem->setVisible(!lines.isEmpty() && it->edit->isVisible());
    }
    for (const QString &o : other)
        styled << styledProblem(o, true);
    if (!m_validateNote.isEmpty())
        styled << styledProblem(m_validateNote, false);
    m_other->setText(styled.join(QStringLiteral("<br>")));
}

QString RestoreWherePage::problemText(Field field) const
{
    const Row row = m_rows.value(int(field));
    return row.problem && row.problem->isVisible() ? row.problem->text() : QString();
}

bool RestoreWherePage::isComplete() const
{
    if (!m_local.isEmpty() || !m_checked || !m_findings.isEmpty())
        return false;
    for (const Problem &p : m_remote) {
        if (Backup::RestoreTargetCheck::blocks(p))
            return false;
    }
    return true;
}

} // namespace RestoreDesk
