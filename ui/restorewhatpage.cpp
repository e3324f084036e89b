#include "restorewhatpage.h"

#include "backup/backupservice.h"
#include "backup/restoreservice.h"
#include "messagebanner.h"
#include "models/recoverypointmodel.h"
#include "models/timetext.h"
#include "recoverypointtimeline.h"
#include "restorewizard.h"
#include "text/restorewizardtext.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace RestoreDesk {

using Models::RecoveryPointModel;
using Priority = Backup::RestoreRequest::Priority;

RestoreWhatPage::RestoreWhatPage(RestoreWizard *wizard, const QString &pointId)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_pointId(pointId)
    , m_model(new RecoveryPointModel(this))
    , m_selection(new QItemSelectionModel(m_model, this))
    , m_banner(new MessageBanner(this))
    , m_item(new QLabel(this))
    , m_timeline(new RecoveryPointTimeline(this))
    , m_point(new QLabel(this))
    , m_tier(new QLabel(this))
    , m_rehydration(new QGroupBox(tr("Rehydration from the archive tier"), this))
    , m_priority(new QComboBox(m_rehydration))
    , m_days(new QSpinBox(m_rehydration))
    , m_rehydrationText(new QLabel(m_rehydration))
{
    setTitle(tr("What to restore"));
    setSubTitle(tr("The item and the recovery point to restore from."));
    m_banner->setObjectName(QStringLiteral("whatBanner"));
    m_item->setObjectName(QStringLiteral("itemNameLabel"));
    m_item->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_item->setWordWrap(true);
    m_timeline->setObjectName(QStringLiteral("restoreTimeline"));
    m_timeline->setModel(m_model);
    m_timeline->setSelectionModel(m_selection);
    m_point->setObjectName(QStringLiteral("pointLabel"));
    m_tier->setObjectName(QStringLiteral("tierLabel"));
    m_tier->setWordWrap(true);
    m_rehydration->setObjectName(QStringLiteral("rehydrationGroupBox"));
    m_priority->setObjectName(QStringLiteral("rehydrationPriorityComboBox"));
    m_priority->addItem(tr("Standard (up to 15 hours)"), int(Priority::Standard));
    m_priority->addItem(tr("High (usually within 1 hour, costs more)"), int(Priority::High));
    m_days->setObjectName(QStringLiteral("rehydrationDaysSpinBox"));
    m_days->setRange(10, 30);
    m_days->setValue(15);
    m_days->setSuffix(tr(" days"));
    m_rehydrationText->setObjectName(QStringLiteral("rehydrationLabel"));
    m_rehydrationText->setWordWrap(true);
    auto *form = new QFormLayout(m_rehydration);
    form->addRow(m_rehydrationText);
    form->addRow(tr("Priority:"), m_priority);
    form->addRow(tr("Keep the rehydrated copy for:"), m_days);
    m_rehydration->setVisible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_item);
    layout->addWidget(m_timeline, 1);
    layout->addWidget(m_point);
    layout->addWidget(m_tier);
    layout->addWidget(m_rehydration);

    connect(m_selection, &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { pointChosen(current.row()); });
    auto rehydrationChanged = [this] {
        m_wizard->updateRequest([this](Backup::RestoreRequest &r) {
            r.rehydrationPriority = Priority(m_priority->currentData().toInt());
            r.rehydrationDays = m_days->value();
        });
        showPoint();
    };
    connect(m_priority, &QComboBox::currentIndexChanged, this, rehydrationChanged);
    connect(m_days, &QSpinBox::valueChanged, this, rehydrationChanged);
    connect(m_wizard, &RestoreWizard::sourceLoaded, this, &QWizardPage::completeChanged);
    loadSource(pointId);
}

bool RestoreWhatPage::isComplete() const
{
    return m_wizard->hasSource() && !m_wizard->request().pointId.isEmpty();
}

RestoreWhatPage::~RestoreWhatPage()
{
    // The loads report to this page (cancelled): end them while it is whole, not among its
    // children, after its timeline and labels are gone.
    delete m_loads;
}

void RestoreWhatPage::loadSource(const QString &pointId)
{
    Backup::RestoreService *service = m_wizard->service();
    if (!service) {
        m_banner->showMessage(MessageBanner::Level::Error, tr("Not signed in: nothing can be restored."));
        return;
    }
    delete m_loads;
    m_loads = new QObject(this);
    m_item->setText(tr("Loading the recovery point…"));
    service->source(pointId, m_loads, [this, pointId](Result<Backup::RestoreSource> source) {
        if (!source) {
            if (source.error().kind == Error::Kind::Cancelled)
                return;
            m_item->setText(tr("The recovery point could not be read."));
            m_banner->showError(source.error(), [this, pointId] { loadSource(pointId); });
            return;
        }
        m_banner->clear();
        m_wizard->setSource(source.value());
        const Backup::ProtectedItem &item = source->item;
        m_item->setText(tr("<b>%1</b> · %2<br><small>%3</small>")
                            .arg(item.friendlyName.toHtmlEscaped(), item.sourceResourceId.toHtmlEscaped(),
                                 item.id.toHtmlEscaped()));
        showPoint();
        loadPoints();
    });
}

void RestoreWhatPage::loadPoints()
{
    Backup::BackupService *backup = m_wizard->backup();
    if (!backup)
        return;
    m_model->clear();
    m_facts.clear();
    backup->recoveryPoints(
        m_wizard->itemId(), {}, {}, m_loads,
        [this](const QList<Backup::RecoveryPoint> &page, const QList<Backup::Unreadable> &, int) {
            for (const Backup::RecoveryPoint &p : page)
                m_facts.insert(p.id,
                               PointFacts { p.name,
                                            p.time.isValid()             ? p.time
                                                : p.timeRanges.isEmpty() ? QDateTime()
                                                                         : p.timeRanges.last().end,
                                            p.needsRehydration(), RecoveryPointModel::tierText(p) });
            m_model->appendPoints(page);
            const int row = m_model->rowOf(m_wizard->request().pointId);
            if (row >= 0 && m_selection->currentIndex().row() != row)
                m_selection->setCurrentIndex(m_model->index(row, 0),
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        },
        [this](Result<QList<Backup::RecoveryPoint>> r) {
            if (!r && r.error().kind == Error::Kind::Cancelled)
                return; // the page is going (or loading again)
            if (!r)
                m_banner->showMessage(MessageBanner::Level::Warning,
                                      tr("Only the preselected point is available: the item's other points "
                                         "could not be listed."));
            m_timeline->fitAll();
        });
}

void RestoreWhatPage::pointChosen(int row)
{
    const QString id = m_model->pointId(row);
    const auto facts = m_facts.constFind(id);
    if (id.isEmpty() || facts == m_facts.cend() || !m_wizard->hasSource())
        return;
    m_wizard->updateRequest([&id, &facts](Backup::RestoreRequest &r) {
        r.pointId = id;
        r.pointName = facts->name;
        r.pointTime = facts->time;
        r.archived = facts->archived;
    });
    m_tier->setText(tr("Tier: %1").arg(facts->tier));
    showPoint();
    Q_EMIT completeChanged();
}

void RestoreWhatPage::showPoint()
{
    const Backup::RestoreRequest &r = m_wizard->request();
    m_point->setText(tr("Recovery point of <b>%1</b>").arg(Models::localTimeText(r.pointTime)));
    if (m_tier->text().isEmpty())
        m_tier->setText(r.archived ? tr("Tier: vault-archive (needs rehydration)") : tr("Tier: vault"));
    m_rehydration->setVisible(r.archived);
    m_rehydrationText->setText(Text::rehydrationText(r.rehydrationPriority, r.rehydrationDays));
}

} // namespace RestoreDesk
