#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace RestoreDesk::Audit {

// SHA-256 with a reusable OpenSSL context (the verifier hashes a million lines; setting a context
// up per line would cost more than the hashing). One instance per thread.
class Sha256
{
public:
    // Whether OpenSSL's libcrypto, which this and MacKey compute with, is loaded (or could be now:
    // it is loaded at the first use, see LibCrypto). Where it is not, both give zeros; the audit
    // log and its verifier refuse to work (Codes::CryptoUnavailable) instead.
    static Result<void> available();

    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void digest(const char *data, qsizetype size, unsigned char out[32]);
    QByteArray hex(const char *data, qsizetype size);
    QByteArray hex(const QByteArray &bytes) { return hex(bytes.constData(), bytes.size()); }

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// HMAC-SHA256 under the per-installation audit key, with the key's padded inner and outer
// states computed once. The key bytes come from the caller (the OS keychain, see
// Auth::AuditKeyProvider); this layer never touches the keychain. One instance per thread.
class MacKey
{
public:
    explicit MacKey(const QByteArray &key);
    ~MacKey();
    MacKey(const MacKey &) = delete;
    MacKey &operator=(const MacKey &) = delete;

    // 16 hex characters naming the key (an HMAC of a fixed label, so it reveals nothing).
    QByteArray id() const { return m_id; }
    // The MAC of a record: over a domain label and the record's raw SHA-256.
    void recordMac(const unsigned char hash[32], unsigned char out[32]);
    QByteArray recordMacHex(const QByteArray &hashHex);
    // The MAC of the anchor (chain head): over a different label, the seq and the hash.
    QByteArray anchorMacHex(qint64 seq, const QByteArray &hashHex);
    QByteArray macHex(const QByteArray &message);

private:
    void mac(const QByteArray &prefix, const char *data, qsizetype size, unsigned char out[32]);

    struct State;
    std::unique_ptr<State> m_state;
    QByteArray m_id;
};

// The byte format of one record line. A line is
//   {"seq":N,"prev":"<64 hex>","type":"<type>",<body>[,"key":"<16 hex>"],"hash":"<64 hex>"[,"mac":"<64
//   hex>"]}
// where <body> is the record's other fields as compact JSON (keys sorted). "hash" is the SHA-256 of
// every byte before `,"hash":` (so it covers seq, prev, type, body and key id); "mac" is the
// HMAC of that hash under the installation key. The fixed head and tail let the verifier check a
// line without a JSON parser; the whole line is still valid JSON for everyone else.
namespace LineFormat {

inline constexpr int kHashHexSize = 64;
inline constexpr int kKeyIdSize = 16;

// The "prev" of the first record of a log.
QByteArray genesis();

// What a line says about its place in the chain, read without a JSON parser. Pointers point into
// the line; valid while it lives.
struct View
{
    qint64 seq = 0;
    const char *prev = nullptr; // 64 hex
    const char *type = nullptr;
    int typeSize = 0;
    const char *keyId = nullptr; // 16 hex, or null
    const char *hash = nullptr; // 64 hex
    const char *mac = nullptr; // 64 hex, or null
    qsizetype hashedSize = 0; // bytes covered by "hash"
};

// False when the line does not have the record shape (the caller reports "malformed").
bool parse(const char *line, qsizetype size, View *out);

bool isValidType(const QString &type);

// Builds the line (without the newline) for a record with the given chain position and JSON body;
// returns the hash through `hashHex`. `key` may be null (no MAC).
QByteArray encode(qint64 seq, const QByteArray &prevHex, const QString &type, const QJsonObject &body,
                  MacKey *key, Sha256 &sha, QByteArray *hashHex);

// Lower-case hex of 32 bytes into `out` (64 chars, no terminator).
void toHex(const unsigned char bytes[32], char out[64]);

} // namespace LineFormat

} // namespace RestoreDesk::Audit
