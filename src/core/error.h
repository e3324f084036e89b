#pragma once

#include <QString>

namespace RestoreDesk {

// A failure as a value: what kind of thing went wrong, a stable machine code, a message for the
// operator (plain, already free of secrets), and where known the HTTP status and correlation id.
// Returned by every job and service; never thrown. Plain value type, any thread.
struct Error
{
    enum class Kind {
        Invalid, // bad input from the user, a file or a peer
        Network, // could not reach the peer, connection dropped
        Http, // the peer answered with an HTTP error
        Protocol, // the peer answered something that breaks the protocol
        Auth, // authentication or authorization failed
        Security, // a check that protects the user failed (signature, state, issuer...)
        Timeout,
        Cancelled,
        Keychain,
        Io, // local files, disk
        Internal,
    };

    Kind kind = Kind::Internal;
    QString code; // e.g. "invalid_grant", "AuthorizationFailed", "state_mismatch"
    QString message; // what happened, in the operator's terms
    int httpStatus = 0; // 0 when not an HTTP answer
    QString correlationId; // x-ms-correlation-request-id or similar, when the peer gave one

    static Error make(Kind kind, const QString &code, const QString &message);
    Error withHttp(int status, const QString &correlation = {}) const;

    // "code: message (HTTP 403, correlation …)" for logs and the CLI.
    QString toString() const;
    static QString kindName(Kind kind);
};

} // namespace RestoreDesk
