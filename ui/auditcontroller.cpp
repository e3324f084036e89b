#include "auditcontroller.h"

#include "arm/armclient.h"
#include "arm/armerrors.h"
#include "audit/audittrail.h"
#include "auditpage.h"
#include "backup/armid.h"
#include "backup/backuperrors.h"
#include "backup/backupservice.h"
#include "consolepage.h"
#include "text/errortext.h"

namespace RestoreDesk {

AuditController::AuditController(ConsolePage *console, Audit::AuditTrail *trail, QObject *parent)
    : QObject(parent)
    , m_console(console)
    , m_trail(trail)
    , m_page(new AuditPage(console))
{
    m_page->setObjectName(QStringLiteral("auditPage"));
    console->addContent(m_page);
    console->navigation()->add(QString(),
                               { QLatin1String(kAuditKey),
                                 Models::NavigationModel::Kind::Section,
                                 tr("Audit log"),
                                 {},
                                 false,
                                 tr("What was done from this computer, with whose identity; verify it, "
                                    "and set it beside the service's activity log") });
    connect(console, &ConsolePage::nodeSelected, this, &AuditController::onSelected);
    connect(trail, &Audit::AuditTrail::recorded, m_page, &AuditPage::addRecord);
    auto showState = [this] {
        const std::optional<Error> e = m_trail->lastError();
        m_page->setWriteProblem(e ? Text::describeRedacted(*e) : QString());
    };
    connect(trail, &Audit::AuditTrail::writableChanged, this, showState);
    connect(trail, &Audit::AuditTrail::failed, this, showState);
    showState();
    connect(m_page, &AuditPage::activityLogRequested, this, &AuditController::fetchActivityLog);
    // An export from the page is recorded as the CLI's is (a failure shows as the trail's alert).
    connect(m_page, &AuditPage::exported, this,
            [this](const QString &file, const QString &format, qint64 records, const Audit::Filter &filter,
                   const Audit::Verdict &verdict) {
                Audit::Identity who = m_identity ? m_identity() : Audit::Identity();
                if (who.isEmpty())
                    who.username = QStringLiteral("local user");
                m_trail->event(Audit::EventType::AuditExport, Audit::Outcome::Succeeded, who,
                               m_trail->log().path(),
                               QJsonObject { { QStringLiteral("format"), format },
                                             { QStringLiteral("out"), file },
                                             { QStringLiteral("records"), double(records) },
                                             { QStringLiteral("filter"), filter.toJson() },
                                             { QStringLiteral("verification"),
                                               verdict.toJson().value(QStringLiteral("status")) },
                                             { QStringLiteral("headSeq"), double(verdict.lastSeq) },
                                             { QStringLiteral("from"), QStringLiteral("console") } });
            });
}

AuditController::~AuditController() = default;

void AuditController::open(const QByteArray &key)
{
    m_page->setLog(m_trail->log().path(), key);
}

void AuditController::setService(Backup::BackupService *service)
{
    delete m_fetch; // an answer for the previous identity is not this one's
    m_service = service;
}

void AuditController::show()
{
    m_console->select(QLatin1String(kAuditKey));
}

void AuditController::onSelected(const QString &key, Models::NavigationModel::Kind, const QString &)
{
    if (key == QLatin1String(kAuditKey))
        m_console->showContent(m_page);
}

void AuditController::fetchActivityLog(const QString &vaultId, const QDateTime &from, const QDateTime &to)
{
    delete m_fetch;
    if (!m_service) {
        m_page->setActivityLogError(Error::make(Error::Kind::Auth, Arm::Codes::NotSignedIn));
        return;
    }
    const Backup::ArmId id = Backup::ArmId::parse(vaultId);
    if (!id.isValid() || id.subscription.isEmpty()) {
        m_page->setActivityLogError(Error::make(Error::Kind::Invalid, Backup::Codes::InvalidId, vaultId,
                                                { vaultId, QStringLiteral("Vault") }));
        return;
    }
    m_fetch = new QObject(this);
    QPointer<AuditController> self(this);
    auto done = [self](Result<QJsonArray> events) {
        if (!self || (!events && events.error().kind == Error::Kind::Cancelled))
            return; // replaced by a newer fetch, or signed out
        if (self->m_fetch)
            self->m_fetch->deleteLater(); // the job reporting now is its child
        if (events)
            self->m_page->setActivityLog(events.value());
        else
            self->m_page->setActivityLogError(events.error());
    };
    // The filter is written in whole seconds: round the end up, or the events of its last second
    // (those just done) would fall outside.
    const QString path
        = Backup::Paths::activityLog(id.subscription, from, to.addMSecs(999), id.resourceGroup);
    m_service->arm()->list(path, m_service->versions().insights, m_fetch, {}, done);
}

} // namespace RestoreDesk
