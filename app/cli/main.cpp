// restoredesk-cli: Restore Desk for scripts, drills and token inspection. No Widgets.

#include "accesscommand.h"
#include "auditcommands.h"
#include "authcommands.h"
#include "clicontext.h"
#include "core/hugepageheap.h"
#include "core/logging.h"
#include "core/processhardening.h"
#include "core/sanitizers.h"
#include "core/shellwords.h"
#include "core/turnpacer.h"
#include "core/version.h"
#include "estatecommands.h"
#include "ficcommand.h"
#include "jobcommands.h"
#include "redactingdevice.h"
#include "restorecommand.h"
#include "standardstream.h"
#include "text/englishplurals.h"
#include "text/errortext.h"
#include "tokencommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QProcess>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace RestoreDesk;
using namespace RestoreDesk::Cli;

namespace {

// --request-timeout's bounds: shorter would cut off a healthy but slow answer (a large page over
// a slow link); longer would keep a script (and a lost restore's settling) waiting for minutes.
constexpr int kMinRequestTimeoutSeconds = 5;
constexpr int kMaxRequestTimeoutSeconds = 600;

const char kUsage[]
    = "Usage: restoredesk-cli [global options] <command> [arguments]\n"
      "\n"
      "Commands:\n"
      "  login [--browser-command CMD] [--no-browser]\n"
      "                           Sign in through the system browser (authorization code +\n"
      "                           PKCE, loopback redirect). CMD is split like a shell would and\n"
      "                           gets the sign-in URL as its last argument; --no-browser prints\n"
      "                           the link and waits. The refresh token goes to the keychain.\n"
      "  whoami                   Who is signed in: identity, issuer, expiry (refreshes silently).\n"
      "  logout                   Revoke the refresh token at the issuer and forget the session.\n"
      "  token decode [TOKEN|-]   Decode a JWT locally (header, claims, readable times).\n"
      "                           Reads RESTOREDESK_ACCESS_TOKEN when no token is given.\n"
      "  audit verify [FILE] [--no-anchor]\n"
      "                           Verify the audit log's hash chain, anchor and MACs; exit 4\n"
      "                           naming the first bad record, exit 8 when intact but the log\n"
      "                           records integrity incidents (records cut, an edited anchor,\n"
      "                           the log missing, a key change, a tail set aside), listed.\n"
      "                           Example: audit verify\n"
      "  audit list [filters] [--limit N]\n"
      "                           Records, oldest first (--output json for machines).\n"
      "  audit export --format json|csv [filters] [--out FILE]\n"
      "                           Records with the chain head and the verification result.\n"
      "                           Example: audit export --format csv --since 2024-01-01 --out a.csv\n"
      "                           Filters: --type T[,T] --outcome O[,O] --identity TEXT\n"
      "                           --resource TEXT --since ISO --until ISO --search TEXT\n"
      "  subscriptions list       Subscriptions the identity can see.\n"
      "  vaults list [--subscription ID] | vaults show ID\n"
      "                           Recovery Services vaults, of one subscription or of all.\n"
      "  policies list --vault ID | policies show ID\n"
      "                           Backup policies with schedule and retention.\n"
      "  items list (--vault ID | --all-vaults) [--type vm|fileshare|sql] | items show ID\n"
      "                           Protected items with health, last backup, last recovery point.\n"
      "  points list --item ID [--from ISO] [--to ISO]\n"
      "                           Recovery points of an item with tiers and retention.\n"
      "  jobs list --vault ID [--status S] [--since ISO] | jobs show ID [--wait]\n"
      "                           Backup and restore jobs; the list states its time window.\n"
      "                           --wait follows a job to its end (exit 5 unless it completed\n"
      "                           without warnings).\n"
      "  jobs cancel ID --reason TEXT [--yes]\n"
      "                           Cancel a running job after the permission pre-check; audited.\n"
      "  restore --point ID --mode original|alternate|disks|files [target options]\n"
      "          --reason TEXT [--yes] [--confirm NAME] [--wait] [--reconcile-grace SECONDS]\n"
      "                           An on-demand restore: checked, permissions pre-checked, previewed\n"
      "                           with the equivalent REST request, confirmed, audited before and\n"
      "                           after. restoredesk-cli restore --help lists the target options.\n"
      "  restore pending list | restore pending discard CLIENT_REQUEST_ID --reason TEXT\n"
      "  restore pending adopt CLIENT_REQUEST_ID --job JOB_ID --reason TEXT [--wait]\n"
      "  restore resend CLIENT_REQUEST_ID [--yes] [--confirm NAME] [--wait]\n"
      "                 [--reconcile-grace SECONDS]\n"
      "                           The kept restores (sent without a known answer, or accepted and\n"
      "                           not seen to end); resend looks for a kept one's job and only then\n"
      "                           sends it anew; discard drops one unsent, audited; adopt takes a\n"
      "                           job that may be it as it (checked, audited) and follows it.\n"
      "                           Listings read every page (every nextLink). These verbs work with\n"
      "                           a signed-in profile, --issuer/--client-id/--api-base after a login,\n"
      "                           or --api-base with --access-token alone. Each has --help with an\n"
      "                           example: restoredesk-cli items list --help\n"
      "  token inspect [TOKEN|-] [--verify [--jwks FILE]]\n"
      "                           Explain a JWT locally: each claim's meaning, times, warnings,\n"
      "                           the signature status. --verify fetches the token's issuer's\n"
      "                           discovery document and keys (HTTPS or loopback only; nothing\n"
      "                           else is fetched, the token is sent nowhere); --jwks FILE uses\n"
      "                           those keys instead. Exit 2 malformed, 3 the signature check\n"
      "                           failed, 1 the keys could not be fetched.\n"
      "                           Example: restoredesk-cli token inspect - --verify < token\n"
      "  fic test --token TOKEN|- (--identity ID | --credentials FILE)\n"
      "                           Which federated credential accepts a workload token, or why\n"
      "                           none does (field, character diff, AADSTS code). ID: a user-\n"
      "                           assigned identity, its credentials listed from the API; FILE:\n"
      "                           the API's list answer or `az identity federated-credential\n"
      "                           list` output. Exit 7 when none matches.\n"
      "                           Example: restoredesk-cli fic test --token - --credentials fics.json\n"
      "  fic create --identity ID --token TOKEN|- [--name NAME] [--yes] [--replace]\n"
      "                           Create the credential that would accept the token (its iss and\n"
      "                           sub; its aud when it names one, else api://AzureADTokenExchange)\n"
      "                           after the access pre-check; recorded in the audit log before\n"
      "                           and after. Shows the request and asks first unless --yes (which\n"
      "                           a token on standard input needs). A name already taken is\n"
      "                           refused unless --replace.\n"
      "  access check --scope ID [--operation OP]\n"
      "                           What you may do at a subscription, resource group or resource,\n"
      "                           and why: each needed action allowed (by which role or pattern),\n"
      "                           denied (with the roles that would grant it) or cannot tell. With\n"
      "                           --operation: exit 0 allowed, 6 denied, 1 cannot tell. Without:\n"
      "                           exit 6 when nothing is allowed (some denied, the rest cannot be\n"
      "                           told), else 0. OP: read,\n"
      "                           backup, validate-restore, restore, cancel-job, change-policy,\n"
      "                           delete-backup-data, manage-federated-credentials,\n"
      "                           create-federated-credential, read-activity-log, read-access.\n"
      "                           Example: restoredesk-cli access check --scope /subscriptions/…/\n"
      "                           resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v\n"
      "                           --operation restore\n"
      "\n"
      "Global options:\n"
      "  --profile NAME           Use a saved profile (default: the console's current one).\n"
      "  --issuer URL             Run without a saved profile: the OpenID issuer ...\n"
      "  --client-id ID           ... its public client id ...\n"
      "  --scopes \"S1 S2\"         ... the scopes (default: openid profile offline_access) ...\n"
      "  --api-base URL           ... and the backup API's base URL (required with --issuer:\n"
      "                           https://management.azure.com for Azure). With --access-token\n"
      "                           TOKEN alone it needs no profile and no sign-in.\n"
      "  --ca-bundle FILE         Extra trusted CA certificates (PEM).\n"
      "  --prompt VALUE           OIDC prompt (e.g. consent, for IdPs that grant offline_access\n"
      "                           only then).\n"
      "  --access-token TOKEN     Use this access token (also RESTOREDESK_ACCESS_TOKEN).\n"
      "  --timeout SECONDS        How long login waits for the browser (default 300).\n"
      "  --request-timeout SECONDS\n"
      "                           How long each try of an API request waits for its answer\n"
      "                           (default 60, 5 to 600; sign-in's requests keep 30). A restore\n"
      "                           whose answer is lost is looked for in the vault's jobs until\n"
      "                           this has passed since it was sent (or until the answer was\n"
      "                           lost, if later), plus --reconcile-grace.\n"
      "  --config FILE            Settings file (default: the application's).\n"
      "  --output text|json       Output format (default: text).\n"
      "  --allow-core-dumps       Allow core dumps and debugger attach (debugging only: tokens\n"
      "                           may end up in core files).\n"
      "  --audit-log FILE         The audit log (default: settings [audit] path, then the\n"
      "                           data folder's audit.jsonl; also RESTOREDESK_AUDIT_LOG).\n"
      "  --no-keychain            Do not read the audit key (records then carry no MAC; a log\n"
      "                           that is already signed is then not written, and verbs that\n"
      "                           need an audit record fail).\n"
      "  --stats                  After an API verb, print the transport's counters to standard\n"
      "                           error (requests, retries, renewals, peak concurrency, time).\n"
      "  -h, --help               Show this help.\n"
      "  -v, --version            Show the version.\n"
      "\n"
      "Exit codes: 0 ok, 1 failure, 2 usage error, 3 authentication failed, 4 audit chain broken,\n"
      "5 a waited-on job failed, was cancelled or ended with warnings, 6 permission denied,\n"
      "7 no federated credential matches, 8 audit log intact but with integrity incidents,\n"
      "9 the output could not be written (a full disk, a closed pipe): a change made is made (do not\n"
      "repeat it, see the audit log); a listing may have stopped before its end (the reason on\n"
      "stderr, except for a closed pipe). Standard\n"
      "error never shows a token: every line passes the same redaction as the logs.\n";

} // namespace

namespace {

int runCommand(QTextStream &out, QTextStream &err);

// Whether what the command printed reached its file, pipe or terminal. A full disk, a closed pipe
// or a failing device is an error a script must see, not a listing cut short under exit 0: exit 9
// (OutputLost), which no other outcome uses, so a script can tell "done, but its report is lost"
// (a restore sent, recorded in the audit log) from "failed". A command that failed keeps its code.
// A reader that went away (EPIPE, as `| head` does) is not reported on standard error.
int checkedExit(QTextStream &out, QTextStream &err, int code)
{
    int error = 0;
    const QString why = unwrittenOutput(out, &error);
    if (why.isEmpty())
        return code;
    if (error != EPIPE) { // a reader that went away: quiet
        err << "restoredesk-cli: could not write the output: " << why;
        if (code == Ok)
            err << " (the command itself succeeded)";
        err << '\n';
        err.flush();
    }
    return code == Ok ? OutputLost : code;
}

// Ends the process once the command is over. By then everything the command made is gone with
// its scope (settings synced, audit records written and synced, its formatting threads joined)
// and both streams are flushed; what a return from main() would still run is the teardown of Qt
// and of its libraries (the application object, idle pool threads, static destructors), which an
// ending process does not need: skipping it took about 2 ms off the 1x estate listing (15
// alternating runs each, tests/bench/RESULTS.md). Nothing may outlive runCommand() that
// needs its destructor to keep what it holds (a QSettings, a QTemporaryFile, a buffered file).
#if !defined(RD_SANITIZED_BUILD)
[[noreturn]] void endProcess(int code)
{
    std::fflush(nullptr); // nothing here writes through stdio; were anything to, it is not lost
    ::_exit(code);
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    // Before anything opens a file: printed text must never land in the next file opened.
    const int closedAtStart = ensureStandardDescriptors();
    if (closedAtStart < 0) {
        std::fputs("restoredesk-cli: a standard descriptor is closed and /dev/null cannot be opened in "
                   "its place\n",
                   stderr);
        return Cli::Failure;
    }
    if ((closedAtStart & (1 << 2)) != 0)
        Cli::standardErrorWasClosed();
    installRedactingMessageHandler(LogSink::StandardError);
    // Tokens live in this process's memory: no core files, no same-user ptrace.
    bool allowDumps = false;
    for (int i = 1; i < argc; ++i)
        allowDumps = allowDumps || qstrcmp(argv[i], "--allow-core-dumps") == 0;
    if (!allowDumps)
        disableCoreDumps();
    // A file-size limit fails the audit write (and so the action) instead of killing the process.
    ignoreFileSizeSignal();
#if defined(SIGPIPE)
    // A reader that goes away (`| head`) is an error the command reports (checkedExit), the same
    // for every command, not a kill for some and EPIPE for others (Qt ignores SIGPIPE once a
    // socket is written).
    std::signal(SIGPIPE, SIG_IGN);
#endif
#if defined(__GLIBC__)
    // One short-lived process: an estate listing allocates pages on worker threads and frees them
    // on this one, and glibc's defaults hand that memory back to the system and take it again
    // page after page (mprotect, munmap and page faults were a tenth of a large listing's time).
    // Keep freed memory for reuse; the system gets it all back when the command exits.
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    // And that memory in 2 MB pages where the system gives them on request: the main heap's now,
    // each worker thread's arena when it first parses or formats a page. A first touch of each
    // 4 KB page is a page fault, and faults were a third of a listing's CPU time (HugePageHeap).
    HugePageHeap::adviseMainHeap(8 * 1024 * 1024);
#endif
    QCoreApplication app(argc, argv);
    // No window to keep responsive: answers are handled as they arrive, not a slice per turn.
    TurnPacer::setPacing(false);
    // Counted sentences read "1 vault" and "2 vaults", not "1 vault(s)" (see EnglishPlurals).
    QCoreApplication::installTranslator(new RestoreDesk::Text::EnglishPlurals(&app));
    QCoreApplication::setApplicationName(QStringLiteral("restoredesk"));
    QCoreApplication::setOrganizationDomain(QString::fromLatin1(kOrganizationDomain));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    // The devices before the streams, which flush into them when they go.
    Cli::ClosedOutput closedOutput;
    Cli::StandardStream standardOutput(STDOUT_FILENO);
    QTextStream out(&standardOutput);
    if ((closedAtStart & (1 << 1)) != 0) // standard output (see ClosedOutput)
        out.setDevice(&closedOutput);
    Cli::RedactingDevice errDevice(STDERR_FILENO);
    QTextStream err(&errDevice);
    const int code = checkedExit(out, err, runCommand(out, err));
    err.flush();
    errDevice.close(); // a last line without its newline
#if defined(RD_SANITIZED_BUILD)
    return code; // the whole teardown, as the sanitizers check it
#else
    endProcess(code);
#endif
}

namespace {

int runCommand(QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption helpOption({ QStringLiteral("h"), QStringLiteral("help") },
                                        QStringLiteral("help"));
    const QCommandLineOption versionOption({ QStringLiteral("v"), QStringLiteral("version") },
                                           QStringLiteral("version"));
    const QCommandLineOption outputOption(QStringLiteral("output"), QStringLiteral("format"),
                                          QStringLiteral("format"), QStringLiteral("text"));
    auto valueOption = [](const char *name) {
        return QCommandLineOption(QLatin1String(name), QString(), QStringLiteral("value"));
    };
    const QCommandLineOption profileOption = valueOption("profile");
    const QCommandLineOption issuerOption = valueOption("issuer");
    const QCommandLineOption clientIdOption = valueOption("client-id");
    const QCommandLineOption scopesOption = valueOption("scopes");
    const QCommandLineOption apiBaseOption = valueOption("api-base");
    const QCommandLineOption caBundleOption = valueOption("ca-bundle");
    const QCommandLineOption promptOption = valueOption("prompt");
    const QCommandLineOption accessTokenOption = valueOption("access-token");
    const QCommandLineOption timeoutOption = valueOption("timeout");
    const QCommandLineOption requestTimeoutOption = valueOption("request-timeout");
    const QCommandLineOption configOption = valueOption("config");
    const QCommandLineOption browserCommandOption = valueOption("browser-command");
    const QCommandLineOption noBrowserOption(QStringLiteral("no-browser"), QString());
    const QCommandLineOption dumpsOption(QStringLiteral("allow-core-dumps"), QString());
    const QCommandLineOption statsOption(QStringLiteral("stats"), QString());
    // Options of single verbs (token inspect, fic test); the verbs read them through ctx.parser.
    const QCommandLineOption verifyOption(QStringLiteral("verify"), QString());
    const QCommandLineOption jwksOption = valueOption("jwks");
    const QCommandLineOption tokenOption = valueOption("token");
    const QCommandLineOption credentialsOption = valueOption("credentials");
    // Asked-before-changing verbs (fic create) take --yes; fic create also --replace.
    // --yes answers the confirmation of every verb that asks (restore, jobs cancel, fic create).
    const QCommandLineOption yesOption(QStringLiteral("yes"), QString());
    const QCommandLineOption replaceOption(QStringLiteral("replace"), QString());
    // --identity is declared once, with the audit filters (auditOptions()); fic test reads it too.
    parser.addOptions(
        { helpOption,        versionOption, outputOption,  profileOption,        issuerOption,
          clientIdOption,    scopesOption,  apiBaseOption, caBundleOption,       promptOption,
          accessTokenOption, timeoutOption, configOption,  browserCommandOption, noBrowserOption,
          dumpsOption,       verifyOption,  jwksOption,    tokenOption,          credentialsOption,
          statsOption,       yesOption,     replaceOption, requestTimeoutOption });
    parser.addOptions(auditOptions());
    parser.addOptions(estateOptions());
    parser.addOptions(accessOptions());
    parser.addOptions(restoreOptions());
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("command"));

    if (!parser.parse(QCoreApplication::arguments())) {
        err << "restoredesk-cli: " << parser.errorText() << "\n\n" << kUsage;
        return Usage;
    }
    if (parser.isSet(helpOption)) {
        // `restoredesk-cli NOUN [VERB] --help`: that verb's help; otherwise the overview.
        const QStringList words = parser.positionalArguments();
        QString verbHelp = estateHelp(words);
        if (verbHelp.isEmpty())
            verbHelp = jobsHelp(words);
        if (verbHelp.isEmpty())
            verbHelp = restoreHelp(words);
        out << (verbHelp.isEmpty() ? QString::fromLatin1(kUsage) : verbHelp);
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
    GlobalOptions options;
    options.profile = parser.value(profileOption);
    options.issuer = parser.value(issuerOption);
    options.clientId = parser.value(clientIdOption);
    options.scopes = parser.value(scopesOption);
    options.apiBase = parser.value(apiBaseOption);
    options.caBundle = parser.value(caBundleOption);
    options.prompt = parser.value(promptOption);
    options.config = parser.value(configOption);
    options.accessToken = parser.isSet(accessTokenOption) ? parser.value(accessTokenOption)
                                                          : qEnvironmentVariable("RESTOREDESK_ACCESS_TOKEN");
    options.noBrowser = parser.isSet(noBrowserOption);
    options.auditLog = parser.value(QStringLiteral("audit-log"));
    options.noKeychain = parser.isSet(QStringLiteral("no-keychain"));
    options.stats = parser.isSet(statsOption);
    if (parser.isSet(browserCommandOption)) {
        const auto words = splitShellWords(parser.value(browserCommandOption));
        if (!words || words->isEmpty()) {
            err << "restoredesk-cli: --browser-command "
                << (words ? QStringLiteral("is empty") : Text::describe(words.error())) << '\n';
            return Usage;
        }
        options.browserCommand = words.value();
    }
    if (parser.isSet(timeoutOption)) {
        bool ok = false;
        options.timeoutSeconds = parser.value(timeoutOption).toInt(&ok);
        if (!ok || options.timeoutSeconds < 1) {
            err << "restoredesk-cli: --timeout needs a number of seconds\n";
            return Usage;
        }
    }
    if (parser.isSet(requestTimeoutOption)) {
        bool ok = false;
        options.requestTimeoutSeconds = parser.value(requestTimeoutOption).toInt(&ok);
        if (!ok || options.requestTimeoutSeconds < kMinRequestTimeoutSeconds
            || options.requestTimeoutSeconds > kMaxRequestTimeoutSeconds) {
            err << "restoredesk-cli: --request-timeout needs a number of seconds from "
                << kMinRequestTimeoutSeconds << " to " << kMaxRequestTimeoutSeconds << '\n';
            return Usage;
        }
    }
    Context ctx { args, format == QLatin1String("json") ? OutputFormat::Json : OutputFormat::Text, out, err };
    ctx.parser = &parser;
    if (command == QLatin1String("token"))
        return runTokenCommand(ctx, options);
    if (command == QLatin1String("audit"))
        return runAuditCommand(ctx, options, parser);
    if (command == QLatin1String("fic"))
        return runFicCommand(ctx, options);
    if (isEstateCommand(command))
        return runEstateCommand(ctx, options, command);
    if (command == QLatin1String("jobs"))
        return runJobsCommand(ctx, options);
    if (command == QLatin1String("access"))
        return runAccessCommand(ctx, options);
    if (command == QLatin1String("restore"))
        return runRestoreCommand(ctx, options);
    if (!args.isEmpty()) {
        err << "restoredesk-cli " << command << ": unexpected argument '" << args.first() << "'\n";
        return Usage;
    }
    if (command == QLatin1String("login"))
        return runLogin(ctx, options);
    if (command == QLatin1String("whoami"))
        return runWhoami(ctx, options);
    if (command == QLatin1String("logout"))
        return runLogout(ctx, options);
    err << "restoredesk-cli: unknown command '" << command << "'\n\n" << kUsage;
    return Usage;
}

} // namespace
