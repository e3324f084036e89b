#include "sessioncontroller.h"

#include "auth/autherrors.h"
#include "auth/session.h"
#include "core/shellwords.h"
#include "identitypage.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "signinpage.h"
#include "text/errortext.h"
#include "text/signinpagetext.h"

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QLocale>
#include <QMenu>
#include <QProcess>

namespace RestoreDesk {

SessionController::SessionController(MainWindow *window, Auth::Session *session, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_session(session)
    , m_signInPage(new SignInPage(window))
    , m_identityPage(new IdentityPage(window))
{
    window->addPage(m_signInPage);
    window->addPage(m_identityPage);
    session->setPageText(&Text::signInPage);
    connect(m_signInPage, &SignInPage::signInRequested, this, [this] { signIn(); });
    connect(m_signInPage, &SignInPage::cancelRequested, m_session, &Auth::Session::cancelSignIn);
    connect(m_signInPage, &SignInPage::copyLinkRequested, this, [this] {
        const QUrl url = m_session->pendingSignInUrl();
        if (url.isEmpty())
            return;
        QGuiApplication::clipboard()->setText(url.toString(QUrl::FullyEncoded));
        m_signInPage->showNotice(
            tr("Sign-in link copied. Paste it into a browser on this computer; this window waits for it."));
    });
    connect(m_session, &Auth::Session::openBrowser, this, &SessionController::openBrowser);
    connect(m_session, &Auth::Session::changed, this, &SessionController::refreshViews);
    connect(m_session, &Auth::Session::interactiveSignInNeeded, this, [this](const Error &why) {
        m_window->showPage(m_signInPage);
        m_signInPage->showError(why);
    });
    connect(m_session, &Auth::Session::keychainLocked, this, [this](const Error &why, bool atStart) {
        if (atStart)
            offerKeychainChoiceAtStart(why);
        else
            m_identityPage->showKeychainChoice(why);
    });
    connect(m_identityPage, &IdentityPage::retryKeychainRequested, this, [this] {
        m_session->retryKeychain([this](Result<void> r) {
            if (r)
                m_identityPage->hideKeychainChoice();
            else
                m_identityPage->showKeychainChoice(r.error());
        });
    });
    connect(m_identityPage, &IdentityPage::sessionOnlyRequested, this, [this] {
        m_session->keepForThisSessionOnly();
        m_identityPage->hideKeychainChoice();
    });

    m_signOutAction = new QAction(tr("Sign &out"), window);
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    connect(m_signOutAction, &QAction::triggered, this, [this] { signOut(false); });
    m_signOutEverywhereAction = new QAction(tr("Sign out, also in the &browser"), window);
    m_signOutEverywhereAction->setObjectName(QStringLiteral("signOutEverywhereAction"));
    connect(m_signOutEverywhereAction, &QAction::triggered, this, [this] { signOut(true); });
    window->accountMenu()->addAction(m_signOutAction);
    window->accountMenu()->addAction(m_signOutEverywhereAction);
    window->accountMenu()->addSeparator();
    m_window->showPage(m_signInPage);
    refreshViews();
}

void SessionController::useProfile(const Auth::Profile &profile)
{
    m_session->setProfile(profile);
    m_window->showPage(m_signInPage);
    m_signInPage->setHint(profile.kind == Auth::Profile::Kind::Sandbox
                              ? tr("The built-in sandbox runs on this computer with a fictional tenant.")
                              : tr("Signs in at %1 through your browser.").arg(profile.issuer));
    resume();
}

void SessionController::showHome()
{
    m_window->showPage(m_home ? m_home : m_identityPage);
}

void SessionController::resume()
{
    m_signInPage->showWaiting(tr("Looking for a saved session…"));
    m_session->resume([this](Result<void> r) {
        if (r) {
            record(QStringLiteral("session-resumed"), QStringLiteral("succeeded"));
            showHome();
            Q_EMIT signedIn();
            return;
        }
        m_signInPage->showIdle();
        const QString code = r.error().code;
        if (code == Auth::Codes::NotSignedIn || code == RestoreDesk::Codes::Cancelled
            || code == Auth::Codes::ProfileChanged)
            return;
        if (code == Auth::Codes::KeychainLocked || code == Auth::Codes::KeychainTimeout)
            return; // keychainLocked() offered the choice already
        m_signInPage->showError(r.error());
    });
}

void SessionController::offerKeychainChoiceAtStart(const Error &why)
{
    m_window->showPage(m_signInPage);
    m_signInPage->showIdle();
    MessageBanner *banner = m_signInPage->banner();
    banner->showMessage(
        MessageBanner::Level::Warning,
        Text::headline(why) + QLatin1Char(' ')
            + tr("Your saved sign-in is in it. Unlock it and retry, or sign in for this session "
                 "only (nothing is saved)."));
    banner->addAction(tr("Retry after unlocking"), QStringLiteral("retryKeychainButton"),
                      [this] { resume(); });
    banner->addAction(tr("This session only"), QStringLiteral("sessionOnlyButton"), [this] {
        m_session->keepForThisSessionOnly();
        signIn();
    });
}

void SessionController::signIn()
{
    m_signInPage->showWaiting(tr("Opening your browser… Finish signing in there; this window waits."));
    record(QStringLiteral("sign-in"), QStringLiteral("started"));
    m_session->signIn([this](Result<void> r) {
        record(QStringLiteral("sign-in"), r ? QStringLiteral("succeeded") : QStringLiteral("failed"),
               r ? QJsonObject() : QJsonObject { { QStringLiteral("error"), r.error().code } });
        if (r) {
            m_signInPage->showIdle();
            showHome();
            Q_EMIT signedIn();
            return;
        }
        if (r.error().code == RestoreDesk::Codes::Cancelled)
            m_signInPage->showIdle();
        else
            m_signInPage->showError(r.error());
    });
}

void SessionController::openBrowser(const QUrl &url)
{
    const QStringList command
        = m_browserCommand.isEmpty() ? m_session->profile().browserCommand : m_browserCommand;
    bool opened = false;
    if (!command.isEmpty()) {
        QStringList argv = browserArguments(command, url.toString(QUrl::FullyEncoded));
        const QString program = argv.takeFirst();
        opened = QProcess::startDetached(program, argv);
    } else {
        opened = QDesktopServices::openUrl(url);
    }
    if (!opened)
        m_window->notify(
            MessageBanner::Level::Warning,
            tr("The browser could not be opened. Use \"Copy sign-in link\" and paste the link into a "
               "browser."));
}

QString SessionController::signOutText(const Auth::SignOutReport &r)
{
    using R = Auth::SignOutReport;
    QStringList parts;
    switch (r.revocation) {
    case R::Revocation::Revoked:
        parts << tr("The refresh token was revoked at the issuer.");
        break;
    case R::Revocation::NotOffered:
        parts << (r.refreshTokenValidUntil.isValid()
                      ? tr("The issuer offers no revocation: the refresh token stays valid there until %1.")
                            .arg(QLocale().toString(r.refreshTokenValidUntil.toLocalTime(),
                                                    QLocale::ShortFormat))
                      : tr("The issuer offers no revocation: the refresh token stays valid there until it "
                           "expires."));
        break;
    case R::Revocation::Failed:
        parts << tr("Revoking the refresh token at the issuer failed: %1")
                     .arg(Text::headline(r.revocationError));
        break;
    case R::Revocation::NothingToRevoke:
        break;
    }
    if (r.accessTokenValidUntil.isValid() && r.revocation != R::Revocation::NothingToRevoke)
        parts << tr("The last access token stays valid until %1.")
                     .arg(QLocale().toString(r.accessTokenValidUntil.toLocalTime(), QLocale::ShortFormat));
    switch (r.keychain) {
    case R::Keychain::Removed:
        parts << tr("The keychain entry was removed.");
        break;
    case R::Keychain::NothingStored:
        parts << tr("Nothing was stored in the keychain.");
        break;
    case R::Keychain::Unavailable:
        parts << tr("The keychain could not be reached (%1): the entry may remain; sign out again once it is "
                    "unlocked.")
                     .arg(Text::headline(r.keychainError));
        break;
    }
    return parts.join(QLatin1Char(' '));
}

void SessionController::signOut(bool alsoInBrowser)
{
    const QUrl endSession = alsoInBrowser ? m_session->endSessionUrl() : QUrl();
    const Audit::Actor actor = currentActor(); // the session forgets it while signing out
    record(QStringLiteral("sign-out"), QStringLiteral("started"),
           { { QStringLiteral("alsoInBrowser"), alsoInBrowser } }, actor);
    m_session->signOut([this, endSession, actor](Auth::SignOutReport report) {
        record(QStringLiteral("sign-out"),
               report.complete() ? QStringLiteral("succeeded") : QStringLiteral("incomplete"),
               { { QStringLiteral("revocation"), int(report.revocation) },
                 { QStringLiteral("keychain"), int(report.keychain) } },
               actor);
        if (!endSession.isEmpty())
            openBrowser(endSession);
        m_window->showPage(m_signInPage);
        m_signInPage->banner()->showMessage(report.complete() ? MessageBanner::Level::Success
                                                              : MessageBanner::Level::Warning,
                                            tr("Signed out.") + QLatin1Char(' ') + signOutText(report));
        Q_EMIT signedOut();
    });
}

void SessionController::refreshViews()
{
    m_signOutAction->setEnabled(m_session->isSignedIn());
    m_signOutEverywhereAction->setEnabled(m_session->isSignedIn() && !m_session->endSessionUrl().isEmpty());
    if (m_session->isSignedIn())
        m_identityPage->show(*m_session);
}

Audit::Actor SessionController::currentActor() const
{
    const QJsonObject &c = m_session->identity().jwt.claims;
    return Audit::Actor { m_session->profile().issuer, m_session->identity().subject,
                          c.value(QStringLiteral("oid")).toString(),
                          c.value(QStringLiteral("preferred_username")).toString(),
                          c.value(QStringLiteral("name")).toString() };
}

void SessionController::record(const QString &action, const QString &outcome, const QJsonObject &details,
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
        m_window->notify(MessageBanner::Level::Warning,
                         tr("The audit log could not be written: %1").arg(Text::headline(written.error())));
}

} // namespace RestoreDesk
