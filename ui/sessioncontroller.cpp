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
    connect(m_session, &Auth::Session::refreshed, this, [this] {
        if (m_resuming)
            return;
        // No "token" in the key names: the audit log redacts such values.
        recordOutcome({}, Audit::EventType::TokenRefresh, Audit::Outcome::Succeeded, auditIdentity(),
                      auditParams({ { QStringLiteral("identityVerified"), m_session->identityVerified() },
                                    { QStringLiteral("accessExpiresAt"),
                                      m_session->accessTokenExpiresAt().toUTC().toString(Qt::ISODate) } }));
    });
    connect(m_session, &Auth::Session::refreshFailed, this, [this](const Error &why) {
        if (m_resuming)
            return;
        recordOutcome({}, Audit::EventType::TokenRefresh, Audit::Outcome::Failed,
                      m_session->isSignedIn() ? auditIdentity() : m_lastIdentity,
                      auditParams({ { QStringLiteral("error"), why.code } }));
    });
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
    const quint64 generation = ++m_resumeGeneration;
    m_resuming = true;
    m_session->resume([this, generation](Result<void> r) {
        if (generation == m_resumeGeneration)
            m_resuming = false;
        if (r) {
            recordOutcome(
                {}, Audit::EventType::SessionResumed, Audit::Outcome::Succeeded, auditIdentity(),
                auditParams({ { QStringLiteral("identityVerified"), m_session->identityVerified() } }));
            showHome();
            Q_EMIT signedIn();
            return;
        }
        m_signInPage->showIdle();
        const QString code = r.error().code;
        if (code == Auth::Codes::NotSignedIn || code == RestoreDesk::Codes::Cancelled
            || code == Auth::Codes::ProfileChanged)
            return; // nothing was saved, or another profile took over: nothing happened
        recordOutcome({}, Audit::EventType::SessionResumed, Audit::Outcome::Failed,
                      Audit::Identity { m_session->profile().issuer, {}, {}, {}, {} },
                      auditParams({ { QStringLiteral("error"), code } }));
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
    // Nobody is named yet: the request carries the issuer; the outcome names who signed in.
    const Audit::RecordRef request
        = recordRequest(Audit::EventType::SignIn,
                        Audit::Identity { m_session->profile().issuer, {}, {}, {}, {} }, auditParams());
    m_session->signIn([this, request](Result<void> r) {
        if (r)
            recordOutcome(
                request, Audit::EventType::SignIn, Audit::Outcome::Succeeded, auditIdentity(),
                auditParams({ { QStringLiteral("identityVerified"), m_session->identityVerified() } }));
        else
            recordOutcome(request, Audit::EventType::SignIn,
                          r.error().code == RestoreDesk::Codes::Cancelled ? Audit::Outcome::Cancelled
                                                                          : Audit::Outcome::Failed,
                          request.identity, auditParams({ { QStringLiteral("error"), r.error().code } }));
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
    const Audit::Identity who = auditIdentity(); // the session forgets it while signing out
    const QJsonObject params = auditParams();
    const Audit::RecordRef request = recordRequest(
        Audit::EventType::SignOut, who, auditParams({ { QStringLiteral("alsoInBrowser"), alsoInBrowser } }));
    m_session->signOut([this, endSession, who, params, request](Auth::SignOutReport report) {
        QJsonObject outcome = report.toJson();
        for (auto it = params.begin(); it != params.end(); ++it)
            outcome.insert(it.key(), it.value());
        recordOutcome(request, Audit::EventType::SignOut,
                      report.complete() ? Audit::Outcome::Succeeded : Audit::Outcome::Failed, who, outcome);
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
    if (m_session->isSignedIn()) {
        m_identityPage->show(*m_session);
        m_lastIdentity = auditIdentity();
    }
}

Audit::Identity SessionController::auditIdentity() const
{
    if (!m_session->isSignedIn())
        return {};
    return Audit::Identity::fromClaims(m_session->identity().jwt.claims, m_session->profile().issuer,
                                       m_session->identity().subject);
}

QJsonObject SessionController::auditParams(QJsonObject params) const
{
    params.insert(QStringLiteral("profile"), m_session->profile().name);
    return params;
}

Audit::RecordRef SessionController::recordRequest(const QString &type, const Audit::Identity &who,
                                                  const QJsonObject &params)
{
    if (!m_trail)
        return {};
    // event(), not requested(): signing in or out is not refused when the log cannot be written
    // (requested() is for changes to the estate); the trail's warning says the record is missing.
    auto written = m_trail->event(type, Audit::Outcome::Requested, who, m_session->profile().issuer, params);
    return written ? written.value() : Audit::RecordRef();
}

void SessionController::recordOutcome(const Audit::RecordRef &request, const QString &type,
                                      const QString &outcome, const Audit::Identity &who,
                                      const QJsonObject &params)
{
    if (!m_trail)
        return;
    if (request.isValid()) {
        Audit::RecordRef ref = request;
        ref.identity = who;
        m_trail->outcome(ref, outcome, {}, params);
        return;
    }
    m_trail->event(type, outcome, who, m_session->profile().issuer, params);
}

} // namespace RestoreDesk
