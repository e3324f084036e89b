#include "auth/interactivesignin.h"

#include "core/qtcompat.h"
#include "jose/randomtoken.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthHttpServerReplyHandler>
#include <QOAuthOobReplyHandler>

Q_LOGGING_CATEGORY(lcSignIn, "restoredesk.auth.signin", QtInfoMsg)

namespace RestoreDesk::Auth {

namespace {

QString describeAuthorizationError(const QString &error, const QString &description)
{
    if (error == QLatin1String("access_denied"))
        return QStringLiteral("The sign-in was declined at the identity provider%1.")
            .arg(description.isEmpty() ? QString() : QStringLiteral(": ") + description);
    return QStringLiteral("The identity provider answered %1%2.")
        .arg(error, description.isEmpty() ? QString() : QStringLiteral(": ") + description);
}

QString value(const QVariantMap &values, const char *key)
{
    return Compat::callbackValue(values.value(QLatin1String(key))); // decoded exactly once
}

} // namespace

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
        finish(Error::make(Error::Kind::Timeout, QStringLiteral("timeout"),
                           QStringLiteral("No answer came back from the browser within %1 s. If the browser "
                                          "did not open, copy the sign-in link into it and try again.")
                               .arg(m_timeoutMs / 1000)));
    });
}

InteractiveSignIn::~InteractiveSignIn()
{
    if (m_handler)
        m_handler->close();
}

quint16 InteractiveSignIn::port() const
{
    return m_handler ? m_handler->port() : 0;
}

bool InteractiveSignIn::isListening() const
{
    return m_handler && m_handler->isListening();
}

QString InteractiveSignIn::redirectUri() const
{
    return QStringLiteral("http://%1:%2/callback").arg(m_profile.redirectHost).arg(port());
}

QString InteractiveSignIn::pageText(bool ok, const QString &detail) const
{
    // QOAuthHttpServerReplyHandler wraps this text in its own minimal HTML page.
    return ok ? QStringLiteral("Restore Desk: signed in. You can close this tab and return to Restore Desk.")
              : QStringLiteral("Restore Desk: sign-in failed. %1 Return to Restore Desk to try again.")
                    .arg(detail.toHtmlEscaped());
}

void InteractiveSignIn::start(std::function<void(Result<TokenSet>)> done)
{
    m_callback = std::move(done);
    if (!m_provider.codeChallengeMethods.isEmpty()
        && !m_provider.codeChallengeMethods.contains(QStringLiteral("S256")))
        qCInfo(lcSignIn) << "the issuer does not list S256; sending PKCE S256 anyway";
    // Loopback only (the 6.4 default and port-only constructors listen on every interface).
    m_handler = new QOAuthHttpServerReplyHandler(QHostAddress::LocalHost, 0, this);
    if (!m_handler->isListening())
        return finish(
            Error::make(Error::Kind::Network, QStringLiteral("listen_failed"),
                        QStringLiteral("Could not open a loopback port for the browser to come back to.")));
    // An exact callback path: with an empty one, every request (even /favicon.ico) would count.
    Compat::setCallbackPath(*m_handler, QStringLiteral("callback"));
    // Our checks run before Qt's; Qt's own exchange is not used (6.4 only logs token errors).
    connect(m_handler, &QAbstractOAuthReplyHandler::callbackReceived, this, &InteractiveSignIn::onCallback);

    m_flow = new QOAuth2AuthorizationCodeFlow(m_nam, this);
    Compat::disableBuiltInPkce(*m_flow); // ours is sent below; never two
    // The flow builds the authorization request only. It gets an out-of-band handler, so it
    // never sees the callback and never exchanges the code itself (6.4 would only log token
    // errors, and a second exchange of the same code revokes the session at strict issuers).
    m_flow->setReplyHandler(new QOAuthOobReplyHandler(m_flow));
    m_flow->setAuthorizationUrl(m_provider.authorizationEndpoint);
    m_flow->setAccessTokenUrl(m_provider.tokenEndpoint);
    m_flow->setClientIdentifier(m_profile.clientId);
    m_flow->setScope(m_profile.scopes.join(QLatin1Char(' ')));
    m_state = Jose::randomUrlSafe(32); // 256 bits; Qt 6.4's default is 8 time-seeded characters
    m_nonce = Jose::randomUrlSafe(32);
    m_pkce = Jose::Pkce::generate();
    if (m_state.isEmpty() || m_nonce.isEmpty() || m_pkce.verifier.isEmpty())
        return finish(Error::make(Error::Kind::Internal, QStringLiteral("no_randomness"),
                                  QStringLiteral("The system's random generator failed.")));
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
    finish(Error::make(Error::Kind::Cancelled, QStringLiteral("cancelled"),
                       QStringLiteral("Sign-in cancelled.")));
}

void InteractiveSignIn::onCallback(const QVariantMap &values)
{
    // Runs before the handler writes its page, so the page can say what happened.
    if (m_done || m_callbackSeen) {
        m_handler->setCallbackText(
            QStringLiteral("Restore Desk: this sign-in is already finished; this page was not used."));
        return;
    }
    const QString error = value(values, "error");
    const QString state = value(values, "state");
    const QString code = value(values, "code");
    const QString iss = value(values, "iss");
    auto fail
        = [this](const char *codeName, const QString &message, Error::Kind kind = Error::Kind::Security) {
              m_handler->setCallbackText(pageText(false, message));
              finish(Error::make(kind, QLatin1String(codeName), message));
          };
    if (state.isEmpty())
        return fail("state_missing",
                    QStringLiteral(
                        "The answer from the browser carries no state; it was not started by this sign-in."));
    if (state.toLatin1() != m_state)
        return fail(
            "state_mismatch",
            QStringLiteral("The answer from the browser belongs to another sign-in (state mismatch)."));
    if (!iss.isEmpty() || m_provider.issParameterSupported) {
        if (iss != m_provider.issuer)
            return fail("iss_mismatch",
                        QStringLiteral("The answer names issuer \"%1\", not \"%2\" (possible mix-up attack).")
                            .arg(iss, m_provider.issuer));
    }
    if (!error.isEmpty())
        return fail(error == QLatin1String("access_denied") ? "access_denied" : "authorization_error",
                    describeAuthorizationError(error, value(values, "error_description")), Error::Kind::Auth);
    if (code.isEmpty())
        return fail("code_missing",
                    QStringLiteral("The answer from the browser carries no authorization code."),
                    Error::Kind::Protocol);

    m_callbackSeen = true;
    qCDebug(lcSignIn) << "callback accepted; exchanging the code at" << m_provider.tokenEndpoint.toString();
    m_handler->setCallbackText(pageText(true, {}));
    // One use: stop listening once the valid answer is in (after this page is written).
    QTimer::singleShot(0, this, [this] {
        if (m_handler)
            m_handler->close();
    });
    Q_EMIT callbackAccepted();

    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    form.addQueryItem(QStringLiteral("code"), QString::fromLatin1(QUrl::toPercentEncoding(code)));
    form.addQueryItem(QStringLiteral("redirect_uri"),
                      QString::fromLatin1(QUrl::toPercentEncoding(redirectUri())));
    form.addQueryItem(QStringLiteral("client_id"),
                      QString::fromLatin1(QUrl::toPercentEncoding(m_profile.clientId)));
    form.addQueryItem(QStringLiteral("code_verifier"), QString::fromLatin1(m_pkce.verifier));
    HttpJson http;
    http.nam = m_nam;
    if (auto tls = HttpJson::tlsWithBundle(m_profile.caBundle))
        http.tls = tls.value();
    QPointer<InteractiveSignIn> self(this);
    http.postForm(m_provider.tokenEndpoint, form, this, [self](Result<JsonReply> reply) {
        if (!self || self->m_done)
            return;
        if (!reply)
            return self->finish(reply.error());
        if (reply->status != 200)
            return self->finish(oauthError(reply.value(), QStringLiteral("token endpoint")));
        IdTokenExpectations expect;
        expect.issuer = self->m_provider.issuer;
        expect.clientId = self->m_profile.clientId;
        expect.nonce = QString::fromLatin1(self->m_nonce);
        expect.allowedAlgorithms
            = acceptedAlgorithms(self->m_profile.idTokenAlgorithms, self->m_provider.idTokenAlgorithms);
        self->m_tokens->finishTokenResponse(self->m_provider, reply->body, expect,
                                            [self](Result<TokenSet> set) {
                                                if (self)
                                                    self->finish(std::move(set));
                                            });
    });
}

void InteractiveSignIn::finish(Result<TokenSet> result)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    if (m_handler && !m_callbackSeen)
        QTimer::singleShot(0, this, [this] {
            if (m_handler)
                m_handler->close();
        });
    if (!result)
        qCInfo(lcSignIn) << "sign-in failed:" << result.error().toString();
    else
        qCDebug(lcSignIn) << "signed in as" << result->identity.subject << "; ID token verified with key"
                          << result->identity.jwt.keyId();
    if (m_callback) {
        auto callback = std::move(m_callback);
        callback(std::move(result));
    }
}

} // namespace RestoreDesk::Auth
