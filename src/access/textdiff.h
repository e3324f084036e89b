#pragma once

#include <QList>
#include <QString>

namespace RestoreDesk::Access {

// A character-level difference between what was expected and what was found, as runs of equal,
// removed (only in the expected text) and added (only in the actual text) characters: the
// federated-credential tester shows it, so a trailing slash or one wrong letter stands out.
// Longest common subsequence on what remains after the common prefix and suffix; inputs beyond
// kMaxCells of work fall back to one removed and one added run. Value type, any thread.
struct TextDiff
{
    struct Segment
    {
        enum class Op { Equal, Removed, Added };
        Op op = Op::Equal;
        QString text;
        bool operator==(const Segment &o) const { return op == o.op && text == o.text; }
    };

    QList<Segment> segments;

    static constexpr qsizetype kMaxCells = 256 * 256;

    static TextDiff compute(const QString &expected, const QString &actual);

    bool identical() const;
    int changedCharacters() const; // removed + added
    // "[-x-]{+y+}" notation for plain text (CLI, tickets).
    QString annotated() const;
};

} // namespace RestoreDesk::Access
