// restoredesk: the GUI. Composition only: builds the services and the main window.

#include "access/accessservice.h"
#include "arm/armclient.h"
#include "arm/tokenprovider.h"
#include "audit/auditerrors.h"
#include "audit/auditsettings.h"
#include "audit/audittrail.h"
#include "audit/syslogforwarder.h"
#include "auditalertpresenter.h"
#include "auditcontroller.h"
#include "auth/auditkeyprovider.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "backup/backupservice.h"
#include "backup/restoreservice.h"
#include "consolepage.h"
#include "core/logging.h"
#include "core/processhardening.h"
#include "core/shellwords.h"
#include "core/version.h"
#include "estatecontroller.h"
#include "firstpaint.h"
#include "fontwarmup.h"
#include "identitycontroller.h"
#include "identitypage.h"
#include "mainwindow.h"
#include "profilecontroller.h"
#include "restorecontroller.h"
#include "sandboxlauncher.h"
#include "sessioncontroller.h"
#include "signinpage.h"
#include "statusbarpresenter.h"
#include "text/errortext.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QNetworkAccessManager>
#include <QSettings>

using namespace RestoreDesk;

namespace {

// How long start waits for the keychain to hand over the audit key (it may ask to be unlocked).
constexpr int kAuditKeyTimeoutMs = 20000;
// How often a log that cannot be written is tried again (with a record of the failed period).
constexpr int kAuditRecheckMs = 15000;

} // namespace

int main(int argc, char *argv[])
{
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
    QApplication::setApplicationName(QStringLiteral("restoredesk"));
    QApplication::setApplicationDisplayName(QString::fromLatin1(kApplicationName));
    QApplication::setOrganizationDomain(QString::fromLatin1(kOrganizationDomain));
    QApplication::setApplicationVersion(QString::fromLatin1(kVersion));
    QApplication::setDesktopFileName(QStringLiteral("restoredesk"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/restoredesk.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Restore Desk — desktop console for backup operators.\n"
                       "With no profile configured it runs against its built-in sandbox."));
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

    // The console once signed in: the navigation tree beside the content; the identity page
    // under its own section, the estate and the audit log beside it.
    ConsolePage console;
    window.addPage(&console);
    sessions.setHomePage(&console);
    console.addSection(QStringLiteral("identity"), QObject::tr("Identity"));
    console.addPage(QStringLiteral("identity"), QStringLiteral("identity/me"), QObject::tr("Who am I"),
                    sessions.identityPage());
    EstateController estate(&console);
    AuditController audit(&console, &trail);
    audit.setIdentitySource([&sessions] { return sessions.auditIdentity(); });
    AuditAlertPresenter auditAlert(&window, &console, &trail);
    // Claims, "Access here" (the scope selected under Estate) and federated credentials.
    IdentityController identity(&console, &session);
    // Restores: the wizard, the job pages and the restores left by an earlier run (resumed at
    // sign-in), every step through the audit trail under the signed-in identity.
    RestoreController restores(&window, &console, &estate, &trail);
    restores.setIdentitySource([&sessions] { return sessions.auditIdentity(); });

    // The API of the signed-in profile: one transport and one service, rebuilt per sign-in.
    Arm::SessionTokenProvider tokens(&session);
    std::unique_ptr<Arm::ArmClient> arm;
    std::unique_ptr<Backup::BackupService> backup;
    std::unique_ptr<Backup::RestoreService> restoreService;
    bool stateRestored = false;
    auto dropService = [&] {
        restores.setServices(nullptr, nullptr);
        restoreService.reset();
        estate.setService(nullptr);
        audit.setService(nullptr);
        identity.setService(nullptr);
        backup.reset();
        arm.reset();
    };
    QObject::connect(&sessions, &SessionController::signedIn, &window, [&] {
        dropService();
        Net::Transport transport;
        transport.nam = &nam;
        if (auto tls = Net::Transport::tlsWithBundle(session.profile().caBundle))
            transport.tls = tls.value();
        arm = std::make_unique<Arm::ArmClient>(transport, &tokens, QUrl(session.profile().apiBase));
        backup = std::make_unique<Backup::BackupService>(arm.get());
        estate.setService(backup.get());
        audit.setService(backup.get());
        identity.setService(backup.get());
        restoreService = std::make_unique<Backup::RestoreService>(backup.get());
        // The identity page's access service: it knows the caller (claims, mapped roles), so the
        // restore and cancel pre-checks weigh deny assignments and mappings as that page does.
        restores.setServices(restoreService.get(), identity.accessService());
        if (!stateRestored) {
            stateRestored = true;
            console.restoreState(); // selection, splitter, expanded branches, column widths of the last run
        }
    });
    QObject::connect(&sessions, &SessionController::signedOut, &window, dropService);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &console, [&] {
        console.saveState();
        restores.setServices(nullptr, nullptr); // following stops before the services go
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
    auditKeys.fetch([&](Result<Auth::AuditKeyProvider::Key> key) {
        const QByteArray bytes = key ? key->bytes : QByteArray();
        trail.log().setKey(bytes);
        trail.check(); // a failure shows as the audit alert; browsing goes on
        audit.open(bytes);
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
    FirstPaint::installBenchProbeIfAsked(&window); // benchmarks only (RESTOREDESK_BENCH_FIRST_PAINT)
    window.show();
    return QApplication::exec();
}
