#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QList>

namespace RestoreDesk::Access {

// A flexible federated credential's `claimsMatchingExpression` (language version 1): clauses
// `claims['NAME'] eq 'VALUE'` or `claims['NAME'] matches 'PATTERN'` joined by `and`. `eq` is
// exact and case-sensitive; `matches` takes `*` (any run, possibly empty) and `?` (one
// character), everything else literal and case-sensitive. Parsed strictly: anything else is an
// InvalidClaimsExpression error naming the character where reading stopped. Value type, any
// thread.
class ClaimsExpression
{
public:
    struct Clause
    {
        enum class Op { Eq, Matches };
        QString claim;
        Op op = Op::Eq;
        QString comparand;
    };

    // One clause against a token: whether it holds, and what the token had.
    struct ClauseResult
    {
        Clause clause;
        bool present = false; // the token has the claim as a string
        QString actual;
        bool holds = false;
    };

    static constexpr qsizetype kMaxLength = 4096;
    static constexpr int kMaxClauses = 32;

    static Result<ClaimsExpression> parse(const QString &text);

    const QList<Clause> &clauses() const { return m_clauses; }
    QList<ClauseResult> evaluate(const QJsonObject &claims) const;
    bool holds(const QJsonObject &claims) const;

private:
    QList<Clause> m_clauses;
};

// `*` and `?` wildcard match, case-sensitive, iterative.
bool wildcardMatches(const QString &pattern, const QString &text);

} // namespace RestoreDesk::Access
