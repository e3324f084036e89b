#pragma once

namespace RestoreDesk {

// The value of one hexadecimal digit (either case), or -1 for any other character. What a
// percent-escape and a chunk size are read with.
constexpr int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace RestoreDesk
