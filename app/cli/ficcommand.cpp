#include "ficcommand.h"

#include "access/federatedcredentialmatcher.h"
#include "access/tokeninspection.h"
#include "core/jsonutil.h"
#include "text/errortext.h"
#include "text/fictext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

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

} // namespace

int runFicCommand(Context &ctx)
{
    if (ctx.args.isEmpty() || ctx.args.first() != QLatin1String("test") || ctx.args.size() > 1
        || !ctx.parser) {
        ctx.err << "usage: restoredesk-cli fic test --token TOKEN|- (--identity ID | --credentials FILE)\n";
        return Usage;
    }
    const QCommandLineParser &p = *ctx.parser;
    if (!p.isSet(QStringLiteral("token"))) {
        ctx.err << "fic test: --token TOKEN (or '-' for standard input) is required\n";
        return Usage;
    }
    if (p.isSet(QStringLiteral("identity")) == p.isSet(QStringLiteral("credentials"))) {
        ctx.err << "fic test: give either --identity ID or --credentials FILE\n";
        return Usage;
    }
    if (p.isSet(QStringLiteral("identity"))) {
        ctx.err
            << "fic test: --identity needs the ARM client, which this version does not have yet; save the "
               "credentials with `az identity federated-credential list` and pass --credentials FILE\n";
        return Usage;
    }
    const QString tokenArg = p.value(QStringLiteral("token"));
    const QByteArray token
        = tokenArg == QLatin1String("-") ? readStandardInput(kMaxToken) : tokenArg.toUtf8();
    const auto inspection = Access::inspectToken(token);
    if (!inspection) {
        ctx.err << "fic test: the token: " << Text::describe(inspection.error()) << '\n';
        return Usage;
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
    const QJsonObject &claims = inspection->jwt.claims;
    const Access::FicVerdict v = Access::matchFederatedCredentials(credentials.value(), claims);
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

} // namespace RestoreDesk::Cli
