#include "auth/interactivesignin.h"

#include "auth/autherrors.h"
#include "core/qtcompat.h"
#include "jose/randomtoken.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthOobReplyHandler>

Q_LOGGING_CATEGORY(lcSignIn, "restoredesk.auth.signin", QtInfoMsg)

namespace RestoreDesk::Auth {

InteractiveSignIn::InteractiveSignIn(QNetworkAccessManager *nam, TokenClient *tokens, Profile profile,
                                     ProviderMetadata provider, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_tokens(tokens)
    , m_profile(std::move(profile))
    , m_provider(std::move(provider))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        finish(Error::make(Error::Kind::Timeout, Codes::SignInTimeout, {},
                           { QString::number(m_timeoutMs / 1000) }));
    });
}

InteractiveSignIn::~InteractiveSignIn()
{
    if (!m_done)
        finish(Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled));
}

quint16 InteractiveSignIn::port() const
{
    return m_listener ? m_listener->port() : 0;
}

bool InteractiveSignIn::isListening() const
{
    return m_listener && m_listener->isListening();
}

QString InteractiveSignIn::redirectUri() const
{
    return m_redirectUri;
}

void InteractiveSignIn::start(std::function<void(Result<TokenSet>)> done)
{
    m_callback = std::move(done);
    if (!m_provider.codeChallengeMethods.isEmpty()
        && !m_provider.codeChallengeMethods.contains(QStringLiteral("S256")))
        qCInfo(lcSignIn) << "the issuer does not list S256; sending PKCE S256 anyway";
    m_listener = new LoopbackListener(this);
    m_listener->setPageText(m_pageText);
    m_listener->setJudge([this](const QHash<QString, QString> &query) { return judge(query); });
    connect(m_listener, &LoopbackListener::refused, this, &InteractiveSignIn::strayRequest);
    if (!m_listener->listen(QStringLiteral("/callback")))
        return finish(Error::make(Error::Kind::Network, Codes::ListenFailed));
    m_redirectUri
        = QStringLiteral("http://%1:%2/callback").arg(m_profile.redirectHost).arg(m_listener->port());

    m_state = Jose::randomUrlSafe(32); // 256 bits; Qt 6.4's default is 8 time-seeded characters
    m_nonce = Jose::randomUrlSafe(32);
    m_pkce = Jose::Pkce::generate();
    if (m_state.isEmpty() || m_nonce.isEmpty() || m_pkce.verifier.isEmpty())
        return finish(Error::make(Error::Kind::Internal, Codes::NoRandomness));

    m_flow = new QOAuth2AuthorizationCodeFlow(m_nam, this);
    Compat::disableBuiltInPkce(*m_flow); // ours is sent below; never two
    // An out-of-band handler: the flow builds the authorization URL and nothing else. It never
    // listens and never exchanges the code (6.4 would only log token errors, and a second
    // exchange of the same code revokes the session at strict issuers).
    m_flow->setReplyHandler(new QOAuthOobReplyHandler(m_flow));
    m_flow->setAuthorizationUrl(m_provider.authorizationEndpoint);
    m_flow->setAccessTokenUrl(m_provider.tokenEndpoint);
    m_flow->setClientIdentifier(m_profile.clientId);
    m_flow->setScope(m_profile.scopes.join(QLatin1Char(' ')));
    m_flow->setState(QString::fromLatin1(m_state));
    const QString redirect = redirectUri();
    const QByteArray challenge = m_pkce.challenge;
    const QByteArray nonce = m_nonce;
    const QString prompt = m_profile.prompt;
    m_flow->setModifyParametersFunction(
        [redirect, challenge, nonce, prompt](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *p) {
            if (stage != QAbstractOAuth::Stage::RequestingAuthorization)
                return;
            p->replace(QStringLiteral("redirect_uri"), redirect);
            p->replace(QStringLiteral("code_challenge"), challenge);
            p->replace(QStringLiteral("code_challenge_method"), QByteArrayLiteral("S256"));
            p->replace(QStringLiteral("nonce"), nonce);
            if (!prompt.isEmpty())
                p->replace(QStringLiteral("prompt"), prompt);
        });
    connect(m_flow, &QAbstractOAuth::authorizeWithBrowser, this, [this](const QUrl &url) {
        m_url = url;
        m_timer.start(m_timeoutMs);
        qCDebug(lcSignIn) << "listening on 127.0.0.1:" << port() << "; opening the browser at"
                          << url.toString(QUrl::RemoveQuery);
        Q_EMIT openBrowser(url); // the listener is already up
    });
    m_flow->grant();
}

void InteractiveSignIn::cancel()
{
    finish(Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled));
}

LoopbackListener::Verdict InteractiveSignIn::judge(const QHash<QString, QString> &query)
{
    using Verdict = LoopbackListener::Verdict;
    auto refuse = [](const char *code) { return Verdict { false, 400, QLatin1String(code), {} }; };
    // Only the answer carrying this sign-in's state may end it; anything else is a stray request
    // (another tab, a scanner, a forged link) and the sign-in keeps waiting for the real one.
    const QString state = query.value(QStringLiteral("state"));
    if (state.isEmpty())
        return refuse("state_missing");
    if (state.toLatin1() != m_state)
        return refuse("state_mismatch");
    const QString error = query.value(QStringLiteral("error"));
    const QString code = query.value(QStringLiteral("code"));
    if (error.isEmpty() && code.isEmpty())
        return refuse("code_missing");

    // From here on the answer is the real one (its state is secret): it ends the sign-in.
    const QString iss = query.value(QStringLiteral("iss"));
    if (query.contains(QStringLiteral("iss")) || m_provider.issParameterSupported) {
        if (iss != m_provider.issuer) {
            const Error e
                = Error::make(Error::Kind::Security, Codes::IssMismatch, {}, { iss, m_provider.issuer });
            QTimer::singleShot(0, this, [this, e] { finish(e); });
            return Verdict { true, 400, QString(Codes::IssMismatch), { iss, m_provider.issuer } };
        }
    }
    if (!error.isEmpty()) {
        const QString description = query.value(QStringLiteral("error_description"));
        const Error e = error == Codes::AccessDenied
            ? Error::make(Error::Kind::Auth, Codes::AccessDenied, description)
            : Error::make(Error::Kind::Auth, Codes::AuthorizationError, description, { error });
        QTimer::singleShot(0, this, [this, e] { finish(e); });
        return Verdict { true, 400, e.code, { error, description } };
    }
    Q_EMIT callbackAccepted();
    QTimer::singleShot(0, this, [this, code] { exchange(code); });
    return Verdict { true, 200, QStringLiteral("signed_in"), {} };
}

void InteractiveSignIn::exchange(const QString &code)
{
    if (m_done)
        return;
    qCDebug(lcSignIn) << "callback accepted; exchanging the code at" << m_provider.tokenEndpoint.toString();
    IdTokenExpectations expect;
    expect.issuer = m_provider.issuer;
    expect.clientId = m_profile.clientId;
    expect.nonce = QString::fromLatin1(m_nonce);
    expect.allowedAlgorithms = acceptedAlgorithms(m_profile.idTokenAlgorithms, m_provider.idTokenAlgorithms);
    QPointer<InteractiveSignIn> self(this);
    m_tokens->exchangeCode(m_provider, m_profile.clientId, code, redirectUri(), m_pkce.verifier, expect,
                           [self](Result<TokenSet> set) {
                               if (self)
                                   self->finish(std::move(set));
                           });
}

void InteractiveSignIn::finish(Result<TokenSet> result)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    if (m_listener)
        m_listener->close();
    if (!result)
        qCInfo(lcSignIn) << "sign-in ended:" << result.error().toString();
    else
        qCDebug(lcSignIn) << "signed in as" << result->identity.subject << "; ID token verified with key"
                          << result->identity.jwt.keyId();
    if (m_callback) {
        auto callback = std::move(m_callback);
        callback(std::move(result));
    }
}

} // namespace RestoreDesk::Auth
