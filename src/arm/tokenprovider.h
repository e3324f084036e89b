#pragma once

#include "core/result.h"

#include <QByteArray>

#include <functional>

namespace RestoreDesk::Auth {
class Session;
}

namespace RestoreDesk::Arm {

// Where the ARM transport gets its bearer token, and what it does when the API refuses one
// (HTTP 401): the signed-in session (renewal = the session's single-flight refresh), or a fixed
// token given on the command line (no renewal). GUI/CLI thread.
class TokenProvider
{
public:
    virtual ~TokenProvider() = default;
    virtual QByteArray accessToken() const = 0;
    // The API refused `rejected`: get a newer token (or report why not). Reports once.
    virtual void renew(const QByteArray &rejected, std::function<void(Result<void>)> done) = 0;
};

class SessionTokenProvider final : public TokenProvider
{
public:
    explicit SessionTokenProvider(Auth::Session *session)
        : m_session(session)
    { }
    QByteArray accessToken() const override;
    void renew(const QByteArray &rejected, std::function<void(Result<void>)> done) override;

private:
    Auth::Session *m_session;
};

class StaticTokenProvider final : public TokenProvider
{
public:
    explicit StaticTokenProvider(QByteArray token)
        : m_token(std::move(token))
    { }
    QByteArray accessToken() const override { return m_token; }
    void renew(const QByteArray &, std::function<void(Result<void>)> done) override;

private:
    QByteArray m_token;
};

} // namespace RestoreDesk::Arm
