#pragma once

#include "auth/httpjson.h"
#include "auth/providermetadata.h"

#include <QHash>
#include <QObject>

namespace RestoreDesk::Auth {

// OpenID Connect discovery with the rules of sign-in.md §8: metadata only over HTTPS (or from a
// loopback issuer), its `issuer` equal to the configured one character for character, every
// endpoint HTTPS or loopback; then the JWKS it names. Results are cached per issuer; an unknown
// `kid` may re-fetch the JWKS once per minute. Jobs report once. Lives on one thread.
class Discovery : public QObject
{
    Q_OBJECT

public:
    explicit Discovery(HttpJson http, QObject *parent = nullptr);

    void fetch(const QString &issuer, std::function<void(Result<ProviderMetadata>)> done);
    // Re-fetch the JWKS (after an unknown kid); refused with `rate_limited` within a minute of
    // the previous re-fetch.
    void refreshKeys(const QString &issuer, std::function<void(Result<ProviderMetadata>)> done);
    void forget(const QString &issuer) { m_cache.remove(issuer); }

    static constexpr int kMinSecondsBetweenKeyFetches = 60;

private:
    void fetchKeys(ProviderMetadata metadata, std::function<void(Result<ProviderMetadata>)> done);

    HttpJson m_http;
    QHash<QString, ProviderMetadata> m_cache;
    QHash<QString, QDateTime> m_lastRefetch; // re-fetches only; the first fetch does not count
};

} // namespace RestoreDesk::Auth
