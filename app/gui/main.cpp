// restoredesk: the GUI. Composition only: builds the services and the main window.

#include "core/logging.h"
#include "core/version.h"
#include "mainwindow.h"
#include "sandbox/sandboxhost.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

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
    parser.addOption(sandboxOption);
    parser.process(app);

    MainWindow window;
    Sandbox::SandboxHost sandbox;
    QObject::connect(&sandbox, &Sandbox::SandboxHost::ready, &window,
                     [&window](const QString &, const QString &api) {
                         window.setConnectionText(QObject::tr("Sandbox · %1").arg(api));
                     });
    QObject::connect(&sandbox, &Sandbox::SandboxHost::failed, &window, [&window](const QString &message) {
        window.setConnectionText(QObject::tr("Sandbox failed: %1").arg(message));
    });
    window.setConnectionText(QObject::tr("Starting the sandbox…"));
    sandbox.start(Sandbox::SandboxOptions());
    window.show();
    return QApplication::exec();
}
