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

// The single JSON object or array that `text` holds (whitespace around it allowed), checked
// whole; nullopt when the scan cannot vouch for it, and for a scalar at the top (which
// QJsonDocument refuses too).
std::optional<Value> scan(QByteArrayView text);

// The elements of an array found by scan() (the text must be the one scanned), in order. False
// for a value that is not an array within `text` (its brackets where it says).
bool elements(QByteArrayView text, const Value &array, QList<Value> *out);

// One member of an object found by scan(): its key as written, and its value.
struct Member
{
    QByteArrayView key;
    bool plainKey = false;
    Value value;
};
using Members = QVarLengthArray<Member, 32>;

// The members of an object found by scan() (the text must be the one scanned), in order. False
// for a value that is not an object within `text` (its braces where it says).
bool members(QByteArrayView text, const Value &object, Members *out);

// The member of `members` named `key` (plain ASCII). Found: the member; absent: nullptr; `unsure`
// is set when the answer could be wrong (a key written with escapes or non-ASCII text that may
// spell `key`, or `key` twice, where which one counts is Qt's business).
const Member *find(const Members &members, QByteArrayView key, bool *unsure);

// A string value as Qt's parser reads it; nullopt when Qt's parser refuses it.
std::optional<QString> string(QByteArrayView text, const Value &value);

// Any value found by scan(), read by Qt's parser (as it would be inside its document).
QJsonValue toJsonValue(QByteArrayView text, const Value &value);

} // namespace RestoreDesk::JsonText
