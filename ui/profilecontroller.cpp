#include "profilecontroller.h"

#include "audit/audittrail.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "builtinsandbox.h"
#include "mainwindow.h"
#include "profiledialog.h"
#include "profileimportdialog.h"
#include "sessioncontroller.h"
#include "signinpage.h"
#include "text/errortext.h"

#include <QAction>
#include <QFileDialog>
#include <QJsonArray>
#include <QMenu>

namespace RestoreDesk {

ProfileController::ProfileController(MainWindow *window, Auth::ProfileStore *profiles,
                                     SessionController *sessions, BuiltInSandbox *sandbox, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_profiles(profiles)
    , m_sessions(sessions)
    , m_sandbox(sandbox)
{
    QMenu *menu = window->accountMenu();
    menu->addAction(tr("&New profile…"), this, &ProfileController::newProfile)
        ->setObjectName(QStringLiteral("newProfileAction"));
    menu->addAction(tr("&Edit profile…"), this, &ProfileController::editProfile)
        ->setObjectName(QStringLiteral("editProfileAction"));
    menu->addAction(tr("&Import profile…"), this,
                    [this] {
                        const QString file = QFileDialog::getOpenFileName(m_window, tr("Import profile"),
                                                                          QString(), tr("Profiles (*.json)"));
                        if (!file.isEmpty())
                            importProfile(file);
                    })
        ->setObjectName(QStringLiteral("importProfileAction"));
    menu->addAction(tr("E&xport profile…"), this,
                    [this] {
                        const QString file = QFileDialog::getSaveFileName(m_window, tr("Export profile"),
                                                                          m_current + QStringLiteral(".json"),
                                                                          tr("Profiles (*.json)"));
                        if (!file.isEmpty())
                            exportProfile(file);
                    })
        ->setObjectName(QStringLiteral("exportProfileAction"));
    m_switchMenu = menu->addMenu(tr("&Switch profile"));
    m_switchMenu->setObjectName(QStringLiteral("switchProfileMenu"));

    SignInPage *page = sessions->signInPage();
    connect(page, &SignInPage::profileChosen, this, &ProfileController::useProfile);
    if (m_sandbox) {
        connect(m_sandbox, &BuiltInSandbox::ready, this, [this] {
            m_window->setConnectionText(tr("Sandbox · %1").arg(m_sandbox->apiBase()));
            if (m_current == sandboxName())
                useSandbox();
        });
        connect(m_sandbox, &BuiltInSandbox::failed, this, [this](const QString &message) {
            m_window->setConnectionText(tr("Sandbox failed"));
            m_sessions->signInPage()->showIdle();
            m_window->notify(MessageBanner::Level::Error,
                             tr("The built-in sandbox could not start: %1").arg(message));
        });
    }
    rebuildSwitchMenu();
}

QStringList ProfileController::profileNames() const
{
    QStringList names;
    if (m_sandbox)
        names << sandboxName();
    names << m_profiles->names();
    return names;
}

void ProfileController::useProfile(const QString &name)
{
    const QString previous = m_current;
    m_current = name;
    m_sessions->signInPage()->setProfiles(profileNames(), name);
    rebuildSwitchMenu();
    // Choosing the profile at start is not a change; choosing another one later is.
    const bool switched = !previous.isEmpty() && previous != name;
    const QJsonObject from { { QStringLiteral("from"), previous } };
    if (name == sandboxName() && m_sandbox) {
        if (switched)
            record(QStringLiteral("switch"), name, std::nullopt, from);
        return useSandbox();
    }
    m_sessions->signInPage()->setPeople({});
    auto p = m_profiles->load(name);
    if (!p) {
        if (switched)
            record(QStringLiteral("switch"), name, p.error(), from);
        m_window->showPage(m_sessions->signInPage());
        m_sessions->signInPage()->showError(p.error());
        return;
    }
    if (switched)
        record(QStringLiteral("switch"), name, std::nullopt, from);
    m_profiles->setCurrent(name);
    m_window->setConnectionText(p->apiBase.isEmpty() ? p->issuer : p->apiBase);
    m_sessions->useProfile(p.value());
}

void ProfileController::useSandbox()
{
    // The sandbox runs only for the operator who chose it.
    if (!m_sandbox->isReady()) {
        m_window->showPage(m_sessions->signInPage());
        m_sessions->signInPage()->showWaiting(tr("Starting the built-in sandbox…"));
        m_window->setConnectionText(tr("Starting the sandbox…"));
        m_sandbox->start();
        return;
    }
    Auth::Profile p
        = Auth::Profile::sandbox(m_sandbox->issuer(), m_sandbox->apiBase(), m_sandbox->apiAudience());
    p.name = sandboxName();
    m_sessions->signInPage()->setPeople(m_sandbox->people());
    m_sessions->useProfile(p);
}

void ProfileController::rebuildSwitchMenu()
{
    m_switchMenu->clear();
    for (const QString &name : profileNames()) {
        QAction *a = m_switchMenu->addAction(name, this, [this, name] { useProfile(name); });
        a->setCheckable(true);
        a->setChecked(name == m_current);
    }
}

void ProfileController::newProfile()
{
    ProfileDialog dialog(m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Auth::Profile profile = dialog.profile();
    saveAndUse(profile, QStringLiteral("create"));
}

void ProfileController::editProfile()
{
    if (m_current == sandboxName()) {
        m_window->notify(
            MessageBanner::Level::Info,
            tr("The built-in sandbox profile is fixed; create a new profile for another issuer."));
        return;
    }
    auto current = m_profiles->load(m_current);
    if (!current) {
        m_window->notifyError(current.error());
        return;
    }
    ProfileDialog dialog(m_window);
    dialog.setProfile(current.value());
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.profile().name != current->name)
        m_profiles->remove(current->name);
    saveAndUse(dialog.profile(), QStringLiteral("edit"), { { QStringLiteral("was"), current->name } });
}

void ProfileController::importProfile(const QString &fileName)
{
    const QJsonObject file { { QStringLiteral("file"), fileName } };
    auto imported = Auth::ProfileStore::importFrom(fileName);
    if (!imported) {
        record(QStringLiteral("import"), QString(), imported.error(), file);
        m_window->notifyError(imported.error());
        return;
    }
    ProfileImportDialog preview(fileName, imported.value(), m_window);
    if (preview.exec() != QDialog::Accepted) {
        m_window->notify(MessageBanner::Level::Info, tr("Nothing was imported."));
        return;
    }
    QJsonObject params = file;
    params.insert(QStringLiteral("notTaken"), QJsonArray::fromStringList(imported->dropped));
    if (!saveAndUse(imported->profile, QStringLiteral("import"), params))
        return;
    if (!imported->dropped.isEmpty())
        m_window->notify(MessageBanner::Level::Warning,
                         tr("Imported \"%1\". Not taken from the file: %2.")
                             .arg(imported->profile.name, imported->dropped.join(QStringLiteral(", "))));
    else
        m_window->notify(MessageBanner::Level::Success, tr("Imported \"%1\".").arg(imported->profile.name));
}

void ProfileController::exportProfile(const QString &fileName)
{
    const QJsonObject file { { QStringLiteral("file"), fileName } };
    Auth::Profile p;
    if (m_current == sandboxName() && m_sandbox) {
        p = Auth::Profile::sandbox(m_sandbox->issuer(), m_sandbox->apiBase(), m_sandbox->apiAudience());
    } else {
        auto loaded = m_profiles->load(m_current);
        if (!loaded) {
            record(QStringLiteral("export"), m_current, loaded.error(), file);
            m_window->notifyError(loaded.error());
            return;
        }
        p = loaded.value();
    }
    auto written = Auth::ProfileStore::exportTo(p, fileName);
    record(QStringLiteral("export"), m_current,
           written ? std::nullopt : std::optional<Error>(written.error()), file);
    if (!written)
        m_window->notifyError(written.error());
    else
        m_window->notify(MessageBanner::Level::Success,
                         tr("Exported to %1 (no secrets, and no browser command, are in it).").arg(fileName));
}

bool ProfileController::saveAndUse(const Auth::Profile &profile, const QString &action,
                                   const QJsonObject &params)
{
    auto saved = m_profiles->save(profile);
    QJsonObject details = params;
    details.insert(QStringLiteral("issuer"), profile.issuer);
    record(action, profile.name, saved ? std::nullopt : std::optional<Error>(saved.error()), details);
    if (!saved) {
        m_window->notifyError(saved.error());
        return false;
    }
    useProfile(profile.name);
    return true;
}

void ProfileController::record(const QString &action, const QString &profile,
                               const std::optional<Error> &error, QJsonObject params)
{
    if (!m_trail)
        return;
    params.insert(QStringLiteral("action"), action);
    params.insert(QStringLiteral("profile"), profile);
    if (error)
        params.insert(QStringLiteral("error"), error->code);
    // Recorded, not asked for: a profile change is not refused when the log cannot be written
    // (the trail's warning says so); only changes to the estate are.
    m_trail->event(Audit::EventType::ProfileChange,
                   error ? Audit::Outcome::Failed : Audit::Outcome::Succeeded, m_sessions->auditIdentity(),
                   QString(), params);
}

} // namespace RestoreDesk
