#include "policypage.h"

#include "models/policytext.h"
#include "policypicture.h"
#include "requeststrip.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace RestoreDesk {

PolicyPage::PolicyPage(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_form(new QFormLayout)
    , m_stack(new QStackedWidget(this))
    , m_picture(new PolicyPicture(this))
    , m_json(new QPlainTextEdit(this))
    , m_rawJsonButton(new QPushButton(tr("Raw JSON"), this))
    , m_copyButton(new QPushButton(tr("Copy JSON"), this))
    , m_request(new RequestStrip(this))
{
    setObjectName(QStringLiteral("policyPage"));
    m_title->setObjectName(QStringLiteral("policyTitleLabel"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);

    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_name = addRow(tr("Name"), QStringLiteral("policyNameLabel"));
    m_kind = addRow(tr("Protects"), QStringLiteral("policyKindLabel"));
    m_generation = addRow(tr("Generation"), QStringLiteral("policyGenerationLabel"));
    m_timeZone = addRow(tr("Time zone"), QStringLiteral("policyTimeZoneLabel"));
    m_schedule = addRow(tr("Schedule"), QStringLiteral("policyScheduleLabel"));
    m_instantRestore = addRow(tr("Instant restore"), QStringLiteral("policyInstantRestoreLabel"));
    m_tiering = addRow(tr("Archive tiering"), QStringLiteral("policyTieringLabel"));
    m_items = addRow(tr("Protected items"), QStringLiteral("policyItemsLabel"));

    m_json->setObjectName(QStringLiteral("rawJsonView"));
    m_json->setReadOnly(true);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_json->setAccessibleName(tr("The policy as the service sent it (JSON)"));
    m_stack->addWidget(m_picture);
    m_stack->addWidget(m_json);

    m_rawJsonButton->setObjectName(QStringLiteral("rawJsonButton"));
    m_rawJsonButton->setCheckable(true);
    m_rawJsonButton->setToolTip(tr("Show the policy exactly as the service sent it"));
    connect(m_rawJsonButton, &QPushButton::toggled, this, &PolicyPage::showRawJson);
    m_copyButton->setObjectName(QStringLiteral("copyJsonButton"));
    m_copyButton->setToolTip(tr("Copy the policy's JSON to the clipboard"));
    connect(m_copyButton, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(rawJsonText()); });

    auto pictureHeader = new QHBoxLayout;
    auto pictureTitle = new QLabel(tr("What the policy keeps"), this);
    QFont bold = pictureTitle->font();
    bold.setBold(true);
    pictureTitle->setFont(bold);
    pictureHeader->addWidget(pictureTitle, 1);
    pictureHeader->addWidget(m_rawJsonButton);
    pictureHeader->addWidget(m_copyButton);

    auto layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(m_form);
    layout->addSpacing(8);
    layout->addLayout(pictureHeader);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_request);
    showRawJson(false);
}

QLabel *PolicyPage::addRow(const QString &label, const QString &objectName)
{
    auto value = new QLabel(this);
    value->setObjectName(objectName);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(label, value);
    return value;
}

void PolicyPage::setPolicy(const Backup::Policy &policy, const QDateTime &now)
{
    m_policy = policy;
    m_request->clear(); // the controller sets the GET of this one
    const bool vm = policy.kind == Backup::Policy::Kind::IaasVm;
    const bool known = policy.kind != Backup::Policy::Kind::Unknown;
    m_title->setText(tr("Policy %1").arg(policy.name));
    m_name->setText(policy.name);
    m_name->setToolTip(policy.id);
    m_kind->setText(PolicyText::kind(policy));
    m_generation->setText(PolicyText::generation(policy));
    m_form->setRowVisible(m_generation, vm);
    m_timeZone->setText(policy.timeZoneKnown
                            ? policy.timeZoneName
                            : tr("%1 (not recognised: clocks are shown as UTC)").arg(policy.timeZoneName));
    m_form->setRowVisible(m_timeZone, known);
    m_schedule->setText(scheduleLines(policy).join(QLatin1Char('\n')));
    m_instantRestore->setText(
        policy.instantRpRetentionDays > 0
            ? tr("Snapshots kept %1 for instant restore")
                  .arg(PolicyText::duration(
                      { policy.instantRpRetentionDays, Backup::RetentionPolicy::Duration::Unit::Days }))
            : tr("No snapshot tier"));
    m_form->setRowVisible(m_instantRestore, vm);
    m_tiering->setText(PolicyText::archiveTiering(policy));
    m_form->setRowVisible(m_tiering, known);
    m_items->setText(policy.protectedItemsCount ? QString::number(*policy.protectedItemsCount)
                                                : tr("not reported"));
    m_picture->setPolicy(policy, now);
    m_json->setPlainText(QString::fromUtf8(QJsonDocument(policy.raw).toJson(QJsonDocument::Indented)));
}

QStringList PolicyPage::scheduleLines(const Backup::Policy &policy)
{
    switch (policy.kind) {
    case Backup::Policy::Kind::IaasVm:
    case Backup::Policy::Kind::FileShare:
        return { PolicyText::schedule(policy.schedule, policy.timeZoneName) };
    case Backup::Policy::Kind::Workload: {
        QStringList lines;
        for (const Backup::Policy::SubPolicy &sub : policy.subPolicies)
            lines << tr("%1: %2").arg(PolicyText::subPolicyName(sub.type),
                                      PolicyText::schedule(sub.schedule, policy.timeZoneName));
        return lines;
    }
    case Backup::Policy::Kind::Unknown:
        break;
    }
    return { tr("Not read for this kind of policy; see the raw JSON") };
}

bool PolicyPage::isRawJsonShown() const
{
    return m_stack->currentWidget() == m_json;
}

void PolicyPage::showRawJson(bool show)
{
    m_stack->setCurrentWidget(show ? static_cast<QWidget *>(m_json) : m_picture);
    if (m_rawJsonButton->isChecked() != show)
        m_rawJsonButton->setChecked(show);
    m_rawJsonButton->setText(show ? tr("Picture") : tr("Raw JSON"));
    m_copyButton->setVisible(show);
}

QString PolicyPage::rawJsonText() const
{
    return m_json->toPlainText();
}

} // namespace RestoreDesk
