#pragma once

#include "core/hexdigit.h"

#include <QByteArrayView>

#include <cstring>

// The HTTP/1.1 grammar's small pieces (RFC 9110 §5.6), shared by the sandbox's request reader and
// the loopback client's answer reader.
namespace RestoreDesk::HttpSyntax {

inline bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

// Optional white space (SP, HT) off both ends; nothing else.
inline QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && isSpace(v.front()))
        v = v.sliced(1);
    while (!v.isEmpty() && isSpace(v.back()))
        v.chop(1);
    return v;
}

// tchar (RFC 9110 §5.6.2).
inline bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

inline bool isToken(QByteArrayView v)
{
    if (v.isEmpty())
        return false;
    for (char c : v) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// field-value bytes: HT, visible ASCII, SP and obs-text; never NUL, CR, LF or another control.
inline bool isFieldText(QByteArrayView v)
{
    for (char c : v) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

// The number the leading digits of `v` (in `base`, 10 or 16) spell, and how many there are in
// `*digits`; any value beyond `cap` is cap + 1 (no overflow, however many digits, for a cap up to
// 2^58).
inline qsizetype leadingNumber(QByteArrayView v, int base, qsizetype cap, qsizetype *digits)
{
    qsizetype value = 0;
    qsizetype n = 0;
    for (; n < v.size(); ++n) {
        const int d = hexDigit(v.at(n));
        if (d < 0 || d >= base)
            break;
        if (value <= cap)
            value = value * base + d;
    }
    *digits = n;
    return value > cap ? cap + 1 : value;
}

} // namespace RestoreDesk::HttpSyntax
