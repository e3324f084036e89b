// restoredesk: the GUI. Composition only: builds the services and the main window.

#include "access/accessservice.h"
#include "arm/armclient.h"
#include "arm/tokenprovider.h"
#include "audit/auditerrors.h"
#include "audit/auditsettings.h"
#include "audit/audittrail.h"
#include "audit/syslogforwarder.h"
#include "auth/auditkeyprovider.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "backup/backupservice.h"
#include "backup/restoreservice.h"
#include "consoleparts.h"
#include "core/logging.h"
#include "core/processhardening.h"
#include "core/quitonsignal.h"
#include "core/shellwords.h"
#include "core/version.h"
#include "deferrediconstyle.h"
#include "firstpaint.h"
#include "fontwarmup.h"
#include "mainwindow.h"
#include "profilecontroller.h"
#include "sandboxlauncher.h"
#include "sessioncontroller.h"
#include "signinpage.h"
#include "statusbarpresenter.h"
#include "text/englishplurals.h"
#include "text/errortext.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStyleFactory>

#include <cstdio>

using namespace RestoreDesk;

namespace {

// How long start waits for the keychain to hand over the audit key (it may ask to be unlocked).
constexpr int kAuditKeyTimeoutMs = 20000;
// How often a log that cannot be written is tried again (with a record of the failed period).
constexpr int kAuditRecheckMs = 15000;

} // namespace

int main(int argc, char *argv[])
{
    if (ensureStandardDescriptors() < 0) { // before anything opens a file
        std::fputs(
            "restoredesk: a standard descriptor is closed and /dev/null cannot be opened in its place\n",
            stderr);
        return 1;
    }
    const FontWarmUp fonts; // on a second core while Qt starts
    installRedactingMessageHandler();
    // Tokens live in this process's memory: no core files, no same-user ptrace (see --help).
    bool allowDumps = false;
    for (int i = 1; i < argc; ++i)
        allowDumps = allowDumps || qstrcmp(argv[i], "--allow-core-dumps") == 0;
    if (!allowDumps && !disableCoreDumps())
        qWarning("Could not turn off core dumps for this process.");
    // A file-size limit fails the audit write (and so the action) instead of killing the console.
    if (!ignoreFileSizeSignal())
        qWarning("Could not ignore SIGXFSZ.");

    QApplication app(argc, argv);
    // Counted sentences read "1 vault" and "2 vaults", not "1 vault(s)" (see EnglishPlurals).
    QCoreApplication::installTranslator(new RestoreDesk::Text::EnglishPlurals(&app));
    // A stop asked by the session or a script closes the console as Quit does (see --help).
    if (!quitOnTerminationSignals(&app))
        qWarning("Could not handle SIGTERM and SIGINT; they end the console without its shutdown.");
    // The menu bar's icons are read when first painted, not as the window is made (see the style).
    QApplication::setStyle(new DeferredIconStyle(QStyleFactory::create(QApplication::style()->name())));
    QApplication::setApplicationName(QStringLiteral("restoredesk"));
    QApplication::setApplicationDisplayName(QString::fromLatin1(kApplicationName));
    QApplication::setOrganizationDomain(QString::fromLatin1(kOrganizationDomain));
    QApplication::setApplicationVersion(QString::fromLatin1(kVersion));
    QApplication::setDesktopFileName(QStringLiteral("restoredesk"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Restore Desk — desktop console for backup operators.\n"
                       "With no profile configured it runs against its built-in sandbox.\n"
                       "SIGTERM or SIGINT closes it as Quit does; restores still running are\n"
                       "followed again at the next start. What it does is logged on standard\n"
                       "error (categories restoredesk.*; QT_LOGGING_RULES turns them on or off)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption sandboxOption(
        QStringLiteral("sandbox"),
        QStringLiteral("Run against the built-in sandbox (the default while no profile is configured)."));
    const QCommandLineOption browserOption(
        QStringLiteral("browser-command"),
        QStringLiteral(
            "Open sign-in pages with CMD (split like a shell would; {url} is replaced by the link, "
            "else it is appended)."),
        QStringLiteral("CMD"));
    const QCommandLineOption dumpsOption(
        QStringLiteral("allow-core-dumps"),
        QStringLiteral(
            "Allow core dumps and debugger attach (for debugging; tokens may end up in core files)."));
    parser.addOptions({ sandboxOption, browserOption, dumpsOption });
    parser.process(app);

    MainWindow window;
    QNetworkAccessManager nam;
    Auth::KeychainStore keychain(QString::fromLatin1(Auth::Session::kKeychainService));
    Auth::ProfileStore profiles;
    Auth::Session session(&nam, &keychain, &profiles);
    SessionController sessions(&window, &session);
    StatusBarPresenter status(&window, &session);

    // The audit trail: the same log the CLI writes (settings [audit], RESTOREDESK_AUDIT_LOG),
    // optionally copied to syslog, keyed with the installation's key from the keychain.
    QSettings settings;
    const Audit::AuditSettings auditSettings = Audit::AuditSettings::load(settings);
    Audit::AuditLog::Options auditOptions;
    auditOptions.maxFileBytes = auditSettings.maxFileBytes;
    // Appends run on the GUI thread: wait briefly for another writer, then refuse the action
    // with "the audit log is busy" (as for a full disk) rather than freeze the window.
    auditOptions.lockTimeoutMs = Audit::AuditLog::kInteractiveLockTimeoutMs;
    auto auditLog = std::make_unique<Audit::AuditLog>(auditSettings.path, auditOptions);
    std::optional<Error> forwardError;
    if (!auditSettings.forward.isEmpty()) {
        auto forwarder = Audit::SyslogForwarder::create(auditSettings.forward);
        if (forwarder)
            auditLog->setForwarder(forwarder.value());
        else
            forwardError = forwarder.error();
    }
    Audit::AuditTrail trail(std::move(auditLog));
    trail.setRecheckInterval(kAuditRecheckMs);
    sessions.setAuditTrail(&trail);

    // The console once signed in: built after the first paint (see ConsoleParts).
    std::unique_ptr<ConsoleParts> parts;
    auto buildConsole = [&] {
        if (!parts)
            parts = std::make_unique<ConsoleParts>(&window, &sessions, &session, &trail);
        return parts.get();
    };

    // The API of the signed-in profile: one transport and one service, rebuilt per sign-in.
    Arm::SessionTokenProvider tokens(&session);
    std::unique_ptr<Arm::ArmClient> arm;
    std::unique_ptr<Backup::BackupService> backup;
    std::unique_ptr<Backup::RestoreService> restoreService;
    bool stateRestored = false;
    auto dropService = [&] {
        if (parts)
            parts->restores.setServices(nullptr, nullptr);
        restoreService.reset();
        if (parts) {
            parts->estate.setService(nullptr);
            parts->audit.setService(nullptr);
            parts->identity.setService(nullptr);
        }
        backup.reset();
        arm.reset();
    };
    QObject::connect(&sessions, &SessionController::signedIn, &window, [&] {
        dropService();
        ConsoleParts *c = buildConsole(); // already built: no profile starts before the first paint
        Net::Transport transport;
        transport.nam = &nam;
        if (!session.profile().caBundle.isEmpty()) {
            if (auto tls = Net::Transport::tlsWithBundle(session.profile().caBundle))
                transport.tls = tls.value();
        }
        arm = std::make_unique<Arm::ArmClient>(transport, &tokens, QUrl(session.profile().apiBase));
        backup = std::make_unique<Backup::BackupService>(arm.get());
        c->estate.setService(backup.get());
        c->audit.setService(backup.get());
        c->identity.setService(backup.get());
        restoreService = std::make_unique<Backup::RestoreService>(backup.get());
        // The identity page's access service: it knows the caller (claims, mapped roles), so the
        // restore and cancel pre-checks weigh deny assignments and mappings as that page does.
        c->restores.setProfileName(session.profile().name);
        c->restores.setServices(restoreService.get(), c->identity.accessService());
        // The tree's places (selection, expanded branches) are this person's on this profile: the
        // same parts as the keychain's key (issuer, client, subject), and the profile's name.
        const Auth::Profile &profile = session.profile();
        c->console.setStateOwner(
            QStringList { profile.name, profile.issuer, profile.clientId, session.identity().subject }.join(
                QLatin1Char('\n')));
        if (!stateRestored) {
            stateRestored = true;
            c->console
                .restoreState(); // selection, splitter, expanded branches, column widths of the last run
        } else {
            c->console.resumeState(); // signed in again: the tree reopens where the sign-out left it
        }
    });
    QObject::connect(&sessions, &SessionController::signedOut, &window, dropService);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &window, [&] {
        if (!parts)
            return;
        // Only while signed in: before the first sign-in nothing was restored, and after a sign-out
        // the estate's state was saved as it went (ConsolePage::saveState/suspendState).
        parts->console.saveState();
        parts->restores.setServices(nullptr, nullptr); // following stops before the services go
    });
    SandboxLauncher sandbox;
    // The first page is painted before the sandbox's thread starts competing for the CPU.
    sandbox.holdUntilPainted(&window);
    ProfileController profileController(&window, &profiles, &sessions, &sandbox);
    profileController.setAuditTrail(&trail);
    if (parser.isSet(browserOption)) {
        const auto words = splitShellWords(parser.value(browserOption));
        if (!words || words->isEmpty()) {
            qCritical("--browser-command: %s",
                      qPrintable(words ? QStringLiteral("empty") : Text::describe(words.error())));
            return 2;
        }
        sessions.setBrowserCommand(words.value());
    }

    // Nothing is recorded before the key is known (or known to be unavailable), so the first
    // records of this run carry their MAC: the profile starts once the keychain has answered.
    const bool sandboxFirst = parser.isSet(sandboxOption) || profiles.names().isEmpty();
    const QString firstProfile = sandboxFirst ? ProfileController::sandboxName()
        : profiles.current().isEmpty()        ? profiles.names().first()
                                              : profiles.current();
    Auth::KeychainStore auditKeychain(QString::fromLatin1(Auth::Session::kKeychainService));
    auditKeychain.setTimeout(kAuditKeyTimeoutMs);
    Auth::AuditKeyProvider auditKeys(&auditKeychain);
    sessions.signInPage()->showWaiting(QObject::tr("Opening the audit log…"));
    auto openAudit = [&] {
        auditKeys.fetch([&](Result<Auth::AuditKeyProvider::Key> key) {
            const QByteArray bytes = key ? key->bytes : QByteArray();
            trail.log().setKey(bytes);
            trail.check(); // a failure shows as the audit alert; browsing goes on
            parts->audit.open(bytes);
            // Said first, so what the profile has to say (it may not load) takes the banner after.
            if (!key)
                window.notify(MessageBanner::Level::Warning,
                              Text::describe(Error::make(Error::Kind::Keychain, Audit::Codes::KeyUnavailable,
                                                         Text::headline(key.error()))));
            else if (forwardError)
                window.notify(MessageBanner::Level::Warning, Text::describe(*forwardError));
            // The built-in sandbox is the default while no profile is configured (or with
            // --sandbox); it is started only when its profile is chosen.
            profileController.useProfile(firstProfile);
        });
    };
    // The first page (the sign-in page, waiting) is painted before anything it does not show is
    // made or read: the window icon (an SVG, rendered at several sizes), the console, then the
    // keychain's audit key (D-Bus), after which the profile (and the sandbox) starts.
    FirstPaint::whenPainted(&window, [&] {
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/restoredesk.svg")));
        buildConsole();
        openAudit();
    });
    FirstPaint::installBenchProbeIfAsked(&window); // benchmarks only (RESTOREDESK_BENCH_FIRST_PAINT)
    window.show();
    return QApplication::exec();
}
