#include "access/actionpattern.h"

namespace RestoreDesk::Access {

bool actionMatches(const QString &pattern, const QString &action)
{
    // Iterative glob match with backtracking over the last '*': O(n*m) worst case, no recursion.
    const qsizetype pn = pattern.size();
    const qsizetype an = action.size();
    qsizetype p = 0;
    qsizetype a = 0;
    qsizetype star = -1;
    qsizetype mark = 0;
    while (a < an) {
        if (p < pn && pattern.at(p) == QLatin1Char('*')) {
            star = p++;
            mark = a;
        } else if (p < pn && pattern.at(p).toCaseFolded() == action.at(a).toCaseFolded()) {
            ++p;
            ++a;
        } else if (star >= 0) {
            p = star + 1;
            a = ++mark;
        } else {
            return false;
        }
    }
    while (p < pn && pattern.at(p) == QLatin1Char('*'))
        ++p;
    return p == pn;
}

} // namespace RestoreDesk::Access
