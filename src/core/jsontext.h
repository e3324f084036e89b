#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>
#include <QVarLengthArray>

#include <optional>

namespace RestoreDesk::JsonText {

// JSON read straight from its text, without building a document: a value is located (its type
// and its bytes) and read only when asked for. The scan is stricter than Qt's parser and never
// guesses: what it accepts, QJsonDocument accepts with the same values; anything it cannot vouch
// for (a number with an exponent or of many digits, a BOM, nesting deeper than kMaxDepth, a
// string Qt's parser rejects, text cut short...) makes it answer "unknown", and the caller reads
// the text with QJsonDocument instead (which then gives its own verdict and error). Strings that
// are not plain printable ASCII are checked and decoded by Qt's parser itself. Pure functions;
// any thread.

struct Value
{
    enum class Type : quint8 { Null, False, True, Number, String, Object, Array };
    Type type = Type::Null;
    qsizetype begin = 0; // its first byte (a string's opening quote)
    qsizetype end = 0; // one past its last byte

    qsizetype size() const { return end - begin; }
};

constexpr int kMaxDepth = 64;

struct Member;
struct Index;

// The single JSON object or array that `text` holds (whitespace around it allowed), checked
// whole; nullopt when the scan cannot vouch for it, and for a scalar at the top (which
// QJsonDocument refuses too). With `index`, where the scan found the members of each object and
// the elements of each array is kept there (see Index), so they are not stepped over again.
std::optional<Value> scan(QByteArrayView text, Index *index = nullptr);

// The elements of an array found by scan() (the text must be the one scanned), in order. False
// for a value that is not an array within `text` (its brackets where it says). `index` (the
// scan's, of this text) gives them without stepping over the text again.
bool elements(QByteArrayView text, const Value &array, QList<Value> *out, const Index *index = nullptr);

// What find() (and KeySet, jsonkeyset.h) compares before a key's bytes: its length and its first seven bytes,
// so most members are passed over with one comparison, and a key of up to seven bytes is told by it alone.
quint64 keyTag(QByteArrayView key);

// One member of an object found by scan(): its key as written, and its value.
struct Member
{
    QByteArrayView key;
    Value value;
    quint64 tag = 0; // keyTag(key): find() and pick() rely on it (scan() and members() set it)
    bool plainKey = false;
    // A string value the scan read as printable ASCII without escapes (its text is its value):
    // known from an Index only, false otherwise.
    bool plainValue = false;
};
using Members = QVarLengthArray<Member, 32>;

// Members where they already lie (an Index's run, or a Members), not copied.
struct MemberSpan
{
    const Member *first = nullptr;
    qsizetype count = 0;

    const Member *begin() const { return first; }
    const Member *end() const { return first + count; }
};

// What one scan() met: the members of every object and the elements of every array (an
// element is a member without a key), each container's run found by where it begins. One pass
// over a page then serves every read of its elements and their members. Value type; any thread.
struct Index
{
    struct Container
    {
        qsizetype begin = 0;
        qsizetype end = 0;
        qsizetype first = 0; // its first member in `children`
        qsizetype count = 0;
    };
    QList<Container> containers; // in the order the scan opened them: by `begin`, ascending
    QList<Member> children;

    // The container `v` (as the scan that made this index found it), or nullptr.
    const Container *find(const Value &v) const;
};

// The members of an object found by scan() (the text must be the one scanned), in order. False
// for a value that is not an object within `text` (its braces where it says). `index` (the
// scan's, of this text) gives them without stepping over the text again.
bool members(QByteArrayView text, const Value &object, Members *out, const Index *index = nullptr);
// The same without a copy where `index` holds them: `out` then shows the index's run; otherwise
// they are stepped over into `storage` (cleared first), which `out` shows (and which must outlive
// its use).
bool members(QByteArrayView text, const Value &object, MemberSpan *out, Members *storage, const Index *index);

// The member of `members` named `key` (plain ASCII). Found: the member; absent: nullptr; `unsure`
// is set when the answer could be wrong (a key written with escapes or non-ASCII text that may
// spell `key`, or `key` twice, where which one counts is Qt's business).
const Member *find(const Members &members, QByteArrayView key, bool *unsure);
const Member *find(MemberSpan members, QByteArrayView key, bool *unsure);

// A string value as Qt's parser reads it; nullopt when Qt's parser refuses it.
std::optional<QString> string(QByteArrayView text, const Value &value);
// The same for a member's value; one the index says is plain is taken as it is written.
std::optional<QString> string(QByteArrayView text, const Member &member);

// Any value found by scan(), read by Qt's parser (as it would be inside its document).
QJsonValue toJsonValue(QByteArrayView text, const Value &value);

} // namespace RestoreDesk::JsonText
