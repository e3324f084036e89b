#pragma once

#include "models/navigationmodel.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <functional>

namespace RestoreDesk {

namespace Audit {
class AuditTrail;
struct Identity;
} // namespace Audit
namespace Backup {
class BackupService;
}
class AuditPage;
class ConsolePage;

// The audit area of the console: a top-level "Audit log" node that shows the audit page; the
// records the trail writes appear on it as they are written, and its warning follows the trail's
// state. The merged timeline's activityLogRequested is answered through the signed-in session's
// API: the vault id names the subscription and resource group, every page of the activity log for
// the range is fetched (Microsoft.Insights, api-version `insights`), and a refusal is shown as "no
// access" (reading the activity log takes …/eventtypes/values/read, which Backup roles lack). A
// fetch belongs to its sign-in: a new service (or none) cancels it. GUI thread; owned by the
// composition root.
class AuditController : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kAuditKey = "audit";

    AuditController(ConsolePage *console, Audit::AuditTrail *trail, QObject *parent = nullptr);
    ~AuditController() override;

    AuditPage *page() const { return m_page; }
    // Loads the trail's log into the page; `key` lets Verify check the MACs (empty: it says the
    // key check did not run).
    void open(const QByteArray &key);
    // The API of the signed-in session (nullptr when signed out).
    void setService(Backup::BackupService *service);
    // Selects the "Audit log" node (showing the page).
    void show();
    // Who is signed in, for the audit-export record of an export from the page (empty: the
    // record says "local user").
    void setIdentitySource(std::function<Audit::Identity()> source) { m_identity = std::move(source); }

private:
    void onSelected(const QString &key, Models::NavigationModel::Kind kind, const QString &resourceId);
    void fetchActivityLog(const QString &vaultId, const QDateTime &from, const QDateTime &to);

    ConsolePage *m_console;
    Audit::AuditTrail *m_trail;
    AuditPage *m_page;
    QPointer<Backup::BackupService> m_service;
    QPointer<QObject> m_fetch; // owns the activity-log fetch in flight
    std::function<Audit::Identity()> m_identity;
};

} // namespace RestoreDesk
