#include "authcommands.h"

#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "core/qtcompat.h"
#include "core/shellwords.h"
#include "jose/jwt.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTimer>

namespace RestoreDesk::Cli {

namespace {

std::unique_ptr<Auth::ProfileStore> openStore(const GlobalOptions &o)
{
    return o.config.isEmpty() ? std::make_unique<Auth::ProfileStore>()
                              : std::make_unique<Auth::ProfileStore>(o.config);
}

// Runs the event loop until `job` reports.
template<typename T>
Result<T> wait(std::function<void(std::function<void(Result<T>)>)> job)
{
    std::optional<Result<T>> result;
    QEventLoop loop;
    job([&](Result<T> r) {
        result = std::move(r);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}

int authFailure(Context &ctx, const char *command, const Error &e)
{
    ctx.err << "restoredesk-cli " << command << ": " << e.detail << '\n';
    if (e.kind == Error::Kind::Invalid)
        return Usage;
    return AuthFailed;
}

void printIdentity(Context &ctx, const Auth::Session &session)
{
    const QJsonObject &c = session.identity().jwt.claims;
    const QString name = c.value(QStringLiteral("name")).toString();
    const QString username = c.value(QStringLiteral("preferred_username")).toString();
    if (ctx.output == OutputFormat::Json) {
        const QJsonObject o {
            { QStringLiteral("issuer"), c.value(QStringLiteral("iss")).toString(session.profile().issuer) },
            { QStringLiteral("subject"), session.identity().subject },
            { QStringLiteral("name"), name },
            { QStringLiteral("username"), username },
            { QStringLiteral("object_id"), c.value(QStringLiteral("oid")).toString() },
            { QStringLiteral("expires_at"), session.accessTokenExpiresAt().toUTC().toString(Qt::ISODate) },
            { QStringLiteral("id_token_verified"), session.identityVerified() },
            { QStringLiteral("persistence"),
              session.persistence() == Auth::Session::Persistence::Keychain ? QStringLiteral("keychain")
                                                                            : QStringLiteral("memory") }
        };
        ctx.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return;
    }
    ctx.out << "Signed in as " << (name.isEmpty() ? session.identity().subject : name);
    if (!username.isEmpty())
        ctx.out << " (" << username << ')';
    ctx.out << "\n  issuer:   " << session.profile().issuer << "\n  subject:  " << session.identity().subject
            << "\n  expires:  " << session.accessTokenExpiresAt().toLocalTime().toString(Qt::ISODate)
            << " (access token)"
            << "\n  ID token: "
            << (session.identityVerified() ? "verified (signature, issuer, audience, expiry, nonce)"
                                           : "not verified by this client")
            << '\n';
    if (!session.persistenceNotice().isEmpty())
        ctx.out << "  note:     " << session.persistenceNotice() << '\n';
}

// What every command that talks to an issuer needs: the settings, a network manager, the
// keychain and a session for the profile. Lives for one command.
struct CliSession
{
    explicit CliSession(const GlobalOptions &o, const Auth::Profile &profile)
        : store(openStore(o))
        , keychain(QString::fromLatin1(Auth::Session::kKeychainService))
        , session(&nam, &keychain, store.get())
    {
        session.setProfile(profile);
    }
    std::unique_ptr<Auth::ProfileStore> store;
    QNetworkAccessManager nam;
    Auth::KeychainStore keychain;
    Auth::Session session;
};

} // namespace

Result<Auth::Profile> resolveProfile(const GlobalOptions &o)
{
    if (!o.issuer.isEmpty()) {
        if (o.clientId.isEmpty())
            return Error::make(Error::Kind::Invalid, QStringLiteral("usage"),
                               QStringLiteral("--issuer needs --client-id"));
        Auth::Profile p = Auth::Profile::genericOidc(o.issuer, o.clientId);
        p.name = QStringLiteral("command line");
        if (!o.scopes.isEmpty())
            p.scopes = o.scopes.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        p.apiBase = o.apiBase;
        p.caBundle = o.caBundle;
        p.prompt = o.prompt;
        p.browserCommand = o.browserCommand;
        auto valid = p.validate();
        if (!valid)
            return valid.error();
        return p;
    }
    auto store = openStore(o);
    const QString name = o.profile.isEmpty() ? store->current() : o.profile;
    if (name.isEmpty())
        return Error::make(Error::Kind::Invalid, QStringLiteral("usage"),
                           QStringLiteral("No profile: give --issuer and --client-id, or --profile NAME "
                                          "(profiles are made in the console)."));
    auto p = store->load(name);
    if (!p)
        return p.error();
    if (!o.browserCommand.isEmpty())
        p.value().browserCommand = o.browserCommand;
    if (!o.caBundle.isEmpty())
        p.value().caBundle = o.caBundle;
    if (!o.prompt.isEmpty())
        p.value().prompt = o.prompt;
    return p;
}

int runLogin(Context &ctx, const GlobalOptions &o)
{
    auto profile = resolveProfile(o);
    if (!profile)
        return authFailure(ctx, "login", profile.error());
    CliSession cli(o, profile.value());
    Auth::Session &session = cli.session;
    session.setSignInTimeout(o.timeoutSeconds * 1000);
    QProcess browser;
    QObject::connect(&session, &Auth::Session::openBrowser, &session, [&](const QUrl &url) {
        const QString link = url.toString(QUrl::FullyEncoded);
        if (o.noBrowser) {
            ctx.err << "Open this link in a browser to sign in:\n"
                    << link << "\nWaiting for the browser to come back..." << Qt::endl;
            return;
        }
        QStringList command = profile->browserCommand;
        if (command.isEmpty())
            command = { QStringLiteral("xdg-open") };
        QStringList argv = browserArguments(command, link);
        const QString program = argv.takeFirst();
        browser.setProgram(program);
        browser.setArguments(argv);
        browser.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        browser.setStandardOutputFile(QProcess::nullDevice());
        browser.start();
        if (!browser.waitForStarted(5000))
            ctx.err << "Could not start the browser (" << program << "). Open this link yourself:\n"
                    << link << Qt::endl;
        else
            ctx.err << "Signing in through the browser; waiting for it to come back..." << Qt::endl;
    });
    const auto result = wait<void>([&](auto done) { session.signIn(done); });
    if (browser.state() != QProcess::NotRunning && !browser.waitForFinished(15000))
        browser.kill();
    if (!result)
        return authFailure(ctx, "login", result.error());
    printIdentity(ctx, session);
    return Ok;
}

int runWhoami(Context &ctx, const GlobalOptions &o)
{
    if (!o.accessToken.isEmpty()) {
        const auto jwt = Jose::Jwt::parse(o.accessToken.toLatin1());
        if (!jwt)
            return authFailure(ctx, "whoami", jwt.error());
        const QJsonObject &c = jwt->claims;
        const QJsonObject out {
            { QStringLiteral("issuer"), c.value(QStringLiteral("iss")).toString() },
            { QStringLiteral("subject"), c.value(QStringLiteral("sub")).toString() },
            { QStringLiteral("name"), c.value(QStringLiteral("name")).toString() },
            { QStringLiteral("username"),
              c.value(QStringLiteral("preferred_username"))
                  .toString(c.value(QStringLiteral("upn")).toString()) },
            { QStringLiteral("expires_at"),
              Compat::fromSecsSinceEpochUtc(qint64(c.value(QStringLiteral("exp")).toDouble()))
                  .toString(Qt::ISODate) },
            { QStringLiteral("id_token_verified"), false },
            { QStringLiteral("note"),
              QStringLiteral(
                  "an access token given on the command line: decoded, not verified by this client") }
        };
        if (ctx.output == OutputFormat::Json)
            ctx.out << QJsonDocument(out).toJson(QJsonDocument::Indented);
        else
            ctx.out << "Access token for " << out.value(QStringLiteral("username")).toString() << " from "
                    << out.value(QStringLiteral("issuer")).toString() << ", expires "
                    << out.value(QStringLiteral("expires_at")).toString()
                    << "\n(decoded, not verified by this client)\n";
        return Ok;
    }
    auto profile = resolveProfile(o);
    if (!profile)
        return authFailure(ctx, "whoami", profile.error());
    CliSession cli(o, profile.value());
    Auth::Session &session = cli.session;
    session.setAutoRefresh(false);
    const auto resumed = wait<void>([&](auto done) { session.resume(done); });
    if (!resumed)
        return authFailure(ctx, "whoami", resumed.error());
    printIdentity(ctx, session);
    return Ok;
}

int runLogout(Context &ctx, const GlobalOptions &o)
{
    auto profile = resolveProfile(o);
    if (!profile)
        return authFailure(ctx, "logout", profile.error());
    CliSession cli(o, profile.value());
    Auth::Session &session = cli.session;
    session.setAutoRefresh(false);
    const auto resumed = wait<void>([&](auto done) { session.resume(done); });
    if (!resumed) {
        if (resumed.error().code == QLatin1String("not_signed_in")) {
            ctx.out << "Not signed in to " << profile->issuer << ".\n";
            return Ok;
        }
        ctx.err << "restoredesk-cli logout: the saved session could not be refreshed ("
                << resumed.error().detail << "); forgetting it locally.\n";
    }
    const auto out = wait<void>([&](auto done) { session.signOut(done); });
    if (!out)
        return authFailure(ctx, "logout", out.error());
    ctx.out << "Signed out of " << profile->issuer
            << "; the refresh token was revoked and removed from the keychain.\n";
    return Ok;
}

} // namespace RestoreDesk::Cli
