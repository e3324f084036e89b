#include "access/textdiff.h"

#include <vector>

namespace RestoreDesk::Access {

namespace {

using Op = TextDiff::Segment::Op;

void append(QList<TextDiff::Segment> &out, Op op, const QString &text)
{
    if (text.isEmpty())
        return;
    if (!out.isEmpty() && out.last().op == op)
        out.last().text += text;
    else
        out << TextDiff::Segment { op, text };
}

// LCS table over a (small) middle part; walks it back into runs.
void diffMiddle(QList<TextDiff::Segment> &out, const QString &a, const QString &b)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    if (n == 0 || m == 0 || n * m > TextDiff::kMaxCells) {
        append(out, Op::Removed, a);
        append(out, Op::Added, b);
        return;
    }
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    std::vector<int> lcs(size_t((n + 1) * (m + 1)), 0);
    auto at = [&](qsizetype i, qsizetype j) -> int & { return lcs[size_t(i * (m + 1) + j)]; };
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j)
            at(i, j) = a.at(i) == b.at(j) ? at(i + 1, j + 1) + 1 : qMax(at(i + 1, j), at(i, j + 1));
    }
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n && j < m) {
        if (a.at(i) == b.at(j)) {
            append(out, Op::Equal, a.at(i));
            ++i;
            ++j;
        } else if (at(i + 1, j) >= at(i, j + 1)) {
            append(out, Op::Removed, a.at(i));
            ++i;
        } else {
            append(out, Op::Added, b.at(j));
            ++j;
        }
    }
    append(out, Op::Removed, a.mid(i));
    append(out, Op::Added, b.mid(j));
}

// Folds short equal runs caught between changes into the changes around them, the way people
// read a difference: "[-ref:refs/heads/main-]{+pull_request+}" rather than a minimal but
// scattered edit. An equal run goes when it is no longer than the larger side of the change on
// each side of it (diff-match-patch's semantic cleanup rule).
QList<TextDiff::Segment> readable(const QList<TextDiff::Segment> &in)
{
    struct Block
    {
        QString equal; // when this is an equal run
        QString removed;
        QString added;
        bool isEqual = false;
    };
    QList<Block> blocks;
    for (const TextDiff::Segment &s : in) {
        if (s.op == Op::Equal) {
            blocks << Block { s.text, {}, {}, true };
            continue;
        }
        if (blocks.isEmpty() || blocks.last().isEqual)
            blocks << Block {};
        (s.op == Op::Removed ? blocks.last().removed : blocks.last().added) += s.text;
    }
    bool changed = true;
    while (changed) {
        changed = false;
        for (qsizetype i = 1; i + 1 < blocks.size(); ++i) {
            const Block &before = blocks.at(i - 1);
            const Block &after = blocks.at(i + 1);
            if (!blocks.at(i).isEqual || before.isEqual || after.isEqual)
                continue;
            const qsizetype len = blocks.at(i).equal.size();
            if (len > qMax(before.removed.size(), before.added.size())
                || len > qMax(after.removed.size(), after.added.size()))
                continue;
            Block merged;
            merged.removed = before.removed + blocks.at(i).equal + after.removed;
            merged.added = before.added + blocks.at(i).equal + after.added;
            blocks.replace(i - 1, merged);
            blocks.remove(i, 2);
            changed = true;
            break;
        }
    }
    QList<TextDiff::Segment> out;
    for (const Block &b : std::as_const(blocks)) {
        if (b.isEqual) {
            append(out, Op::Equal, b.equal);
        } else {
            append(out, Op::Removed, b.removed);
            append(out, Op::Added, b.added);
        }
    }
    return out;
}

} // namespace

TextDiff TextDiff::compute(const QString &expected, const QString &actual)
{
    TextDiff d;
    qsizetype prefix = 0;
    const qsizetype shorter = qMin(expected.size(), actual.size());
    while (prefix < shorter && expected.at(prefix) == actual.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < shorter - prefix
           && expected.at(expected.size() - 1 - suffix) == actual.at(actual.size() - 1 - suffix))
        ++suffix;
    append(d.segments, Op::Equal, expected.left(prefix));
    diffMiddle(d.segments, expected.mid(prefix, expected.size() - prefix - suffix),
               actual.mid(prefix, actual.size() - prefix - suffix));
    append(d.segments, Op::Equal, expected.right(suffix));
    d.segments = readable(d.segments);
    return d;
}

bool TextDiff::identical() const
{
    for (const Segment &s : segments) {
        if (s.op != Op::Equal)
            return false;
    }
    return true;
}

int TextDiff::changedCharacters() const
{
    int n = 0;
    for (const Segment &s : segments) {
        if (s.op != Op::Equal)
            n += int(s.text.size());
    }
    return n;
}

QString TextDiff::annotated() const
{
    QString out;
    for (const Segment &s : segments) {
        switch (s.op) {
        case Op::Equal:
            out += s.text;
            break;
        case Op::Removed:
            out += QStringLiteral("[-") + s.text + QStringLiteral("-]");
            break;
        case Op::Added:
            out += QStringLiteral("{+") + s.text + QStringLiteral("+}");
            break;
        }
    }
    return out;
}

} // namespace RestoreDesk::Access
