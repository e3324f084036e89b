#include "access/federatedcredentialmatcher.h"

#include "access/accesscodes.h"
#include "access/claimsexpression.h"
#include "core/jsonutil.h"

#include <algorithm>
#include <cmath>

namespace RestoreDesk::Access {

namespace {

using Outcome = FieldCheck::Outcome;

FieldCheck compare(FieldCheck::Field field, const QString &claim, const QString &expected,
                   const std::optional<QString> &actual)
{
    FieldCheck f;
    f.field = field;
    f.claim = claim;
    f.expected = expected;
    if (!actual) {
        f.outcome = Outcome::Missing;
        f.diff = TextDiff::compute(expected, QString());
        return f;
    }
    f.actual = *actual;
    f.diff = TextDiff::compute(expected, f.actual);
    if (expected == f.actual) {
        f.outcome = Outcome::Match;
    } else if (expected + QLatin1Char('/') == f.actual || f.actual + QLatin1Char('/') == expected) {
        f.outcome = Outcome::TrailingSlash;
    } else if (expected.compare(f.actual, Qt::CaseInsensitive) == 0) {
        f.outcome = Outcome::CaseOnly;
    } else if (field == FieldCheck::Field::Subject) {
        f.expectedForm = subjectForm(expected);
        f.actualForm = subjectForm(f.actual);
        f.outcome = !f.expectedForm.isEmpty() && !f.actualForm.isEmpty() && f.expectedForm != f.actualForm
            ? Outcome::SubjectForm
            : Outcome::Different;
    } else {
        f.outcome = Outcome::Different;
    }
    return f;
}

std::optional<QString> stringClaim(const QJsonObject &claims, const char *name)
{
    const QJsonValue v = claims.value(QLatin1String(name));
    if (!v.isString())
        return std::nullopt;
    return v.toString();
}

FieldCheck audienceCheck(const FederatedCredential &c, const QStringList &aud)
{
    // Entra takes the credential's audience (one value in practice) and wants it in `aud`.
    const QString expected = c.audiences.isEmpty() ? QString() : c.audiences.first();
    for (const QString &want : c.audiences) {
        if (aud.contains(want))
            return compare(FieldCheck::Field::Audience, QStringLiteral("aud"), want, want);
    }
    if (aud.isEmpty())
        return compare(FieldCheck::Field::Audience, QStringLiteral("aud"), expected, std::nullopt);
    // Show the closest value the token has.
    FieldCheck best;
    bool first = true;
    for (const QString &have : aud) {
        FieldCheck f = compare(FieldCheck::Field::Audience, QStringLiteral("aud"), expected, have);
        if (first || f.diff.changedCharacters() < best.diff.changedCharacters())
            best = f;
        first = false;
    }
    return best;
}

CredentialCheck checkOne(const FederatedCredential &c, const QJsonObject &claims)
{
    CredentialCheck check;
    check.credential = c;
    const FieldCheck issuer
        = compare(FieldCheck::Field::Issuer, QStringLiteral("iss"), c.issuer, stringClaim(claims, "iss"));
    check.fields << issuer;
    // The subject step: `sub` itself, or a flexible credential's clauses on `sub`. Its other
    // clauses are a step of their own, after it.
    bool subjectOk = false;
    bool subjectCaseOnly = false;
    bool otherClausesOk = true;
    if (!c.isFlexible()) {
        const FieldCheck subject = compare(FieldCheck::Field::Subject, QStringLiteral("sub"), c.subject,
                                           stringClaim(claims, "sub"));
        subjectOk = subject.matches();
        subjectCaseOnly = subject.outcome == Outcome::CaseOnly;
        check.fields << subject;
    } else if (auto expression = ClaimsExpression::parse(c.claimsMatchingExpression); !expression) {
        check.expressionError = expression.error();
        otherClausesOk = false;
    } else {
        subjectOk = true;
        const QList<ClaimsExpression::ClauseResult> results = expression->evaluate(claims);
        for (const ClaimsExpression::ClauseResult &r : results) {
            FieldCheck f;
            if (r.clause.op == ClaimsExpression::Clause::Op::Eq) {
                f = compare(FieldCheck::Field::Clause, r.clause.claim, r.clause.comparand,
                            r.present ? std::optional<QString>(r.actual) : std::nullopt);
            } else {
                f.field = FieldCheck::Field::Clause;
                f.claim = r.clause.claim;
                f.expected = r.clause.comparand;
                f.actual = r.actual;
                f.outcome = !r.present ? Outcome::Missing
                    : r.holds          ? Outcome::Match
                                       : Outcome::PatternMismatch;
            }
            if (!f.matches() && r.clause.claim == QLatin1String("sub")) {
                subjectOk = false;
                subjectCaseOnly = subjectCaseOnly || f.outcome == Outcome::CaseOnly;
            } else if (!f.matches()) {
                otherClausesOk = false;
            }
            check.fields << f;
        }
    }
    const FieldCheck audience = audienceCheck(c, Json::stringList(claims.value(QStringLiteral("aud"))));
    check.fields << audience;

    check.subjectStepOk = issuer.matches() && subjectOk;
    check.matches = issuer.matches() && subjectOk && otherClausesOk && audience.matches();
    check.score = (issuer.matches() ? 8 : 0) + (subjectOk ? 4 : 0) + (otherClausesOk ? 2 : 0)
        + (audience.matches() ? 1 : 0);
    for (const FieldCheck &f : std::as_const(check.fields))
        check.changedCharacters += f.matches() ? 0 : qMax(1, f.diff.changedCharacters());
    if (check.matches)
        return check;
    if (!issuer.matches())
        check.aadsts = AadSts::IssuerMismatch;
    else if (!subjectOk && subjectCaseOnly)
        check.aadsts = AadSts::SubjectCaseMismatch;
    else if (!subjectOk)
        check.aadsts = AadSts::SubjectMismatch;
    else
        check.aadsts = AadSts::NoMatchingRecord;
    return check;
}

// NumericDate seconds clamped to years 1..9999: casting a double like 1e300 to qint64 is undefined.
qint64 secondsOf(const QJsonValue &v)
{
    const double d = v.toDouble();
    if (!std::isfinite(d))
        return d < 0 ? -62135596800LL : 253402300799LL;
    return qint64(std::clamp(d, -62135596800.0, 253402300799.0));
}

AssertionTime timeOf(const QJsonObject &claims, const FicMatchOptions &options)
{
    AssertionTime t;
    const qint64 now = options.clock().toSecsSinceEpoch();
    const QJsonValue exp = claims.value(QStringLiteral("exp"));
    const QJsonValue nbf = claims.value(QStringLiteral("nbf"));
    if (!exp.isDouble()) {
        t.outcome = AssertionTime::Outcome::MissingExp;
        return t;
    }
    if (secondsOf(exp) + options.skewSeconds < now) {
        t.outcome = AssertionTime::Outcome::Expired;
        t.seconds = now - secondsOf(exp);
    } else if (nbf.isDouble() && secondsOf(nbf) - options.skewSeconds > now) {
        t.outcome = AssertionTime::Outcome::NotYetValid;
        t.seconds = secondsOf(nbf) - now;
    }
    return t;
}

// Among `candidates` (indexes into checks), the closest miss.
int nearest(const QList<CredentialCheck> &checks, const QList<int> &candidates)
{
    int best = -1;
    for (int i : candidates) {
        if (best < 0 || checks.at(i).score > checks.at(best).score
            || (checks.at(i).score == checks.at(best).score
                && checks.at(i).changedCharacters < checks.at(best).changedCharacters))
            best = i;
    }
    return best;
}

} // namespace

QString subjectForm(const QString &subject)
{
    if (subject.startsWith(QLatin1String("system:serviceaccount:")))
        return QStringLiteral("kubernetes");
    if (!subject.startsWith(QLatin1String("repo:")))
        return {};
    // repo:OWNER/REPO:KIND[:VALUE]; the repository itself contains no ':'.
    const QStringList parts = subject.split(QLatin1Char(':'));
    if (parts.size() < 3)
        return {};
    const QString kind = parts.at(2);
    if (kind == QLatin1String("ref")) {
        const QString ref = parts.mid(3).join(QLatin1Char(':'));
        if (ref.startsWith(QLatin1String("refs/heads/")))
            return QStringLiteral("branch");
        if (ref.startsWith(QLatin1String("refs/tags/")))
            return QStringLiteral("tag");
        return QStringLiteral("ref");
    }
    if (kind == QLatin1String("environment") || kind == QLatin1String("pull_request"))
        return kind;
    return {};
}

FicVerdict matchFederatedCredentials(const QList<FederatedCredential> &credentials, const QJsonObject &claims,
                                     const FicMatchOptions &options)
{
    FicVerdict v;
    v.time = timeOf(claims, options);
    if (credentials.isEmpty()) {
        v.aadsts = AadSts::NoCredentials;
        return v;
    }
    QList<int> all;
    QList<int> sameIssuer;
    QList<int> subjectOk;
    QList<int> caseOnlySubject;
    for (int i = 0; i < credentials.size(); ++i) {
        const CredentialCheck c = checkOne(credentials.at(i), claims);
        v.checks << c;
        all << i;
        if (c.matches && v.matchIndex < 0)
            v.matchIndex = i;
        if (c.fields.first().matches()) {
            sameIssuer << i;
            if (c.subjectStepOk)
                subjectOk << i;
            if (c.aadsts == AadSts::SubjectCaseMismatch)
                caseOnlySubject << i;
        }
    }
    if (v.matchIndex >= 0) {
        // The record is found; the assertion must still be inside its valid time.
        if (v.time.outcome != AssertionTime::Outcome::Valid)
            v.aadsts = AadSts::AssertionTimeInvalid;
        return v;
    }
    // Entra looks the record up by issuer, then by subject, then checks the audience: the first
    // step that finds nothing names the error.
    if (sameIssuer.isEmpty()) {
        v.aadsts = AadSts::IssuerMismatch;
        v.nearestIndex = nearest(v.checks, all);
    } else if (subjectOk.isEmpty()) {
        // A subject equal but for case is the likeliest intent, and Entra names it separately.
        v.nearestIndex = nearest(v.checks, caseOnlySubject.isEmpty() ? sameIssuer : caseOnlySubject);
        v.aadsts = v.checks.at(v.nearestIndex).aadsts;
    } else {
        v.aadsts = AadSts::NoMatchingRecord;
        v.nearestIndex = nearest(v.checks, subjectOk);
    }
    return v;
}

} // namespace RestoreDesk::Access
