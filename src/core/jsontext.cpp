#include "core/jsontext.h"

#include "core/textscan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <algorithm>
#include <type_traits>

namespace RestoreDesk::JsonText {

namespace {

// A string's text between its quotes, read by Qt's parser itself.
std::optional<QString> qtString(QByteArrayView raw)
{
    QByteArray text;
    text.reserve(raw.size() + 4);
    text.append("[\"").append(raw.data(), raw.size()).append("\"]");
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1
        || !doc.array().at(0).isString())
        return std::nullopt;
    return doc.array().at(0).toString();
}

// Whether a string's text (between its quotes) is plain: printable ASCII, no escapes.
bool isPlain(QByteArrayView raw)
{
    return TextScan::notPlain(raw.data(), raw.data() + raw.size()) == raw.data() + raw.size();
}

// A cursor over the text. Validating: every value checked (see the header); otherwise the text is
// one scan() accepted, and values are only stepped over. Every step checks the end either way.
class Cursor
{
public:
    Cursor(QByteArrayView text, qsizetype at, bool validate, Index *index = nullptr)
        : m_b(text.data())
        , m_p(text.data() + at)
        , m_e(text.data() + text.size())
        , m_validate(validate)
        , m_index(index)
    { }

    qsizetype pos() const { return m_p - m_b; }
    bool atEnd() const { return m_p == m_e; }

    void space()
    {
        while (m_p != m_e && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool take(char c)
    {
        space();
        if (m_p == m_e || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    bool peekIs(char c)
    {
        space();
        return m_p != m_e && *m_p == c;
    }

    // A value at the cursor; validating, `plain` (when given) says whether it is a string of
    // printable ASCII without escapes.
    bool value(Value *out, int depth, bool *plain = nullptr)
    {
        space();
        if (m_p == m_e)
            return false;
        out->begin = pos();
        bool ok = false;
        switch (*m_p) {
        case '"':
            out->type = Value::Type::String;
            ok = string(plain);
            break;
        case '{':
            out->type = Value::Type::Object;
            ok = container(depth, true);
            break;
        case '[':
            out->type = Value::Type::Array;
            ok = container(depth, false);
            break;
        case 't':
            out->type = Value::Type::True;
            ok = literal("true", 4);
            break;
        case 'f':
            out->type = Value::Type::False;
            ok = literal("false", 5);
            break;
        case 'n':
            out->type = Value::Type::Null;
            ok = literal("null", 4);
            break;
        default:
            out->type = Value::Type::Number;
            ok = number();
            break;
        }
        out->end = pos();
        return ok;
    }

    // A string at the cursor (on its opening quote). Validating, `plain` (when given) says
    // whether its text is printable ASCII without escapes.
    bool string(bool *plainOut = nullptr)
    {
        const char *const start = ++m_p;
        if (!m_validate) {
            // Text scan() accepted: the string ends at the first quote that no backslash escapes.
            m_p = TextScan::closingQuote(m_p, m_e);
            if (m_p == m_e)
                return false;
            ++m_p;
            return true;
        }
        bool plain = true;
        while (true) {
            // Plain bytes (printable ASCII, no quote, no backslash) are stepped over in runs: a
            // page is mostly string text.
            m_p = TextScan::notPlain(m_p, m_e);
            if (m_p == m_e)
                return false;
            const auto c = uchar(*m_p);
            if (c == '"')
                break;
            plain = false;
            if (c == '\\') {
                if (m_e - m_p < 2)
                    return false;
                m_p += 2;
                continue;
            }
            ++m_p; // a control character or a byte of UTF-8: Qt's parser judges the string
        }
        const QByteArrayView raw(start, m_p - start);
        ++m_p; // the closing quote
        if (plainOut)
            *plainOut = plain;
        // Escapes, control characters and UTF-8 are Qt's parser's to judge.
        return plain || qtString(raw).has_value();
    }

private:
    bool literal(const char *word, qsizetype size)
    {
        if (m_e - m_p < size || QByteArrayView(m_p, size) != QByteArrayView(word, size))
            return false;
        m_p += size;
        return true;
    }

    bool digit() const { return m_p != m_e && *m_p >= '0' && *m_p <= '9'; }

    // RFC 8259 numbers without an exponent and of at most 15 characters: values every parser
    // reads alike. Anything else is not vouched for.
    bool number()
    {
        const char *const start = m_p;
        if (m_p != m_e && *m_p == '-')
            ++m_p;
        if (!digit())
            return false;
        if (*m_p == '0') {
            ++m_p;
        } else {
            while (digit())
                ++m_p;
        }
        if (m_p != m_e && *m_p == '.') {
            ++m_p;
            if (!digit())
                return false;
            while (digit())
                ++m_p;
        }
        if (m_p != m_e && (*m_p == 'e' || *m_p == 'E'))
            return false;
        return m_p - start <= 15;
    }

    bool container(int depth, bool object)
    {
        if (depth + 1 > kMaxDepth)
            return false;
        const char close = object ? '}' : ']';
        if (m_index)
            return indexed(depth, object, close);
        ++m_p;
        if (take(close))
            return true;
        while (true) {
            Value v;
            if (object) {
                space();
                if (m_p == m_e || *m_p != '"' || !string() || !take(':'))
                    return false;
            }
            if (!value(&v, depth + 1))
                return false;
            if (take(','))
                continue;
            return take(close);
        }
    }

    // container() keeping its members (or elements) in the index, in one run: the runs of the
    // containers inside it are complete before its own is added.
    bool indexed(int depth, bool object, char close)
    {
        const qsizetype slot = m_index->containers.size();
        m_index->containers.append(Index::Container { pos(), 0, 0, 0 });
        ++m_p;
        QVarLengthArray<Member, 32> run;
        if (!take(close)) {
            while (true) {
                Member m;
                if (object) {
                    space();
                    if (m_p == m_e || *m_p != '"')
                        return false;
                    const char *const key = m_p + 1;
                    if (!string(&m.plainKey))
                        return false;
                    m.key = QByteArrayView(key, m_p - 1 - key);
                    m.tag = keyTag(m.key);
                    if (!take(':'))
                        return false;
                }
                if (!value(&m.value, depth + 1, &m.plainValue))
                    return false;
                run.append(m);
                if (take(','))
                    continue;
                if (!take(close))
                    return false;
                break;
            }
        }
        Index::Container &c = m_index->containers[slot];
        c.end = pos();
        c.first = m_index->children.size();
        c.count = run.size();
        // Appended in one piece (resize() grows the list geometrically; a reserve() of the exact
        // size for each container would copy the whole list every time).
        static_assert(std::is_trivially_copyable_v<Member>);
        m_index->children.resize(c.first + c.count);
        std::copy(run.cbegin(), run.cend(), m_index->children.begin() + c.first);
        return true;
    }

    const char *m_b;
    const char *m_p;
    const char *m_e;
    bool m_validate;
    Index *m_index;
};

// Whether `v` lies inside `text` and opens with `open` and closes with `close` there: the
// stepping functions are public, and their callers' values are not trusted blindly.
bool encloses(QByteArrayView text, const Value &v, char open, char close)
{
    return 0 <= v.begin && v.begin + 2 <= v.end && v.end <= text.size() && text.at(v.begin) == open
        && text.at(v.end - 1) == close;
}

} // namespace

quint64 keyTag(QByteArrayView key)
{
    // The key's first bytes in a word, the first byte lowest on any byte order (a key of eight
    // or more in one load, a shorter one byte by byte, zero after its end), moved up to make room
    // for the length: at most 255, a longer key is told by its bytes anyway.
    const qsizetype n = key.size();
    quint64 bytes = 0;
    if (n >= 8) {
        bytes = qFromLittleEndian<quint64>(key.data());
    } else {
        for (qsizetype i = 0; i < n; ++i)
            bytes |= quint64(uchar(key.data()[i])) << (8 * i);
    }
    return (bytes << 8) | quint64(qMin<qsizetype>(n, 255));
}

const Index::Container *Index::find(const Value &v) const
{
    const auto it = std::lower_bound(containers.cbegin(), containers.cend(), v.begin,
                                     [](const Container &c, qsizetype at) { return c.begin < at; });
    return it != containers.cend() && it->begin == v.begin && it->end == v.end ? &*it : nullptr;
}

std::optional<Value> scan(QByteArrayView text, Index *index)
{
    if (index)
        *index = Index {};
    Cursor c(text, 0, true, index);
    Value v;
    const bool ok = c.value(&v, 0);
    c.space();
    // QJsonDocument reads only an object or an array at the top.
    if (!ok || (v.type != Value::Type::Object && v.type != Value::Type::Array) || !c.atEnd()) {
        if (index)
            *index = Index {};
        return std::nullopt;
    }
    return v;
}

bool elements(QByteArrayView text, const Value &array, QList<Value> *out, const Index *index)
{
    if (array.type != Value::Type::Array || !encloses(text, array, '[', ']'))
        return false;
    if (const Index::Container *c = index ? index->find(array) : nullptr) {
        out->reserve(out->size() + c->count);
        for (qsizetype i = 0; i < c->count; ++i)
            out->append(index->children.at(c->first + i).value);
        return true;
    }
    Cursor c(text.first(array.end), array.begin + 1, false);
    if (c.take(']'))
        return true;
    while (true) {
        Value v;
        if (!c.value(&v, 0))
            return false;
        out->append(v);
        if (c.take(','))
            continue;
        return c.take(']');
    }
}

bool members(QByteArrayView text, const Value &object, Members *out, const Index *index)
{
    if (object.type != Value::Type::Object || !encloses(text, object, '{', '}'))
        return false;
    if (const Index::Container *c = index ? index->find(object) : nullptr) {
        out->append(index->children.constData() + c->first, c->count);
        return true;
    }
    Cursor c(text.first(object.end), object.begin + 1, false);
    if (c.take('}'))
        return true;
    while (true) {
        Member m;
        if (!c.peekIs('"'))
            return false;
        const qsizetype keyBegin = c.pos();
        if (!c.string())
            return false;
        m.key = text.sliced(keyBegin + 1, c.pos() - keyBegin - 2);
        m.plainKey = isPlain(m.key);
        m.tag = keyTag(m.key);
        if (!c.take(':') || !c.value(&m.value, 0))
            return false;
        out->append(m);
        if (c.take(','))
            continue;
        return c.take('}');
    }
}

bool members(QByteArrayView text, const Value &value, MemberSpan *out, Members *storage, const Index *index)
{
    const Value object = value; // not a reference into `storage`, cleared below
    if (object.type != Value::Type::Object || !encloses(text, object, '{', '}'))
        return false;
    if (const Index::Container *c = index ? index->find(object) : nullptr) {
        *out = MemberSpan { index->children.constData() + c->first, c->count };
        return true;
    }
    storage->clear();
    if (!members(text, object, storage))
        return false;
    *out = MemberSpan { storage->constData(), storage->size() };
    return true;
}

const Member *find(const Members &members, QByteArrayView key, bool *unsure)
{
    return find(MemberSpan { members.constData(), members.size() }, key, unsure);
}

const Member *find(MemberSpan members, QByteArrayView key, bool *unsure)
{
    const Member *found = nullptr;
    const quint64 tag = keyTag(key);
    // A tag tells a key of up to seven bytes whole; a longer one is compared when its tag matches.
    const bool tagIsKey = key.size() <= 7;
    for (const Member &m : members) {
        if (!m.plainKey) {
            *unsure = true; // it may spell `key` with escapes
            continue;
        }
        Q_ASSERT(m.tag == keyTag(m.key)); // a member made elsewhere than here has no tag
        if (m.tag == tag && (tagIsKey || m.key == key)) {
            if (found)
                *unsure = true; // twice: which one counts is Qt's business
            found = &m;
        }
    }
    return found;
}

std::optional<QString> string(QByteArrayView text, const Value &value)
{
    if (value.type != Value::Type::String || !encloses(text, value, '"', '"'))
        return std::nullopt;
    const QByteArrayView raw = text.sliced(value.begin + 1, value.size() - 2);
    if (isPlain(raw))
        return QString::fromLatin1(raw.data(), raw.size());
    return qtString(raw);
}

std::optional<QString> string(QByteArrayView text, const Member &member)
{
    const Value &value = member.value;
    if (member.plainValue && value.type == Value::Type::String && encloses(text, value, '"', '"'))
        return QString::fromLatin1(text.data() + value.begin + 1, value.size() - 2);
    return string(text, value);
}

QJsonValue toJsonValue(QByteArrayView text, const Value &value)
{
    if (value.begin < 0 || value.end > text.size() || value.begin >= value.end)
        return QJsonValue(QJsonValue::Undefined);
    const QByteArrayView slice = text.sliced(value.begin, value.size());
    if (value.type == Value::Type::Object)
        return QJsonDocument::fromJson(slice.toByteArray()).object();
    QByteArray wrapped;
    wrapped.reserve(slice.size() + 2);
    wrapped.append('[').append(slice.data(), slice.size()).append(']');
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped);
    return doc.isArray() && doc.array().size() == 1 ? doc.array().at(0) : QJsonValue(QJsonValue::Undefined);
}

} // namespace RestoreDesk::JsonText
