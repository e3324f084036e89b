#pragma once

#include <QLatin1String>
#include <QString>
#include <QStringList>

namespace RestoreDesk {

// A failure as a value: what kind of thing went wrong, a stable machine code (a named constant of
// the layer that raises it, e.g. Auth::Codes::InvalidGrant), the values the operator's sentence
// names (`args`), and the technical detail (what a peer, OpenSSL or the file system said; never a
// secret). The sentence an operator reads is written from `code` and `args` by the presentation
// (ui/text, through tr()), never here. Returned by every job and service; never thrown. Plain
// value type, any thread.
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
    QString detail; // technical detail for logs and as the tail of the sentence; may be empty
    QStringList args; // what the sentence for `code` names, in the order its catalogue entry says
    int httpStatus = 0; // 0 when not an HTTP answer
    QString correlationId; // x-ms-correlation-request-id or similar, when the peer gave one
    QString requestId; // x-ms-request-id (the service's own id for the call), when given

    static Error make(Kind kind, const QString &code, const QString &detail = {},
                      const QStringList &args = {});
    static Error make(Kind kind, QLatin1String code, const QString &detail = {},
                      const QStringList &args = {});
    Error withHttp(int status, const QString &correlation = {}) const;
    Error withDetail(const QString &text) const;

    bool is(QLatin1String c) const { return code == c; }

    // "code: detail [args] (HTTP 403, correlation …)": one technical line for logs. Not a
    // sentence for the operator (see ui/text/errortext.h).
    QString toString() const;
    static QString kindName(Kind kind);
};

// Codes shared by every layer.
namespace Codes {
inline constexpr QLatin1String Cancelled("cancelled");
inline constexpr QLatin1String Timeout("timeout");
inline constexpr QLatin1String NetworkError("network_error");
// The connection was refused or the host not found: nothing of the request was sent (Kind::Network).
inline constexpr QLatin1String ConnectionRefused("connection_refused");
inline constexpr QLatin1String InvalidJson("invalid_json");
inline constexpr QLatin1String UnterminatedQuote("unterminated_quote");
} // namespace Codes

} // namespace RestoreDesk
