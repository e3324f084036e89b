#pragma once

#include <QtAlgorithms>
#include <QtGlobal>

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

// Searches over the text most of a list page is made of: string bodies. Sixteen bytes a step
// with SSE2, eight (in a 64-bit word) without; every step stays inside [p, end). Pure functions;
// any thread.
namespace RestoreDesk::TextScan {

namespace Detail {

constexpr quint64 kOnes = ~quint64(0) / 255; // 0x0101...01
constexpr quint64 kHighs = kOnes * 0x80; // 0x8080...80

// Whether one of the eight bytes of `x` is below `n` (n <= 128).
constexpr quint64 anyBelow(quint64 x, quint64 n)
{
    return (x - kOnes * n) & ~x & kHighs;
}

// Whether one of the eight bytes of `x` is `c`.
constexpr quint64 anyIs(quint64 x, quint64 c)
{
    return anyBelow(x ^ (kOnes * c), 1);
}

inline bool isSpecial(char c)
{
    return c == '"' || c == '\\';
}

inline bool isPlain(char c)
{
    const auto u = uchar(c);
    return u >= 0x20 && u < 0x7f && !isSpecial(c);
}

// The byte-at-a-time end of both searches.
template<typename Stop>
const char *bytewise(const char *p, const char *end, Stop stop)
{
    for (; p != end; ++p) {
        if (stop(*p))
            return p;
    }
    return end;
}

// The searches eight bytes a step, in a 64-bit word: what runs where SSE2 is not there (and
// what the tests hold beside the SSE2 ones).
inline const char *quoteOrBackslashByWords(const char *p, const char *end)
{
    for (; end - p >= 8; p += 8) {
        quint64 x;
        std::memcpy(&x, p, 8);
        if (anyIs(x, '"') | anyIs(x, '\\'))
            break;
    }
    return bytewise(p, end, isSpecial);
}

inline const char *notPlainByWords(const char *p, const char *end)
{
    for (; end - p >= 8; p += 8) {
        quint64 x;
        std::memcpy(&x, p, 8);
        if (anyBelow(x, 0x20) | (x & kHighs) | anyIs(x, 0x7f) | anyIs(x, '"') | anyIs(x, '\\'))
            break;
    }
    return bytewise(p, end, [](char c) { return !isPlain(c); });
}

#ifdef __SSE2__
inline const char *quoteOrBackslashBySse2(const char *p, const char *end)
{
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    for (; end - p >= 16; p += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const int hits
            = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
        if (hits)
            return p + qCountTrailingZeroBits(unsigned(hits));
    }
    return bytewise(p, end, isSpecial);
}

inline const char *notPlainBySse2(const char *p, const char *end)
{
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i del = _mm_set1_epi8(0x7f);
    for (; end - p >= 16; p += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        // Signed: bytes 0x80..0xff are negative, so "below 0x20" takes them with the controls.
        const __m128i odd = _mm_or_si128(_mm_cmplt_epi8(x, space), _mm_cmpeq_epi8(x, del));
        const __m128i special = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash));
        const int hits = _mm_movemask_epi8(_mm_or_si128(odd, special));
        if (hits)
            return p + qCountTrailingZeroBits(unsigned(hits));
    }
    return bytewise(p, end, [](char c) { return !isPlain(c); });
}
#endif

} // namespace Detail

// The first byte in [p, end) that is a quote or a backslash: where a string's body ends or an
// escape begins. `end` when there is none.
inline const char *quoteOrBackslash(const char *p, const char *end)
{
#ifdef __SSE2__
    return Detail::quoteOrBackslashBySse2(p, end);
#else
    return Detail::quoteOrBackslashByWords(p, end);
#endif
}

// The first byte in [p, end) that is not plain string text (printable ASCII other than the quote
// and the backslash): a string's end, an escape, a control character or a byte of UTF-8. `end`
// when there is none.
inline const char *notPlain(const char *p, const char *end)
{
#ifdef __SSE2__
    return Detail::notPlainBySse2(p, end);
#else
    return Detail::notPlainByWords(p, end);
#endif
}

// The closing quote of a string whose body begins at `p` (just after its opening quote): the
// first quote no backslash escapes, each escape stepped over with the character it escapes.
// `end` when the text ends first (a backslash as its last byte included). `escaped`, when given,
// is set when the body holds an escape.
inline const char *closingQuote(const char *p, const char *end, bool *escaped = nullptr)
{
    while (true) {
        p = quoteOrBackslash(p, end);
        if (p == end || *p == '"')
            return p;
        if (escaped)
            *escaped = true;
        if (end - p < 2)
            return end;
        p += 2;
    }
}

} // namespace RestoreDesk::TextScan
