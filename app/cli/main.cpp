// restoredesk-cli: Restore Desk for scripts, drills and token inspection. No Widgets.

#include "clicontext.h"
#include "core/logging.h"
#include "core/version.h"
#include "tokencommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace RestoreDesk;
using namespace RestoreDesk::Cli;

namespace {

const char kUsage[] = "Usage: restoredesk-cli [global options] <command> [arguments]\n"
                      "\n"
                      "Commands:\n"
                      "  token decode [TOKEN|-]   Decode a JWT locally (header, claims, readable times).\n"
                      "                           Reads RESTOREDESK_ACCESS_TOKEN when no token is given.\n"
                      "\n"
                      "Global options:\n"
                      "  --output text|json       Output format (default: text).\n"
                      "  -h, --help               Show this help.\n"
                      "  -v, --version            Show the version.\n"
                      "\n"
                      "Exit codes: 0 ok, 1 failure, 2 usage error, 3 authentication failed.\n";

} // namespace

int main(int argc, char *argv[])
{
    installRedactingMessageHandler();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("restoredesk"));
    QCoreApplication::setOrganizationDomain(QString::fromLatin1(kOrganizationDomain));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption helpOption({ QStringLiteral("h"), QStringLiteral("help") },
                                        QStringLiteral("help"));
    const QCommandLineOption versionOption({ QStringLiteral("v"), QStringLiteral("version") },
                                           QStringLiteral("version"));
    const QCommandLineOption outputOption(QStringLiteral("output"), QStringLiteral("format"),
                                          QStringLiteral("format"), QStringLiteral("text"));
    parser.addOptions({ helpOption, versionOption, outputOption });
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("command"));

    if (!parser.parse(QCoreApplication::arguments())) {
        err << "restoredesk-cli: " << parser.errorText() << "\n\n" << kUsage;
        return Usage;
    }
    if (parser.isSet(helpOption)) {
        out << kUsage;
        return Ok;
    }
    if (parser.isSet(versionOption)) {
        out << "restoredesk-cli " << kVersion << '\n';
        return Ok;
    }

    const QString format = parser.value(outputOption);
    if (format != QLatin1String("text") && format != QLatin1String("json")) {
        err << "restoredesk-cli: --output must be text or json\n";
        return Usage;
    }
    QStringList args = parser.positionalArguments();
    if (args.isEmpty()) {
        err << kUsage;
        return Usage;
    }
    const QString command = args.takeFirst();
    Context ctx { args, format == QLatin1String("json") ? OutputFormat::Json : OutputFormat::Text, out, err };
    if (command == QLatin1String("token"))
        return runTokenCommand(ctx);
    err << "restoredesk-cli: unknown command '" << command << "'\n\n" << kUsage;
    return Usage;
}
