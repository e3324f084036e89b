#pragma once

#include "jose/jwk.h"

#include <QJsonObject>

namespace RestoreDesk::Sandbox {

// The sandbox issuer's RSA signing key, generated fresh at every start (2048 bits, RS256).
// Publishes its public half as a JWK; signs compact JWTs. Not copyable; GUI/server thread.
class SigningKey
{
public:
    static std::unique_ptr<SigningKey> generate();

    QString kid() const { return m_kid; }
    QJsonObject publicJwk() const;

    // header + claims -> compact JWS (alg RS256, kid set here; `typ` from the caller's header).
    QByteArray sign(QJsonObject header, const QJsonObject &claims) const;
    QByteArray signRaw(const QByteArray &signingInput) const;

private:
    SigningKey() = default;
    Jose::EvpPkeyPtr m_key;
    QString m_kid;
    QByteArray m_n;
    QByteArray m_e;
};

} // namespace RestoreDesk::Sandbox
