// restoredesk-sandbox: the local OpenID issuer and backup API, for offline use, scripts and tests.

#include "core/logging.h"
#include "core/processhardening.h"
#include "core/quitonsignal.h"
#include "core/version.h"
#include "sandbox/oidcprovider.h"
#include "sandbox/sandboxserver.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace RestoreDesk;
using namespace RestoreDesk::Sandbox;

int main(int argc, char *argv[])
{
    // Before anything opens a file: its ready line must never land in a socket or a seed file.
    if (ensureStandardDescriptors() < 0) {
        std::fputs(
            "restoredesk-sandbox: a standard descriptor is closed and /dev/null cannot be opened in its "
            "place\n",
            stderr);
        return 1;
    }
    installRedactingMessageHandler();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("restoredesk-sandbox"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.contains(QStringLiteral("-h")) || args.contains(QStringLiteral("--help"))) {
        out << SandboxOptions::usage();
        return 0;
    }
    if (args.contains(QStringLiteral("-v")) || args.contains(QStringLiteral("--version"))) {
        out << "restoredesk-sandbox " << kVersion << '\n';
        return 0;
    }
    const auto options = SandboxOptions::fromArguments(args);
    if (!options) {
        err << "restoredesk-sandbox: " << options.error().detail << "\n\n" << SandboxOptions::usage();
        return 2;
    }

    // SIGTERM/SIGINT end the event loop cleanly.
    quitOnTerminationSignals(&app);

    SandboxServer server;
    QObject::connect(&server, &SandboxServer::ready, &app,
                     [&out, &err, &server](const QString &issuer, const QString &api) {
                         // The secret goes to standard error, so the ready line keeps its shape.
                         if (!server.keyRotationSecret().isEmpty())
                             err << "restoredesk-sandbox: key rotation: POST " << issuer
                                 << "/rotate-keys with " << OidcProvider::kAdminKeyHeader << ": "
                                 << server.keyRotationSecret() << Qt::endl;
                         out << "issuer=" << issuer << " api=" << api << Qt::endl;
                     });
    QObject::connect(&server, &SandboxServer::failed, &app, [&err](const QString &message) {
        err << "restoredesk-sandbox: " << message << Qt::endl;
        QCoreApplication::exit(1);
    });
    server.start(options.value());
    return QCoreApplication::exec();
}
