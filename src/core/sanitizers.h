#pragma once

// RD_SANITIZED_BUILD is defined when this translation unit is built with a sanitizer that replaces
// the allocator or watches the process to its end (address, hardware-address, thread, memory).
// Such builds keep to the plain paths: glibc's arenas are not theirs to advise, and their leak and
// race reports run only when main() returns.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(__SANITIZE_HWADDRESS__)
#define RD_SANITIZED_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(hwaddress_sanitizer) \
    || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define RD_SANITIZED_BUILD 1
#endif
#endif
