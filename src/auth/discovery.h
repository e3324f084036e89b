#pragma once

#include "auth/providermetadata.h"
#include "core/clock.h"
#include "core/networkjob.h"

#include <QHash>
#include <QObject>

namespace RestoreDesk::Auth {

// OpenID Connect discovery: metadata only over HTTPS (or from a loopback issuer), its `issuer`
// equal to the configured one character for character (OIDC Discovery §4.3, RFC 8414 §3.3); for an
// HTTPS issuer every endpoint it names must be HTTPS too (no downgrade to a plain-HTTP loopback
// endpoint); then the JWKS it names. Metadata and keys are cached per issuer for their
// Cache-Control max-age (24 h without one); an unknown `kid` may re-fetch the JWKS once per
// minute. Requests are NetworkJobs owned by this object; every call reports exactly once (with
// `cancelled` if this object dies first). Lives on one thread.
class Discovery : public QObject
{
    Q_OBJECT

public:
    Discovery(Net::Transport transport, Clock clock, QObject *parent = nullptr);
    ~Discovery() override;

    void fetch(const QString &issuer, std::function<void(Result<ProviderMetadata>)> done);
    // Re-fetch the JWKS (after an unknown kid); refused with keys_rate_limited within a minute of
    // the previous re-fetch.
    void refreshKeys(const QString &issuer, std::function<void(Result<ProviderMetadata>)> done);
    void forget(const QString &issuer) { m_cache.remove(issuer); }
    int requestCount() const { return m_requests; }

    static constexpr int kMinSecondsBetweenKeyFetches = 60;
    static constexpr qint64 kDefaultMaxAgeSeconds = 24 * 3600;

    // The rules applied to a discovery document (exact issuer; required endpoints; for an HTTPS
    // issuer every endpoint HTTPS, else HTTPS or loopback). Pure.
    static Result<ProviderMetadata> parseMetadata(const QString &issuer, const QJsonObject &document);
    // Cache-Control max-age of a response in seconds (no-store / no-cache: 0), or the default.
    static qint64 maxAge(const Net::Response &response);

private:
    void fetchKeys(ProviderMetadata metadata, std::function<void(Result<ProviderMetadata>)> done);
    void get(const QUrl &url, std::function<void(Result<Net::Response>)> done);

    Net::Transport m_transport;
    Clock m_clock;
    QHash<QString, ProviderMetadata> m_cache;
    QHash<QString, QDateTime> m_lastRefetch; // re-fetches only; the first fetch does not count
    int m_requests = 0;
};

} // namespace RestoreDesk::Auth
