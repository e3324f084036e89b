// restoredesk: the GUI. Composition only: builds the services and the main window.

#include "accountcontroller.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "core/logging.h"
#include "core/shellwords.h"
#include "core/version.h"
#include "mainwindow.h"
#include "sandbox/sandboxhost.h"
#include "sandbox/sandboxserver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QNetworkAccessManager>
#include <QStandardPaths>

using namespace RestoreDesk;

int main(int argc, char *argv[])
{
    installRedactingMessageHandler();
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
        QStringLiteral("Open sign-in pages with CMD (split like a shell would; the URL is appended)."),
        QStringLiteral("CMD"));
    parser.addOptions({ sandboxOption, browserOption });
    parser.process(app);

    MainWindow window;
    QNetworkAccessManager nam;
    Auth::KeychainStore keychain(QString::fromLatin1(Auth::Session::kKeychainService));
    Auth::ProfileStore profiles;
    Auth::Session session(&nam, &keychain, &profiles);
    AccountController accounts(&window, &session, &profiles);
    Audit::AuditLog audit(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                          + QStringLiteral("/audit.jsonl"));
    if (auto opened = audit.open())
        accounts.setAuditLog(&audit);
    else
        qWarning("%s", qPrintable(opened.error().detail));
    if (parser.isSet(browserOption)) {
        const auto words = splitShellWords(parser.value(browserOption));
        if (!words || words->isEmpty()) {
            qCritical("--browser-command: %s",
                      qPrintable(words ? QStringLiteral("empty") : words.error().detail));
            return 2;
        }
        accounts.setBrowserCommand(words.value());
    }

    // The built-in sandbox is the default while no profile is configured (or with --sandbox).
    const bool sandboxFirst = parser.isSet(sandboxOption) || profiles.names().isEmpty();
    if (!sandboxFirst)
        accounts.useProfile(profiles.current().isEmpty() ? profiles.names().first() : profiles.current());

    Sandbox::SandboxHost sandbox;
    QObject::connect(&sandbox, &Sandbox::SandboxHost::ready, &window,
                     [&](const QString &issuer, const QString &api) {
                         window.setConnectionText(QObject::tr("Sandbox · %1").arg(api));
                         accounts.addTransientProfile(
                             Auth::Profile::sandbox(issuer, api, Sandbox::SandboxServer::apiAudience()));
                         if (sandboxFirst)
                             accounts.useProfile(QStringLiteral("Sandbox"));
                     });
    QObject::connect(&sandbox, &Sandbox::SandboxHost::failed, &window, [&window](const QString &message) {
        window.setConnectionText(QObject::tr("Sandbox failed: %1").arg(message));
    });
    window.setConnectionText(QObject::tr("Starting the sandbox…"));
    sandbox.start(Sandbox::SandboxOptions());
    window.show();
    return QApplication::exec();
}
