#include "text/fictext.h"

#include "access/accesscodes.h"
#include "text/errortext.h"
#include "text/tokentext.h"

#include <QCoreApplication>

namespace RestoreDesk::Text {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RestoreDesk::Text", text);
}

#define T(text) QT_TRANSLATE_NOOP("RestoreDesk::Text", text)

} // namespace

QString aadstsText(const QString &code)
{
    namespace A = Access::AadSts;
    if (code == A::NoCredentials)
        return tr(
            T("AADSTS70025: the identity has no federated credential at all. Add one for this issuer and "
              "subject."));
    if (code == A::IssuerMismatch)
        return tr(
            T("AADSTS700211: no federated credential has this issuer. The comparison is exact: a trailing "
              "slash or a different case is enough to miss."));
    if (code == A::SubjectMismatch)
        return tr(
            T("AADSTS700213: a credential has this issuer, but none has this subject. Workflows that use an "
              "environment, a pull request or a tag get a different subject than a branch."));
    if (code == A::SubjectCaseMismatch)
        return tr(
            T("AADSTS7002138: the subject matches only when case is ignored; Entra compares it exactly. Fix "
              "the case in the credential (or in the repository, branch or environment name)."));
    if (code == A::NoMatchingRecord)
        return tr(T("AADSTS70021: no federated credential matches (here: the audience, or a flexible "
                    "credential's other claims). Also seen for a minute or two after a change, while it "
                    "propagates."));
    if (code == A::AssertionTimeInvalid)
        return tr(
            T("AADSTS700024: the token is outside its valid time (expired, or not yet valid: check clocks). "
              "Get a fresh token."));
    return code;
}

QString fieldName(const Access::FieldCheck &f)
{
    switch (f.field) {
    case Access::FieldCheck::Field::Issuer:
        return tr(T("issuer"));
    case Access::FieldCheck::Field::Subject:
        return tr(T("subject"));
    case Access::FieldCheck::Field::Audience:
        return tr(T("audience"));
    case Access::FieldCheck::Field::Clause:
        return QStringLiteral("claims['%1']").arg(f.claim);
    }
    return {};
}

QString fieldOutcomeText(const Access::FieldCheck &f)
{
    using O = Access::FieldCheck::Outcome;
    switch (f.outcome) {
    case O::Match:
        return tr(T("matches"));
    case O::Missing:
        return fillPlaceholders(tr(T("the token has no %1 claim")), { f.claim });
    case O::TrailingSlash:
        return f.expected.endsWith(QLatin1Char('/'))
            ? tr(T("differs only by a trailing slash: the credential has one, the token does not"))
            : tr(T("differs only by a trailing slash: the token has one, the credential does not"));
    case O::CaseOnly:
        return tr(T("differs only in upper/lower case (compared exactly)"));
    case O::SubjectForm:
        return fillPlaceholders(tr(T("is a %2 subject, but the credential expects a %1 subject")),
                                { f.expectedForm, f.actualForm });
    case O::PatternMismatch:
        return fillPlaceholders(tr(T("\"%1\" does not match the pattern \"%2\"")), { f.actual, f.expected });
    case O::Different:
        return tr(T("differs"));
    }
    return {};
}

QString assertionTimeText(const Access::AssertionTime &t)
{
    using O = Access::AssertionTime::Outcome;
    switch (t.outcome) {
    case O::Valid:
        return tr(T("The token is inside its valid time."));
    case O::Expired:
        return fillPlaceholders(tr(T("The token expired %1 ago.")), { durationText(t.seconds) });
    case O::NotYetValid:
        return fillPlaceholders(tr(T("The token is valid only in %1 (check the clocks).")),
                                { durationText(t.seconds) });
    case O::MissingExp:
        return tr(T("The token has no expiry; Entra refuses such assertions."));
    }
    return {};
}

QString proposalAudienceWarning(const Access::FederatedCredential &proposal)
{
    const QString audience = proposal.audiences.value(0);
    if (audience == Access::FederatedCredential::defaultAudience())
        return {};
    return fillPlaceholders(
        tr(T(
            "The audience %1 is the token's own, not Entra's default %2. It works only if the workload keeps "
            "asking its issuer for exactly this audience; the default is the usual choice.")),
        { audience, Access::FederatedCredential::defaultAudience() });
}

QString verdictText(const Access::FicVerdict &v)
{
    if (v.matchIndex >= 0) {
        const QString name = v.checks.at(v.matchIndex).credential.name;
        if (v.succeeds())
            return fillPlaceholders(tr(T("Credential \"%1\" matches: the exchange would be accepted.")),
                                    { name });
        return fillPlaceholders(tr(T("Credential \"%1\" matches, but: %2")), { name, aadstsText(v.aadsts) });
    }
    if (v.nearestIndex < 0)
        return aadstsText(v.aadsts);
    const Access::CredentialCheck &near = v.checks.at(v.nearestIndex);
    QStringList lines;
    lines << aadstsText(v.aadsts);
    lines << fillPlaceholders(tr(T("Nearest: \"%1\".")), { near.credential.name });
    for (const Access::FieldCheck &f : near.fields) {
        if (f.matches())
            continue;
        lines << fillPlaceholders(
            tr(T("• %1 %2: expected \"%3\", token has \"%4\" (%5)")),
            { fieldName(f), fieldOutcomeText(f), f.expected, f.actual, f.diff.annotated() });
    }
    if (near.expressionError)
        lines << fillPlaceholders(tr(T("• its claims-matching expression is invalid: %1")),
                                  { describe(*near.expressionError) });
    return lines.join(QLatin1Char('\n'));
}
#undef T

} // namespace RestoreDesk::Text
