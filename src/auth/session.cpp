#include "auth/session.h"

#include "core/jsonutil.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcSession, "restoredesk.auth.session", QtInfoMsg)

namespace RestoreDesk::Auth {

Session::Session(QNetworkAccessManager *nam, KeychainStore *keychain, ProfileStore *profiles, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_keychain(keychain)
    , m_profiles(profiles)
{
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        refresh([this](Result<void> r) {
            if (!r)
                qCInfo(lcSession) << "silent refresh failed:" << r.error().toString();
        });
    });
}

Session::~Session() = default;

QString Session::keychainKey(const QString &issuer, const QString &clientId, const QString &subject)
{
    return issuer + QLatin1Char('|') + clientId + QLatin1Char('|') + subject;
}

HttpJson Session::http() const
{
    HttpJson h;
    h.nam = m_nam;
    if (auto tls = HttpJson::tlsWithBundle(m_profile.caBundle))
        h.tls = tls.value();
    return h;
}

void Session::setProfile(const Profile &profile)
{
    forget();
    ++m_generation;
    m_profile = profile;
    m_provider = ProviderMetadata();
    delete m_discovery;
    delete m_tokenClient;
    m_discovery = new Discovery(http(), this);
    m_tokenClient = new TokenClient(http(), m_discovery, this);
    Q_EMIT changed();
}

void Session::withProvider(std::function<void(Result<ProviderMetadata>)> done)
{
    auto valid = m_profile.validate();
    if (!valid)
        return done(valid.error());
    if (!m_profile.caBundle.isEmpty()) {
        auto tls = HttpJson::tlsWithBundle(m_profile.caBundle);
        if (!tls)
            return done(tls.error());
    }
    const quint64 generation = m_generation;
    m_discovery->fetch(m_profile.issuer, [this, generation, done](Result<ProviderMetadata> md) {
        if (generation != m_generation)
            return done(Error::make(Error::Kind::Cancelled, QStringLiteral("cancelled"),
                                    QStringLiteral("The profile changed.")));
        if (md)
            m_provider = md.value();
        done(md);
    });
}

void Session::signIn(std::function<void(Result<void>)> done)
{
    if (m_signIn)
        m_signIn->cancel();
    const quint64 generation = m_generation;
    withProvider([this, generation, done](Result<ProviderMetadata> md) {
        if (!md)
            return done(md.error());
        auto signIn = new InteractiveSignIn(m_nam, m_tokenClient, m_profile, md.value(), this);
        signIn->setTimeout(m_signInTimeoutMs);
        m_signIn = signIn;
        connect(signIn, &InteractiveSignIn::openBrowser, this, &Session::openBrowser);
        signIn->start([this, signIn, generation, done](Result<TokenSet> tokens) {
            signIn->deleteLater();
            if (generation != m_generation)
                return done(Error::make(Error::Kind::Cancelled, QStringLiteral("cancelled"),
                                        QStringLiteral("The profile changed during sign-in.")));
            if (!tokens)
                return done(tokens.error());
            adopt(std::move(tokens).value(), done);
        });
    });
}

void Session::cancelSignIn()
{
    if (m_signIn)
        m_signIn->cancel();
}

QUrl Session::pendingSignInUrl() const
{
    return m_signIn ? m_signIn->signInUrl() : QUrl();
}

void Session::adopt(TokenSet tokens, std::function<void(Result<void>)> done)
{
    // Rotation: the newest refresh token is stored before the new access token is used.
    const quint64 generation = m_generation;
    persist(tokens, [this, tokens, generation, done](Result<void> stored) {
        if (generation != m_generation)
            return done(Error::make(Error::Kind::Cancelled, QStringLiteral("cancelled"),
                                    QStringLiteral("Signed out meanwhile.")));
        if (!stored)
            qCInfo(lcSession) << "keeping the session in memory only:" << stored.error().toString();
        m_tokens = tokens;
        m_identityVerified = !tokens.idToken.isEmpty();
        qCDebug(lcSession) << "session for" << tokens.identity.subject << "until"
                           << tokens.accessTokenExpiresAt
                           << (tokens.refreshToken.isEmpty() ? "without" : "with") << "a refresh token";
        m_profiles->setLastSubject(m_profile.issuer, m_profile.clientId, tokens.identity.subject);
        scheduleRefresh();
        Q_EMIT changed();
        done(Result<void>());
    });
}

void Session::persist(const TokenSet &tokens, std::function<void(Result<void>)> done)
{
    if (tokens.refreshToken.isEmpty() || !m_keychain) {
        m_persistence = Persistence::MemoryOnly;
        m_persistenceNotice = tokens.refreshToken.isEmpty()
            ? QStringLiteral("The identity provider issued no refresh token: you will sign in again when the "
                             "access token expires.")
            : QStringLiteral("No keychain: this session lasts until you quit.");
        return done(Result<void>());
    }
    const QJsonObject entry { { QStringLiteral("refresh_token"), QString::fromLatin1(tokens.refreshToken) },
                              { QStringLiteral("claims"), tokens.identity.jwt.claims } };
    const QString key = keychainKey(m_profile.issuer, m_profile.clientId, tokens.identity.subject);
    m_keychain->write(
        key, QJsonDocument(entry).toJson(QJsonDocument::Compact), [this, done](Result<void> written) {
            if (written) {
                m_persistence = Persistence::Keychain;
                m_persistenceNotice.clear();
                return done(written);
            }
            m_persistence = Persistence::MemoryOnly;
            const bool locked = written.error().code == QLatin1String("access_denied")
                || written.error().code == QLatin1String("timeout");
            m_persistenceNotice = locked
                ? QStringLiteral("The keychain is locked: this session lasts until you quit. Unlock the "
                                 "keychain and retry "
                                 "to stay signed in.")
                : QStringLiteral(
                      "No keychain is available (%1): this session lasts until you quit; nothing was written "
                      "to disk.")
                      .arg(written.error().detail);
            if (locked)
                QTimer::singleShot(0, this, [this] { Q_EMIT keychainLocked(m_persistenceNotice); });
            done(written);
        });
}

void Session::resume(std::function<void(Result<void>)> done)
{
    const QString subject = m_profiles->lastSubject(m_profile.issuer, m_profile.clientId);
    if (subject.isEmpty() || !m_keychain)
        return done(Error::make(Error::Kind::Auth, QStringLiteral("not_signed_in"),
                                QStringLiteral("Not signed in to %1.").arg(m_profile.name)));
    const quint64 generation = m_generation;
    m_keychain->read(
        keychainKey(m_profile.issuer, m_profile.clientId, subject),
        [this, generation, done](Result<QByteArray> entry) {
            if (generation != m_generation)
                return done(Error::make(Error::Kind::Cancelled, QStringLiteral("cancelled"),
                                        QStringLiteral("The profile changed.")));
            if (!entry) {
                if (entry.error().code == QLatin1String("not_found"))
                    return done(
                        Error::make(Error::Kind::Auth, QStringLiteral("not_signed_in"),
                                    QStringLiteral("No saved session for %1; sign in.").arg(m_profile.name)));
                m_persistence = Persistence::MemoryOnly;
                m_persistenceNotice
                    = QStringLiteral("The keychain could not be read (%1).").arg(entry.error().detail);
                Q_EMIT changed();
                return done(entry.error());
            }
            auto o = Json::parseObject(entry.value(), QStringLiteral("The saved session"));
            if (!o)
                return done(o.error());
            m_tokens = TokenSet();
            m_tokens.refreshToken = o->value(QStringLiteral("refresh_token")).toString().toLatin1();
            m_tokens.identity.jwt.claims = o->value(QStringLiteral("claims")).toObject();
            m_tokens.identity.subject = m_tokens.identity.jwt.claims.value(QStringLiteral("sub")).toString();
            m_persistence = Persistence::Keychain;
            refresh(done);
        });
}

void Session::refresh(std::function<void(Result<void>)> done)
{
    if (m_tokens.refreshToken.isEmpty())
        return done(Error::make(Error::Kind::Auth, QStringLiteral("no_refresh_token"),
                                QStringLiteral("There is no refresh token; sign in again.")));
    const quint64 generation = m_generation;
    const QByteArray refreshToken = m_tokens.refreshToken;
    const VerifiedIdToken previous = m_tokens.identity;
    withProvider([this, generation, refreshToken, previous, done](Result<ProviderMetadata> md) {
        if (!md)
            return done(md.error());
        m_tokenClient->refresh(
            md.value(), m_profile.clientId, refreshToken, previous,
            acceptedAlgorithms(m_profile.idTokenAlgorithms, md->idTokenAlgorithms),
            [this, generation, previous, done](Result<TokenSet> tokens) {
                if (generation != m_generation)
                    return done(Error::make(Error::Kind::Cancelled, QStringLiteral("cancelled"),
                                            QStringLiteral("Signed out meanwhile.")));
                if (!tokens) {
                    const Error e = tokens.error();
                    if (e.code == QLatin1String("invalid_grant")
                        || e.code == QLatin1String("identity_changed")) {
                        const QString why = e.code == QLatin1String("invalid_grant")
                            ? QStringLiteral("Your saved sign-in was revoked or has expired at the identity "
                                             "provider (%1). Sign in again.")
                                  .arg(e.detail)
                            : e.detail;
                        if (m_keychain && !previous.subject.isEmpty())
                            m_keychain->remove(
                                keychainKey(m_profile.issuer, m_profile.clientId, previous.subject),
                                [](Result<void>) {});
                        forget();
                        Q_EMIT interactiveSignInNeeded(why);
                    }
                    return done(e);
                }
                const bool verified = !tokens->idToken.isEmpty();
                adopt(std::move(tokens).value(), [this, verified, done](Result<void> r) {
                    m_identityVerified = verified;
                    done(r);
                });
            });
    });
}

void Session::signOut(std::function<void(Result<void>)> done)
{
    qCDebug(lcSession) << "signing out of" << m_profile.issuer;
    const TokenSet tokens = m_tokens;
    const Profile profile = m_profile;
    const ProviderMetadata provider = m_provider;
    forget();
    ++m_generation;
    m_profiles->setLastSubject(profile.issuer, profile.clientId, QString());
    Q_EMIT changed();
    auto removeEntry = [this, profile, tokens, done](Result<void> revoked) {
        if (!m_keychain || tokens.identity.subject.isEmpty())
            return done(revoked);
        m_keychain->remove(keychainKey(profile.issuer, profile.clientId, tokens.identity.subject),
                           [revoked, done](Result<void> removed) {
                               if (!removed && removed.error().code != QLatin1String("not_found"))
                                   return done(removed);
                               done(revoked);
                           });
    };
    if (tokens.refreshToken.isEmpty() || provider.revocationEndpoint.isEmpty())
        return removeEntry(Result<void>());
    m_tokenClient->revoke(provider, profile.clientId, tokens.refreshToken, QStringLiteral("refresh_token"),
                          removeEntry);
}

void Session::setAutoRefresh(bool on)
{
    m_autoRefresh = on;
    if (!on)
        m_refreshTimer.stop();
    else if (isSignedIn())
        scheduleRefresh();
}

void Session::retryKeychain(std::function<void(Result<void>)> done)
{
    if (!isSignedIn())
        return done(Error::make(Error::Kind::Auth, QStringLiteral("not_signed_in"),
                                QStringLiteral("Not signed in.")));
    persist(m_tokens, [this, done](Result<void> r) {
        Q_EMIT changed();
        done(r);
    });
}

QUrl Session::endSessionUrl() const
{
    if (m_provider.endSessionEndpoint.isEmpty())
        return {};
    QUrl url = m_provider.endSessionEndpoint;
    QUrlQuery q(url);
    q.addQueryItem(QStringLiteral("client_id"),
                   QString::fromLatin1(QUrl::toPercentEncoding(m_profile.clientId)));
    if (!m_tokens.idToken.isEmpty())
        q.addQueryItem(QStringLiteral("id_token_hint"), QString::fromLatin1(m_tokens.idToken));
    url.setQuery(q);
    return url;
}

void Session::keepForThisSessionOnly()
{
    m_persistence = Persistence::MemoryOnly;
    m_persistenceNotice = QStringLiteral(
        "Kept for this session only, by your choice: you will sign in again after quitting.");
    Q_EMIT changed();
}

void Session::scheduleRefresh()
{
    if (m_tokens.refreshToken.isEmpty() || !m_autoRefresh)
        return;
    const qint64 lifetime = QDateTime::currentDateTimeUtc().msecsTo(m_tokens.accessTokenExpiresAt);
    // Refresh a fifth of the lifetime (at most a minute) before expiry; never more than once a second.
    const qint64 at = qMax<qint64>(1000, lifetime - qMin<qint64>(60000, lifetime / 5));
    m_refreshTimer.start(int(qMin<qint64>(at, std::numeric_limits<int>::max())));
}

void Session::forget()
{
    if (m_signIn)
        m_signIn->cancel();
    m_refreshTimer.stop();
    m_tokens = TokenSet();
    m_identityVerified = false;
}

} // namespace RestoreDesk::Auth
