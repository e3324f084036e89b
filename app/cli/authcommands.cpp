#include "authcommands.h"

#include "auditcommands.h"
#include "auth/autherrors.h"
#include "clisession.h"
#include "core/qtcompat.h"
#include "core/shellwords.h"
#include "jose/jwt.h"
#include "text/errortext.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QProcess>
#include <QTimer>

namespace RestoreDesk::Cli {

namespace {

int authFailure(Context &ctx, const char *command, const Error &e)
{
    ctx.err << "restoredesk-cli " << command << ": " << Text::describe(e) << '\n';
    return authExitCode(e);
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
    if (session.persistence() != Auth::Session::Persistence::Keychain
        && !session.persistenceReason().code.isEmpty())
        ctx.out << "  note:     " << Text::headline(session.persistenceReason()) << '\n';
}

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
    auto store = openProfileStore(o);
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
    const auto result = waitFor<void>([&](auto done) { session.signIn(done); });
    if (browser.state() != QProcess::NotRunning && !browser.waitForFinished(15000))
        browser.kill();
    if (!result) {
        recordEvent(ctx, o, Audit::EventType::SignIn, Audit::Outcome::Failed, {}, profile->issuer,
                    { { QStringLiteral("profile"), profile->name },
                      { QStringLiteral("error"), result.error().code } });
        return authFailure(ctx, "login", result.error());
    }
    recordEvent(ctx, o, Audit::EventType::SignIn, Audit::Outcome::Succeeded, identityOf(session),
                profile->issuer,
                { { QStringLiteral("profile"), profile->name },
                  { QStringLiteral("idTokenVerified"), session.identityVerified() } });
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
    const auto resumed = waitFor<void>([&](auto done) { session.resume(done); });
    if (!resumed) {
        if (resumed.error().code != Auth::Codes::NotSignedIn)
            recordEvent(ctx, o, Audit::EventType::SessionResumed, Audit::Outcome::Failed, {}, profile->issuer,
                        { { QStringLiteral("error"), resumed.error().code } });
        return authFailure(ctx, "whoami", resumed.error());
    }
    recordEvent(ctx, o, Audit::EventType::SessionResumed, Audit::Outcome::Succeeded, identityOf(session),
                profile->issuer, { { QStringLiteral("profile"), profile->name } });
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
    // No resume first: sign-out finishes the saved entry whether or not it can be refreshed.
    // The identity on record is the one the saved entry names.
    Audit::Identity who;
    who.issuer = profile->issuer;
    who.subject = cli.store->lastSubject(profile->issuer, profile->clientId);
    const bool known = !who.subject.isEmpty();
    // One recorder for both records, so the outcome refers to its request ("ref").
    std::unique_ptr<Audit::AuditTrail> trail;
    std::optional<Audit::RecordRef> requested;
    if (known) {
        trail = openAuditTrail(o, ctx.err);
        auto ref = trail->requested(Audit::EventType::SignOut, who, profile->issuer,
                                    { { QStringLiteral("profile"), profile->name } }, QString());
        if (ref)
            requested = ref.value();
        else
            ctx.err << "restoredesk-cli: warning: not recorded in the audit log: "
                    << Text::describe(ref.error()) << '\n';
    }
    std::optional<Auth::SignOutReport> report;
    QEventLoop loop;
    session.signOut([&](Auth::SignOutReport r) {
        report = r;
        loop.quit();
    });
    if (!report)
        loop.exec();
    using R = Auth::SignOutReport;
    if (known) {
        const QString outcome = report->complete() ? Audit::Outcome::Succeeded : Audit::Outcome::Failed;
        const auto written = requested
            ? trail->outcome(*requested, outcome, {}, report->toJson())
            : trail->event(Audit::EventType::SignOut, outcome, who, profile->issuer, report->toJson());
        if (!written)
            ctx.err << "restoredesk-cli: warning: not recorded in the audit log: "
                    << Text::describe(written.error()) << '\n';
    }
    if (report->revocation == R::Revocation::NothingToRevoke
        && report->keychain == R::Keychain::NothingStored) {
        ctx.out << "Not signed in to " << profile->issuer << ".\n";
        return Ok;
    }
    switch (report->revocation) {
    case R::Revocation::Revoked:
        ctx.out << "The refresh token was revoked at " << profile->issuer << ".\n";
        break;
    case R::Revocation::NotOffered:
        ctx.out << profile->issuer
                << " offers no revocation: the refresh token stays valid there until it expires"
                << (report->refreshTokenValidUntil.isValid()
                        ? QStringLiteral(" (%1)").arg(report->refreshTokenValidUntil.toString(Qt::ISODate))
                        : QString())
                << ".\n";
        break;
    case R::Revocation::Failed:
        ctx.err << "restoredesk-cli logout: revoking the refresh token failed: "
                << Text::describe(report->revocationError) << '\n';
        break;
    case R::Revocation::NothingToRevoke:
        break;
    }
    switch (report->keychain) {
    case R::Keychain::Removed:
        ctx.out << "The keychain entry was removed.\n";
        break;
    case R::Keychain::NothingStored:
        ctx.out << "Nothing was stored in the keychain.\n";
        break;
    case R::Keychain::Unavailable:
        ctx.err << "restoredesk-cli logout: the keychain could not be reached ("
                << Text::describe(report->keychainError)
                << "); the entry may remain. Run logout again once the keychain is unlocked.\n";
        break;
    }
    return report->complete() ? Ok : Failure;
}

} // namespace RestoreDesk::Cli
