// restoredesk: the GUI. Composition only: builds the services and the main window.

#include "arm/armclient.h"
#include "arm/tokenprovider.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "backup/backupservice.h"
#include "consolepage.h"
#include "core/logging.h"
#include "core/processhardening.h"
#include "core/shellwords.h"
#include "core/version.h"
#include "estatecontroller.h"
#include "firstpaint.h"
#include "fontwarmup.h"
#include "identitypage.h"
#include "mainwindow.h"
#include "profilecontroller.h"
#include "sandboxlauncher.h"
#include "sessioncontroller.h"
#include "statusbarpresenter.h"
#include "text/errortext.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QNetworkAccessManager>
#include <QStandardPaths>

using namespace RestoreDesk;

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

    // The console once signed in: the navigation tree beside the content; the identity page
    // under its own section, the estate beside it.
    ConsolePage console;
    window.addPage(&console);
    sessions.setHomePage(&console);
    console.addSection(QStringLiteral("identity"), QObject::tr("Identity"));
    console.addPage(QStringLiteral("identity"), QStringLiteral("identity/me"), QObject::tr("Who am I"),
                    sessions.identityPage());
    EstateController estate(&console);

    // The API of the signed-in profile: one transport and one service, rebuilt per sign-in.
    Arm::SessionTokenProvider tokens(&session);
    std::unique_ptr<Arm::ArmClient> arm;
    std::unique_ptr<Backup::BackupService> backup;
    bool stateRestored = false;
    QObject::connect(&sessions, &SessionController::signedIn, &window, [&] {
        estate.setService(nullptr);
        backup.reset();
        arm.reset();
        Net::Transport transport;
        transport.nam = &nam;
        if (auto tls = Net::Transport::tlsWithBundle(session.profile().caBundle))
            transport.tls = tls.value();
        arm = std::make_unique<Arm::ArmClient>(transport, &tokens, QUrl(session.profile().apiBase));
        backup = std::make_unique<Backup::BackupService>(arm.get());
        estate.setService(backup.get());
        if (!stateRestored) {
            stateRestored = true;
            console.restoreState(); // selection, splitter, expanded branches of the last run
        }
    });
    QObject::connect(&sessions, &SessionController::signedOut, &window, [&] {
        estate.setService(nullptr);
        backup.reset();
        arm.reset();
    });
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &console, [&] { console.saveState(); });
    SandboxLauncher sandbox;
    // The first page is painted before the sandbox's thread starts competing for the CPU.
    sandbox.holdUntilPainted(&window);
    ProfileController profileController(&window, &profiles, &sessions, &sandbox);
    Audit::AuditLog audit(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                          + QStringLiteral("/audit.jsonl"));
    if (auto opened = audit.open())
        sessions.setAuditLog(&audit);
    else
        window.notify(
            MessageBanner::Level::Warning,
            QObject::tr("The audit log could not be opened: %1").arg(Text::describe(opened.error())));
    if (parser.isSet(browserOption)) {
        const auto words = splitShellWords(parser.value(browserOption));
        if (!words || words->isEmpty()) {
            qCritical("--browser-command: %s",
                      qPrintable(words ? QStringLiteral("empty") : Text::describe(words.error())));
            return 2;
        }
        sessions.setBrowserCommand(words.value());
    }

    // The built-in sandbox is the default while no profile is configured (or with --sandbox); it
    // is started only when its profile is chosen.
    const bool sandboxFirst = parser.isSet(sandboxOption) || profiles.names().isEmpty();
    profileController.useProfile(sandboxFirst                       ? ProfileController::sandboxName()
                                     : profiles.current().isEmpty() ? profiles.names().first()
                                                                    : profiles.current());
    FirstPaint::installBenchProbeIfAsked(&window); // benchmarks only (RESTOREDESK_BENCH_FIRST_PAINT)
    window.show();
    return QApplication::exec();
}
