#include "accountcontroller.h"

#include "audit/auditlog.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "core/shellwords.h"
#include "identitypage.h"
#include "mainwindow.h"
#include "profiledialog.h"
#include "signinpage.h"

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileDialog>
#include <QGuiApplication>
#include <QMenu>
#include <QProcess>

namespace RestoreDesk {

AccountController::AccountController(MainWindow *window, Auth::Session *session, Auth::ProfileStore *profiles,
                                     QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_session(session)
    , m_profiles(profiles)
    , m_signInPage(new SignInPage(window))
    , m_identityPage(new IdentityPage(window))
{
    window->addPage(m_signInPage);
    window->addPage(m_identityPage);
    connect(m_signInPage, &SignInPage::signInRequested, this, [this](const QString &name) {
        if (name != m_session->profile().name)
            useProfile(name);
        signIn();
    });
    connect(m_signInPage, &SignInPage::profileChosen, this, &AccountController::useProfile);
    connect(m_signInPage, &SignInPage::cancelRequested, m_session, &Auth::Session::cancelSignIn);
    connect(m_signInPage, &SignInPage::copyLinkRequested, this, [this] {
        const QUrl url = m_session->pendingSignInUrl();
        if (!url.isEmpty()) {
            QGuiApplication::clipboard()->setText(url.toString(QUrl::FullyEncoded));
            m_signInPage->showNotice(tr(
                "Sign-in link copied. Paste it into a browser on this computer; this window waits for it."));
        }
    });
    connect(m_session, &Auth::Session::openBrowser, this, &AccountController::openBrowser);
    connect(m_session, &Auth::Session::changed, this, &AccountController::refreshViews);
    connect(m_session, &Auth::Session::interactiveSignInNeeded, this, [this](const QString &why) {
        m_window->showPage(m_signInPage);
        m_signInPage->showError(why);
    });
    connect(m_session, &Auth::Session::keychainLocked, m_identityPage, &IdentityPage::showKeychainChoice);
    connect(m_identityPage, &IdentityPage::retryKeychainRequested, this, [this] {
        m_session->retryKeychain([this](Result<void> r) {
            if (r)
                m_identityPage->hideKeychainChoice();
            else
                m_identityPage->showKeychainChoice(
                    tr("Still locked (%1). Unlock the keychain, then retry.").arg(r.error().detail));
        });
    });
    connect(m_identityPage, &IdentityPage::sessionOnlyRequested, this, [this] {
        m_session->keepForThisSessionOnly();
        m_identityPage->hideKeychainChoice();
    });
    m_signOutAction = window->accountMenu()->addAction(tr("Sign &out"), this, [this] { signOut(false); });
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    m_signOutEverywhereAction = window->accountMenu()->addAction(tr("Sign out, also in the &browser"), this,
                                                                 [this] { signOut(true); });
    m_signOutEverywhereAction->setObjectName(QStringLiteral("signOutEverywhereAction"));
    window->accountMenu()->addSeparator();
    window->accountMenu()
        ->addAction(tr("&New profile…"), this, &AccountController::newProfile)
        ->setObjectName(QStringLiteral("newProfileAction"));
    window->accountMenu()
        ->addAction(tr("&Edit profile…"), this, &AccountController::editProfile)
        ->setObjectName(QStringLiteral("editProfileAction"));
    window->accountMenu()->addAction(tr("&Import profile…"), this, &AccountController::importProfile);
    window->accountMenu()->addAction(tr("E&xport profile…"), this, &AccountController::exportProfile);
    m_switchMenu = window->accountMenu()->addMenu(tr("&Switch profile"));
    m_switchMenu->setObjectName(QStringLiteral("switchProfileMenu"));
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &AccountController::tick);
    m_window->showPage(m_signInPage);
    refreshViews();
}

void AccountController::addTransientProfile(const Auth::Profile &profile)
{
    m_transient.removeIf([&](const Auth::Profile &p) { return p.name == profile.name; });
    m_transient << profile;
    rebuildMenu();
}

QStringList AccountController::profileNames() const
{
    QStringList names;
    for (const Auth::Profile &p : m_transient)
        names << p.name;
    names << m_profiles->names();
    return names;
}

Result<Auth::Profile> AccountController::profile(const QString &name) const
{
    for (const Auth::Profile &p : m_transient) {
        if (p.name == name)
            return p;
    }
    return m_profiles->load(name);
}

void AccountController::useProfile(const QString &name)
{
    auto p = profile(name);
    if (!p) {
        m_signInPage->showError(p.error().detail);
        return;
    }
    m_session->setProfile(p.value());
    if (m_profiles->names().contains(name))
        m_profiles->setCurrent(name);
    m_window->showPage(m_signInPage);
    m_signInPage->setProfiles(profileNames(), name);
    m_signInPage->setHint(p->kind == Auth::Profile::Kind::Sandbox
                              ? tr("The built-in sandbox runs on this computer with a fictional tenant. In "
                                   "the browser, pick who you are: "
                                   "rita (Backup Reader), oscar (Backup Operator), carla (Backup "
                                   "Contributor), greg (operator through a group) "
                                   "or nora (no access).")
                              : tr("Signs in at %1 through your browser.").arg(p->issuer));
    m_signInPage->showWaiting(tr("Looking for a saved session…"));
    m_session->resume([this](Result<void> r) {
        if (r) {
            m_window->showPage(m_identityPage);
            return;
        }
        m_signInPage->showIdle();
        if (r.error().code != QLatin1String("not_signed_in") && r.error().code != QLatin1String("cancelled"))
            m_signInPage->showError(tr("The saved session could not be used: %1").arg(r.error().detail));
    });
    rebuildMenu();
}

void AccountController::signIn()
{
    m_signInPage->showWaiting(tr("Opening your browser… Finish signing in there; this window waits."));
    record(QStringLiteral("sign-in"), QStringLiteral("started"));
    m_session->signIn([this](Result<void> r) {
        record(QStringLiteral("sign-in"), r ? QStringLiteral("succeeded") : QStringLiteral("failed"),
               r ? QJsonObject()
                 : QJsonObject { { QStringLiteral("error"), r.error().code },
                                 { QStringLiteral("message"), r.error().detail } });
        if (r) {
            m_signInPage->showIdle();
            m_window->showPage(m_identityPage);
            return;
        }
        if (r.error().code == QLatin1String("cancelled"))
            m_signInPage->showIdle();
        else
            m_signInPage->showError(tr("Sign-in failed: %1").arg(r.error().detail));
    });
}

void AccountController::openBrowser(const QUrl &url)
{
    QStringList command = m_browserCommand.isEmpty() ? m_session->profile().browserCommand : m_browserCommand;
    bool opened = false;
    if (!command.isEmpty()) {
        QStringList argv = browserArguments(command, url.toString(QUrl::FullyEncoded));
        const QString program = argv.takeFirst();
        opened = QProcess::startDetached(program, argv);
    } else {
        opened = QDesktopServices::openUrl(url);
    }
    if (!opened)
        m_signInPage->showNotice(tr(
            "The browser could not be opened. Use \"Copy sign-in link\" and paste the link into a browser."));
}

void AccountController::signOut(bool alsoInBrowser)
{
    const QUrl endSession = alsoInBrowser ? m_session->endSessionUrl() : QUrl();
    const Audit::Actor actor = currentActor(); // the session forgets it while signing out
    record(QStringLiteral("sign-out"), QStringLiteral("started"),
           { { QStringLiteral("alsoInBrowser"), alsoInBrowser } }, actor);
    m_session->signOut([this, endSession, actor](Result<void> r) {
        record(QStringLiteral("sign-out"), r ? QStringLiteral("succeeded") : QStringLiteral("failed"),
               r ? QJsonObject() : QJsonObject { { QStringLiteral("error"), r.error().code } }, actor);
        if (!endSession.isEmpty())
            openBrowser(endSession);
        m_window->showPage(m_signInPage);
        if (r)
            m_signInPage->showNotice(
                tr("Signed out. The refresh token was revoked at the issuer and removed from the keychain."));
        else
            m_signInPage->showError(tr("Signed out here, but: %1").arg(r.error().detail));
    });
}

void AccountController::rebuildMenu()
{
    m_switchMenu->clear();
    for (const QString &name : profileNames()) {
        QAction *a = m_switchMenu->addAction(name, this, [this, name] { useProfile(name); });
        a->setCheckable(true);
        a->setChecked(name == m_session->profile().name);
    }
}

void AccountController::refreshViews()
{
    m_signOutAction->setEnabled(m_session->isSignedIn());
    m_signOutEverywhereAction->setEnabled(m_session->isSignedIn() && !m_session->endSessionUrl().isEmpty());
    if (m_session->isSignedIn()) {
        m_identityPage->show(*m_session);
        m_countdown.start();
        tick();
    } else {
        m_countdown.stop();
        m_window->setIdentityText(tr("Not signed in"));
    }
}

void AccountController::newProfile()
{
    ProfileDialog dialog(m_window);
    if (dialog.exec() == QDialog::Accepted)
        saveProfile(dialog.profile());
}

void AccountController::editProfile()
{
    const Auth::Profile current = m_session->profile();
    if (current.kind == Auth::Profile::Kind::Sandbox) {
        m_signInPage->showNotice(
            tr("The built-in sandbox profile is fixed; create a new profile for another issuer."));
        return;
    }
    ProfileDialog dialog(m_window);
    dialog.setProfile(current);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.profile().name != current.name)
        m_profiles->remove(current.name);
    saveProfile(dialog.profile());
}

void AccountController::importProfile()
{
    const QString file
        = QFileDialog::getOpenFileName(m_window, tr("Import profile"), QString(), tr("Profiles (*.json)"));
    if (file.isEmpty())
        return;
    auto p = Auth::ProfileStore::importFrom(file);
    if (!p) {
        m_signInPage->showError(tr("Could not import %1: %2").arg(file, p.error().detail));
        return;
    }
    saveProfile(p.value());
}

void AccountController::exportProfile()
{
    const QString file = QFileDialog::getSaveFileName(m_window, tr("Export profile"),
                                                      m_session->profile().name + QStringLiteral(".json"),
                                                      tr("Profiles (*.json)"));
    if (file.isEmpty())
        return;
    auto written = Auth::ProfileStore::exportTo(m_session->profile(), file);
    if (!written)
        m_signInPage->showError(written.error().detail);
    else
        m_signInPage->showNotice(tr("Exported to %1 (no secrets are in it).").arg(file));
}

void AccountController::saveProfile(const Auth::Profile &profile)
{
    auto saved = m_profiles->save(profile);
    if (!saved) {
        m_signInPage->showError(tr("Could not save the profile: %1").arg(saved.error().detail));
        return;
    }
    useProfile(profile.name);
}

Audit::Actor AccountController::currentActor() const
{
    const QJsonObject &c = m_session->identity().jwt.claims;
    return Audit::Actor { m_session->profile().issuer, m_session->identity().subject,
                          c.value(QStringLiteral("oid")).toString(),
                          c.value(QStringLiteral("preferred_username")).toString(),
                          c.value(QStringLiteral("name")).toString() };
}

void AccountController::record(const QString &action, const QString &outcome, const QJsonObject &details,
                               const std::optional<Audit::Actor> &actor)
{
    if (!m_audit)
        return;
    Audit::Entry e;
    e.action = action;
    e.outcome = outcome;
    e.actor = actor ? *actor : currentActor();
    e.target = m_session->profile().issuer;
    e.details = details;
    e.details.insert(QStringLiteral("profile"), m_session->profile().name);
    auto written = m_audit->append(e);
    if (!written)
        m_window->setConnectionText(tr("Audit log not writable: %1").arg(written.error().detail));
}

void AccountController::tick()
{
    if (!m_session->isSignedIn())
        return;
    const QJsonObject &c = m_session->identity().jwt.claims;
    QString who = c.value(QStringLiteral("name")).toString();
    const QString username = c.value(QStringLiteral("preferred_username")).toString();
    if (!username.isEmpty())
        who += QStringLiteral(" (") + username + QLatin1Char(')');
    const qint64 left = QDateTime::currentDateTimeUtc().secsTo(m_session->accessTokenExpiresAt());
    QString expiry = left > 0
        ? tr("token expires in %1:%2").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0'))
        : tr("token expired; refreshing");
    if (m_session->persistence() == Auth::Session::Persistence::MemoryOnly)
        expiry += tr(" · session only (not saved)");
    m_window->setIdentityText(who + QStringLiteral(" · ") + expiry);
}

} // namespace RestoreDesk
