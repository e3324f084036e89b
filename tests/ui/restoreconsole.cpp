#include "restoreconsole.h"

#include "audit/auditlog.h"
#include "backup/restoreactions.h"
#include "models/recoverypointmodel.h"
#include "recoverypointspage.h"
#include "recoverypointtimeline.h"
#include "restorecheckpage.h"
#include "restorehowpage.h"
#include "restorewherepage.h"
#include "restorewizard.h"

#include <QFile>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

namespace RestoreDesk::Test {

using Field = Backup::RestoreRequest::Field;

RestoreConsole::RestoreConsole(RestoreFixture &f, const QString &storeDir, const QString &auditPath,
                               const Backup::TrackingOptions &tracking, bool fixtureClock)
    : console(new ConsolePage)
    , trail(std::make_unique<Audit::AuditLog>(auditPath))
    , estate(console)
    , restores(&window, console, &estate, &trail, Backup::PendingRestoreStore(storeDir))
    , access(f.arm.get())
{
    window.addPage(console);
    window.showPage(console);
    window.resize(1200, 800);
    Auth::Session *session = f.session.get();
    restores.setIdentitySource([session] {
        return Audit::Identity::fromClaims(session->identity().jwt.claims, session->profile().issuer,
                                           session->identity().subject);
    });
    restores.setTrackingOptions(tracking);
    if (fixtureClock)
        restores.actions()->setClock(f.clock.clock());
    estate.setService(f.backup.get());
    restores.setServices(f.restore.get(), &access);
}

namespace WizardDriver {

RestoreWizard *openFromPointsPage(RestoreConsole &c, const QString &itemId)
{
    c.estate.showRecoveryPoints(itemId);
    RecoveryPointsPage *points = c.estate.recoveryPointsPage();
    QPushButton *restore = points->findChild<QPushButton *>(QStringLiteral("restoreButton"));
    if (!QTest::qWaitFor([&] { return points->model()->rowCount() > 0; }, kWaitMs))
        return nullptr;
    points->timeline()->selectionModel()->setCurrentIndex(points->model()->index(0, 0),
                                                          QItemSelectionModel::ClearAndSelect);
    if (!QTest::qWaitFor([&] { return restore->isEnabled(); }, kWaitMs))
        return nullptr;
    QSignalSpy opened(&c.restores, &RestoreController::wizardOpened);
    restore->click();
    return opened.count() == 1 ? c.restores.wizard() : nullptr;
}

bool throughWhatAndHow(RestoreWizard *w, Backup::RestoreRequest::Mode mode)
{
    if (!QTest::qWaitFor([&] { return w->currentPage()->isComplete(); }, kWaitMs))
        return false;
    w->next();
    if (w->currentId() != RestoreWizard::HowPageId)
        return false;
    auto *radio = w->findChild<QRadioButton *>(RestoreHowPage::objectNameOf(mode));
    if (!radio)
        return false;
    radio->click();
    if (w->request().mode != mode || !w->currentPage()->isComplete())
        return false;
    w->next();
    return w->currentId() == RestoreWizard::WherePageId;
}

bool disksTargets(RestoreWizard *w)
{
    RestoreWherePage *where = w->wherePage();
    where->setLookupDelay(10);
    where->edit(Field::TargetResourceGroup)->setText(QStringLiteral("rg-restore-weu"));
    where->edit(Field::StagingStorageAccount)->setText(kStaging);
    return QTest::qWaitFor([&] { return where->isChecked() && where->isComplete(); }, kWaitMs);
}

bool toSubmit(RestoreWizard *w, const QString &reason)
{
    w->next();
    if (w->currentId() != RestoreWizard::CheckPageId)
        return false;
    if (!QTest::qWaitFor([&] { return w->checkPage()->verdict().has_value(); }, kWaitMs)
        || !w->checkPage()->isComplete())
        return false;
    w->next();
    if (w->currentId() != RestoreWizard::ReviewPageId || w->currentPage()->isComplete())
        return false; // no reason yet: cannot go on
    w->findChild<QLineEdit *>(QStringLiteral("reasonEdit"))->setText(reason);
    if (!w->currentPage()->isComplete())
        return false;
    w->next();
    return w->currentId() == RestoreWizard::SubmitPageId;
}

} // namespace WizardDriver

QList<Audit::Record> auditRecords(const QString &path, const QString &type)
{
    QList<Audit::Record> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        if (auto r = Audit::Record::parse(line); r && r->type == type)
            out << r.value();
    }
    return out;
}

QStringList outcomes(const QList<Audit::Record> &list)
{
    QStringList out;
    for (const Audit::Record &r : list)
        out << r.outcome;
    return out;
}

} // namespace RestoreDesk::Test
