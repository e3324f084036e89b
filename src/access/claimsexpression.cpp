#include "access/claimsexpression.h"

#include "access/accesscodes.h"

namespace RestoreDesk::Access {

namespace {

// A tiny cursor over the expression; every failure says where and what was expected.
class Reader
{
public:
    explicit Reader(const QString &text)
        : m_text(text)
    { }

    bool atEnd() const { return m_pos >= m_text.size(); }
    qsizetype position() const { return m_pos; }

    // Required whitespace between tokens (one space by the language; tabs and runs tolerated).
    bool skipSpace()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && (m_text.at(m_pos) == QLatin1Char(' ') || m_text.at(m_pos) == QLatin1Char('\t')))
            ++m_pos;
        return m_pos > start;
    }

    bool literal(QLatin1String word)
    {
        if (QStringView(m_text).mid(m_pos).startsWith(word)) {
            m_pos += word.size();
            return true;
        }
        return false;
    }

    // 'text' without escapes: the language has none, so a quote inside cannot be written.
    bool quoted(QString *out)
    {
        if (atEnd() || m_text.at(m_pos) != QLatin1Char('\''))
            return false;
        const qsizetype close = m_text.indexOf(QLatin1Char('\''), m_pos + 1);
        if (close < 0)
            return false;
        *out = m_text.mid(m_pos + 1, close - m_pos - 1);
        m_pos = close + 1;
        return true;
    }

    bool word(QString *out)
    {
        const qsizetype start = m_pos;
        while (!atEnd() && m_text.at(m_pos).isLetter())
            ++m_pos;
        *out = m_text.mid(start, m_pos - start);
        return !out->isEmpty();
    }

private:
    const QString &m_text;
    qsizetype m_pos = 0;
};

Error invalid(qsizetype position, const QString &detail)
{
    return Error::make(Error::Kind::Invalid, Codes::InvalidClaimsExpression, detail,
                       { QString::number(position + 1) });
}

} // namespace

bool wildcardMatches(const QString &pattern, const QString &text)
{
    const qsizetype pn = pattern.size();
    const qsizetype tn = text.size();
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype star = -1;
    qsizetype mark = 0;
    while (t < tn) {
        if (p < pn && pattern.at(p) == QLatin1Char('*')) {
            star = p++;
            mark = t;
        } else if (p < pn && (pattern.at(p) == QLatin1Char('?') || pattern.at(p) == text.at(t))) {
            ++p;
            ++t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pn && pattern.at(p) == QLatin1Char('*'))
        ++p;
    return p == pn;
}

Result<ClaimsExpression> ClaimsExpression::parse(const QString &text)
{
    if (text.trimmed().isEmpty())
        return invalid(0, QStringLiteral("The expression is empty."));
    if (text.size() > kMaxLength)
        return invalid(kMaxLength,
                       QStringLiteral("The expression is longer than %1 characters.").arg(kMaxLength));
    ClaimsExpression e;
    Reader r(text);
    r.skipSpace();
    for (;;) {
        if (e.m_clauses.size() >= kMaxClauses)
            return invalid(r.position(), QStringLiteral("More than %1 clauses.").arg(kMaxClauses));
        Clause c;
        if (!r.literal(QLatin1String("claims[")))
            return invalid(r.position(), QStringLiteral("Expected claims['NAME']."));
        const qsizetype nameAt = r.position();
        if (!r.quoted(&c.claim) || c.claim.isEmpty())
            return invalid(nameAt, QStringLiteral("Expected a quoted claim name after claims[."));
        if (!r.literal(QLatin1String("]")))
            return invalid(r.position(), QStringLiteral("Expected ] after the claim name."));
        if (!r.skipSpace())
            return invalid(r.position(), QStringLiteral("Expected a space before the operator."));
        QString op;
        const qsizetype opAt = r.position();
        r.word(&op);
        if (op == QLatin1String("eq"))
            c.op = Clause::Op::Eq;
        else if (op == QLatin1String("matches"))
            c.op = Clause::Op::Matches;
        else
            return invalid(opAt, QStringLiteral("Unknown operator \"%1\" (eq or matches).").arg(op));
        if (!r.skipSpace())
            return invalid(r.position(), QStringLiteral("Expected a space after the operator."));
        if (!r.quoted(&c.comparand))
            return invalid(r.position(), QStringLiteral("Expected a value in single quotes."));
        e.m_clauses << c;
        const bool spaced = r.skipSpace();
        if (r.atEnd())
            break;
        QString joiner;
        const qsizetype joinAt = r.position();
        if (!spaced || !r.word(&joiner) || joiner != QLatin1String("and"))
            return invalid(joinAt, QStringLiteral("Expected \"and\" or the end of the expression."));
        if (!r.skipSpace())
            return invalid(r.position(), QStringLiteral("Expected a space after \"and\"."));
    }
    return e;
}

QList<ClaimsExpression::ClauseResult> ClaimsExpression::evaluate(const QJsonObject &claims) const
{
    QList<ClauseResult> out;
    for (const Clause &c : m_clauses) {
        ClauseResult r;
        r.clause = c;
        const QJsonValue v = claims.value(c.claim);
        r.present = v.isString();
        r.actual = v.toString();
        if (r.present)
            r.holds
                = c.op == Clause::Op::Eq ? r.actual == c.comparand : wildcardMatches(c.comparand, r.actual);
        out << r;
    }
    return out;
}

bool ClaimsExpression::holds(const QJsonObject &claims) const
{
    const QList<ClauseResult> results = evaluate(claims);
    for (const ClauseResult &r : results) {
        if (!r.holds)
            return false;
    }
    return !results.isEmpty();
}

} // namespace RestoreDesk::Access
