#include "ficcommand.h"

#include "access/accesscodes.h"
#include "access/accessservice.h"
#include "access/credentialservice.h"
#include "access/federatedcredentialmatcher.h"
#include "access/tokeninspection.h"
#include "accesscommand.h"
#include "apiaccess.h"
#include "auditcommands.h"
#include "clisession.h"
#include "core/jsonutil.h"
#include "text/errortext.h"
#include "text/fictext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QUuid>

namespace RestoreDesk::Cli {

namespace {

constexpr qint64 kMaxToken = 1024 * 1024;

QString outcomeKey(Access::FieldCheck::Outcome o)
{
    using O = Access::FieldCheck::Outcome;
    switch (o) {
    case O::Match:
        return QStringLiteral("match");
    case O::Missing:
        return QStringLiteral("missing");
    case O::TrailingSlash:
        return QStringLiteral("trailing_slash");
    case O::CaseOnly:
        return QStringLiteral("case_only");
    case O::SubjectForm:
        return QStringLiteral("subject_form");
    case O::PatternMismatch:
        return QStringLiteral("pattern_mismatch");
    case O::Different:
        return QStringLiteral("different");
    }
    return {};
}

QString fieldKey(const Access::FieldCheck &f)
{
    switch (f.field) {
    case Access::FieldCheck::Field::Issuer:
        return QStringLiteral("issuer");
    case Access::FieldCheck::Field::Subject:
        return QStringLiteral("subject");
    case Access::FieldCheck::Field::Audience:
        return QStringLiteral("audience");
    case Access::FieldCheck::Field::Clause:
        return QStringLiteral("claim");
    }
    return {};
}

QString timeKey(Access::AssertionTime::Outcome o)
{
    switch (o) {
    case Access::AssertionTime::Outcome::Valid:
        return QStringLiteral("valid");
    case Access::AssertionTime::Outcome::Expired:
        return QStringLiteral("expired");
    case Access::AssertionTime::Outcome::NotYetValid:
        return QStringLiteral("not_yet_valid");
    case Access::AssertionTime::Outcome::MissingExp:
        return QStringLiteral("missing_exp");
    }
    return {};
}

QJsonObject checkJson(const Access::CredentialCheck &c)
{
    QJsonArray fields;
    for (const Access::FieldCheck &f : c.fields) {
        QJsonObject o { { QStringLiteral("field"), fieldKey(f) },
                        { QStringLiteral("claim"), f.claim },
                        { QStringLiteral("outcome"), outcomeKey(f.outcome) },
                        { QStringLiteral("expected"), f.expected },
                        { QStringLiteral("actual"), f.actual } };
        if (!f.matches()) {
            o.insert(QStringLiteral("diff"), f.diff.annotated());
            o.insert(QStringLiteral("message"), Text::fieldOutcomeText(f));
        }
        if (!f.expectedForm.isEmpty())
            o.insert(QStringLiteral("expectedForm"), f.expectedForm);
        if (!f.actualForm.isEmpty())
            o.insert(QStringLiteral("actualForm"), f.actualForm);
        fields.append(o);
    }
    const Access::FederatedCredential &cred = c.credential;
    QJsonObject o { { QStringLiteral("name"), cred.name },
                    { QStringLiteral("id"), cred.id },
                    { QStringLiteral("issuer"), cred.issuer },
                    { QStringLiteral("audiences"), QJsonArray::fromStringList(cred.audiences) },
                    { QStringLiteral("matches"), c.matches },
                    { QStringLiteral("aadsts"), c.aadsts.isEmpty() ? QJsonValue() : QJsonValue(c.aadsts) },
                    { QStringLiteral("fields"), fields } };
    if (cred.isFlexible())
        o.insert(QStringLiteral("claimsMatchingExpression"), cred.claimsMatchingExpression);
    else
        o.insert(QStringLiteral("subject"), cred.subject);
    if (c.expressionError)
        o.insert(QStringLiteral("expressionError"), Text::describe(*c.expressionError));
    return o;
}

// The verdict over `credentials`, printed; 0 when one matches, 7 when none does.
int report(Context &ctx, const QList<Access::FederatedCredential> &credentials, const QJsonObject &claims,
           const QString &source)
{
    const Access::FicVerdict v = Access::matchFederatedCredentials(credentials, claims);
    const bool matched = v.matchIndex >= 0;
    if (ctx.output == OutputFormat::Json) {
        QJsonArray checks;
        for (const Access::CredentialCheck &c : v.checks)
            checks.append(checkJson(c));
        QJsonObject o {
            { QStringLiteral("token"),
              QJsonObject { { QStringLiteral("iss"), claims.value(QStringLiteral("iss")) },
                            { QStringLiteral("sub"), claims.value(QStringLiteral("sub")) },
                            { QStringLiteral("aud"), claims.value(QStringLiteral("aud")) } } },
            { QStringLiteral("source"), source },
            { QStringLiteral("matched"),
              matched ? QJsonValue(v.checks.at(v.matchIndex).credential.name) : QJsonValue() },
            { QStringLiteral("nearest"),
              v.nearestIndex >= 0 ? QJsonValue(v.checks.at(v.nearestIndex).credential.name) : QJsonValue() },
            { QStringLiteral("aadsts"), v.aadsts.isEmpty() ? QJsonValue() : QJsonValue(v.aadsts) },
            { QStringLiteral("exchangeWouldSucceed"), v.succeeds() },
            { QStringLiteral("time"),
              QJsonObject { { QStringLiteral("outcome"), timeKey(v.time.outcome) },
                            { QStringLiteral("seconds"), v.time.seconds } } },
            { QStringLiteral("message"), Text::verdictText(v) },
            { QStringLiteral("credentials"), checks }
        };
        ctx.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        ctx.out << "Token: iss " << claims.value(QStringLiteral("iss")).toString() << ", sub "
                << claims.value(QStringLiteral("sub")).toString() << ", aud "
                << Json::stringList(claims.value(QStringLiteral("aud"))).join(QStringLiteral(", ")) << '\n';
        ctx.out << "Credentials: " << source << '\n';
        ctx.out << Text::verdictText(v) << '\n';
        if (v.time.outcome != Access::AssertionTime::Outcome::Valid)
            ctx.out << Text::assertionTimeText(v.time) << '\n';
        ctx.out << '\n';
        for (const Access::CredentialCheck &c : v.checks) {
            const QString mark = c.matches ? QStringLiteral("match") : c.aadsts;
            ctx.out << "  " << mark.leftJustified(14) << ' ' << c.credential.name << "  "
                    << (c.credential.isFlexible() ? c.credential.claimsMatchingExpression
                                                  : c.credential.subject)
                    << '\n';
        }
    }
    return matched ? Ok : NoCredentialMatch;
}

// --token TOKEN or '-': the workload token's inspection, or nothing with what went wrong already
// said and its exit code in `code` (Failure when standard input could not be read, else Usage).
std::optional<Access::TokenInspection> readToken(Context &ctx, const char *verb, int *code)
{
    *code = Usage;
    const QString tokenArg = ctx.parser->value(QStringLiteral("token"));
    QByteArray token = tokenArg.toUtf8();
    if (tokenArg == QLatin1String("-")) {
        auto input = readStandardInput(kMaxToken);
        if (!input) {
            ctx.err << "fic " << verb << ": " << standardInputError(input.error()) << '\n';
            *code = Failure;
            return std::nullopt;
        }
        token = std::move(input).value();
    }
    auto inspection = Access::inspectToken(token);
    if (!inspection) {
        ctx.err << "fic " << verb << ": the token: " << Text::describe(inspection.error()) << '\n';
        return std::nullopt;
    }
    return std::move(inspection).value();
}

// The identity's credentials from the API (every page).
Result<QList<Access::FederatedCredential>> listCredentials(ApiAccess &api,
                                                           const Access::UserAssignedIdentity &identity)
{
    Access::CredentialService service(&api.arm());
    QObject owner;
    return waitFor<QList<Access::FederatedCredential>>(
        [&](auto done) { service.list(identity, &owner, done); });
}

int test(Context &ctx, const GlobalOptions &options)
{
    const QCommandLineParser &p = *ctx.parser;
    if (!p.isSet(QStringLiteral("token"))) {
        ctx.err << "fic test: --token TOKEN (or '-' for standard input) is required\n";
        return Usage;
    }
    if (p.isSet(QStringLiteral("identity")) == p.isSet(QStringLiteral("credentials"))) {
        ctx.err << "fic test: give either --identity ID or --credentials FILE\n";
        return Usage;
    }
    std::optional<Access::UserAssignedIdentity> identity;
    if (p.isSet(QStringLiteral("identity"))) {
        auto parsed = Access::UserAssignedIdentity::parse(p.value(QStringLiteral("identity")));
        if (!parsed) {
            ctx.err << "fic test: " << Text::describe(parsed.error()) << '\n';
            return Usage;
        }
        identity = parsed.value();
    }
    int unreadCode = Usage;
    const auto inspection = readToken(ctx, "test", &unreadCode);
    if (!inspection)
        return unreadCode;
    const QJsonObject &claims = inspection->jwt.claims;
    if (identity) {
        auto api = ApiAccess::open(options);
        if (!api) {
            ctx.err << "restoredesk-cli fic test: " << Text::describe(api.error()) << '\n';
            return authExitCode(api.error());
        }
        const auto credentials = listCredentials(*api.value(), *identity);
        const QString operation = QStringLiteral("federated-credential-exchange");
        if (!credentials) {
            recordPermissionCheck(ctx, options, api.value()->identity(), identity->id, operation,
                                  apiExitCode(credentials.error()) == PermissionDenied
                                      ? QStringLiteral("denied")
                                      : QStringLiteral("failed"),
                                  { { QStringLiteral("error"), credentials.error().code } });
            ctx.err << "restoredesk-cli fic test: listing the credentials of " << identity->id << ": "
                    << Text::describe(credentials.error()) << '\n';
            return accessExitCode(credentials.error());
        }
        // Who asked whether which workload (issuer and subject, never the token) may sign in as
        // the identity, and the answer.
        const Access::FicVerdict verdict = Access::matchFederatedCredentials(credentials.value(), claims);
        QJsonObject more { { QStringLiteral("workloadIssuer"), claims.value(QStringLiteral("iss")) },
                           { QStringLiteral("workloadSubject"), claims.value(QStringLiteral("sub")) } };
        if (verdict.matchIndex >= 0)
            more.insert(QStringLiteral("matched"), verdict.checks.at(verdict.matchIndex).credential.name);
        else if (!verdict.aadsts.isEmpty())
            more.insert(QStringLiteral("aadsts"), verdict.aadsts);
        recordPermissionCheck(ctx, options, api.value()->identity(), identity->id, operation,
                              verdict.matchIndex >= 0 ? QStringLiteral("allowed") : QStringLiteral("denied"),
                              more);
        return report(ctx, credentials.value(), claims, identity->id);
    }
    const QString path = p.value(QStringLiteral("credentials"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ctx.err << "fic test: " << path << " could not be read: " << file.errorString() << '\n';
        return Failure;
    }
    const auto credentials = Access::FederatedCredential::listFromJson(
        file.read(Access::FederatedCredential::kMaxDocumentSize + 1));
    if (!credentials) {
        ctx.err << "fic test: " << path << ": " << Text::describe(credentials.error()) << '\n';
        return Failure;
    }
    return report(ctx, credentials.value(), claims, path);
}

int create(Context &ctx, const GlobalOptions &options)
{
    const QCommandLineParser &p = *ctx.parser;
    if (!p.isSet(QStringLiteral("identity")) || !p.isSet(QStringLiteral("token"))) {
        ctx.err << "fic create: --identity ID and --token TOKEN|- are required\n";
        return Usage;
    }
    auto identity = Access::UserAssignedIdentity::parse(p.value(QStringLiteral("identity")));
    if (!identity) {
        ctx.err << "fic create: " << Text::describe(identity.error()) << '\n';
        return Usage;
    }
    int unreadCode = Usage;
    const auto inspection = readToken(ctx, "create", &unreadCode);
    if (!inspection)
        return unreadCode;
    Access::FederatedCredential proposal
        = Access::FederatedCredential::proposeFromToken(inspection->jwt.claims);
    if (p.isSet(QStringLiteral("name")))
        proposal.name = p.value(QStringLiteral("name"));
    if (!Access::FederatedCredential::isValidName(proposal.name)) {
        ctx.err << "fic create: "
                << Text::describe(Error::make(Error::Kind::Invalid, Access::Codes::InvalidCredentialName, {},
                                              { proposal.name }))
                << '\n';
        return Usage;
    }

    auto opened = ApiAccess::open(options);
    if (!opened) {
        ctx.err << "restoredesk-cli fic create: " << Text::describe(opened.error()) << '\n';
        return authExitCode(opened.error());
    }
    ApiAccess &api = *opened.value();
    // The right first (the server still rules): a "no" stops here and is recorded as such.
    Access::AccessService access(&api.arm());
    access.setCaller(api.caller());
    QObject owner;
    const Access::BackupOperation &createOp
        = Access::BackupOperation::get(Access::BackupOperation::Id::CreateFederatedCredential);
    const auto allowed = waitFor<Access::AccessCheck>(
        [&](auto done) { access.check(createOp, identity->id, {}, &owner, done); });
    if (!allowed) {
        ctx.err << "restoredesk-cli fic create: checking the right: " << Text::describe(allowed.error())
                << '\n';
        return accessExitCode(allowed.error());
    }
    if (allowed->denied()) {
        QStringList missing;
        for (const Access::RequirementCheck &r : allowed->check.missing())
            missing << r.action;
        recordEvent(ctx, options, Audit::EventType::PermissionCheck, Audit::Outcome::Denied, api.identity(),
                    identity->id,
                    { { QStringLiteral("operation"), createOp.key },
                      { QStringLiteral("missing"), QJsonArray::fromStringList(missing) } });
        ctx.err << "restoredesk-cli fic create: denied at " << identity->id << ": missing "
                << missing.join(QStringLiteral(", ")) << '\n';
        return PermissionDenied;
    }
    if (allowed->cannotTell())
        ctx.err << "fic create: whether you may create credentials there cannot be told beforehand; the "
                   "service decides\n";

    const auto existing = listCredentials(api, identity.value());
    if (!existing) {
        ctx.err << "restoredesk-cli fic create: listing the credentials of " << identity->id << ": "
                << Text::describe(existing.error()) << '\n';
        return accessExitCode(existing.error());
    }
    const bool replace = p.isSet(QStringLiteral("replace"));
    bool replacing = false;
    for (const Access::FederatedCredential &c : existing.value())
        replacing = replacing || c.name.compare(proposal.name, Qt::CaseInsensitive) == 0;
    if (const auto valid
        = Access::FederatedCredential::validateNew(proposal, existing.value(),
                                                   replace ? Access::FederatedCredential::Replace::Allow
                                                           : Access::FederatedCredential::Replace::Refuse);
        !valid) {
        ctx.err << "fic create: " << Text::describe(valid.error()) << '\n';
        return Failure;
    }

    Access::CredentialService credentials(&api.arm());
    const QString target = identity->credentialPath(proposal.name);
    const QString correlation = QUuid::createUuid().toString(QUuid::WithoutBraces);
    ctx.err << (replacing ? "Replacing federated credential " : "Creating federated credential ")
            << proposal.name << " on " << identity->id << ":\n  issuer    " << proposal.issuer
            << "\n  subject   " << proposal.subject << "\n  audiences "
            << proposal.audiences.join(QStringLiteral(", ")) << "\n  PUT "
            << credentials.urlFor(target).toString(QUrl::RemoveQuery) << '\n';
    if (const QString note = Text::proposalAudienceWarning(proposal); !note.isEmpty())
        ctx.err << "  note: " << note << '\n';
    // Asked, unless --yes: the token may have come on standard input, and then there is no one to ask.
    if (!p.isSet(QStringLiteral("yes"))) {
        if (p.value(QStringLiteral("token")) == QLatin1String("-")) {
            ctx.err << "fic create: the token came on standard input, so the confirmation cannot be asked "
                       "there; add --yes to create it\n";
            return Usage;
        }
        if (!askToConfirm(ctx, replacing ? QStringLiteral("Replace it?") : QStringLiteral("Create it?"))) {
            ctx.err << "fic create: not confirmed; nothing was created\n";
            return Failure;
        }
    }

    // Recorded before it is sent; a log that cannot be written refuses the change (fail closed).
    auto trail = openAuditTrail(options, ctx.err);
    const QJsonObject params { { QStringLiteral("identity"), identity->id },
                               { QStringLiteral("name"), proposal.name },
                               { QStringLiteral("issuer"), proposal.issuer },
                               { QStringLiteral("subject"), proposal.subject },
                               { QStringLiteral("audiences"),
                                 QJsonArray::fromStringList(proposal.audiences) } };
    const auto ref = trail->requested(Audit::EventType::CredentialCreate, api.identity(), target, params, {},
                                      { correlation });
    if (!ref) {
        ctx.err << "restoredesk-cli fic create: not recorded in the audit log, so nothing was created: "
                << Text::describe(ref.error()) << '\n';
        return Failure;
    }
    const auto written = waitFor<Access::CredentialWrite>(
        [&](auto done) { credentials.create(identity.value(), proposal, correlation, &owner, done); });
    QJsonObject outcomeParams;
    if (written) {
        outcomeParams = { { QStringLiteral("status"), written->status },
                          { QStringLiteral("created"), written->created },
                          { QStringLiteral("id"), written->credential.id } };
    } else {
        outcomeParams = { { QStringLiteral("status"), written.error().httpStatus },
                          { QStringLiteral("error"), written.error().code } };
    }
    const QString outcome = written         ? QString(Audit::Outcome::Succeeded)
        : written.error().httpStatus == 403 ? QString(Audit::Outcome::Denied)
                                            : QString(Audit::Outcome::Failed);
    if (const auto recorded = trail->outcome(ref.value(), outcome, { correlation }, outcomeParams); !recorded)
        ctx.err << "restoredesk-cli fic create: warning: the outcome was not recorded in the audit log: "
                << Text::describe(recorded.error()) << '\n';
    if (!written) {
        ctx.err << "restoredesk-cli fic create: " << Text::describe(written.error()) << '\n';
        return accessExitCode(written.error());
    }
    const Access::FederatedCredential &c = written->credential;
    if (ctx.output == OutputFormat::Json) {
        ctx.out << QJsonDocument(
                       QJsonObject { { QStringLiteral("id"), c.id },
                                     { QStringLiteral("name"), c.name },
                                     { QStringLiteral("issuer"), c.issuer },
                                     { QStringLiteral("subject"), c.subject },
                                     { QStringLiteral("audiences"), QJsonArray::fromStringList(c.audiences) },
                                     { QStringLiteral("created"), written->created },
                                     { QStringLiteral("correlationId"), written->correlationId } })
                       .toJson(QJsonDocument::Indented);
    } else {
        ctx.out << (written->created ? "Created " : "Replaced ") << c.name << '\n' << "  id " << c.id << '\n';
    }
    return Ok;
}

} // namespace

int runFicCommand(Context &ctx, const GlobalOptions &options)
{
    const QString verb = ctx.args.value(0);
    if (ctx.args.size() != 1 || !ctx.parser
        || (verb != QLatin1String("test") && verb != QLatin1String("create"))) {
        ctx.err << "usage: restoredesk-cli fic test --token TOKEN|- (--identity ID | --credentials FILE)\n"
                   "       restoredesk-cli fic create --identity ID --token TOKEN|- [--name NAME]\n";
        return Usage;
    }
    return verb == QLatin1String("test") ? test(ctx, options) : create(ctx, options);
}

} // namespace RestoreDesk::Cli
