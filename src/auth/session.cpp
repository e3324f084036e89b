#include "auth/session.h"

#include "auth/autherrors.h"
#include "auth/refreshlock.h"
#include "core/jsonutil.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcSession, "restoredesk.auth.session", QtInfoMsg)

namespace RestoreDesk::Auth {

namespace {

Error cancelled()
{
    return Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled);
}

Error profileChanged()
{
    return Error::make(Error::Kind::Cancelled, Codes::ProfileChanged);
}

bool isLockedKeychain(const Error &e)
{
    return e.code == Codes::KeychainLocked || e.code == Codes::KeychainTimeout;
}

} // namespace

Session::Session(QNetworkAccessManager *nam, KeychainStore *keychain, ProfileStore *profiles, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_keychain(keychain)
    , m_profiles(profiles)
{
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        refresh([](Result<void> r) {
            if (!r)
                qCInfo(lcSession) << "silent refresh failed:" << r.error().toString();
        });
    });
}

Session::~Session()
{
    // Everyone waiting hears `cancelled` while this object is still whole.
    m_generation++;
    if (m_signIn)
        m_signIn->cancel();
    finishRefresh(cancelled());
}

void Session::setClock(Clock clock)
{
    m_clock = std::move(clock);
    setProfile(m_profile);
}

QString Session::keychainKey(const QString &issuer, const QString &clientId, const QString &subject)
{
    return issuer + QLatin1Char('|') + clientId + QLatin1Char('|') + subject;
}

Net::Transport Session::transport() const
{
    Net::Transport t;
    t.nam = m_nam;
    if (auto tls = Net::Transport::tlsWithBundle(m_profile.caBundle))
        t.tls = tls.value();
    return t;
}

void Session::setProfile(const Profile &profile)
{
    forget();
    ++m_generation;
    finishRefresh(profileChanged());
    m_profile = profile;
    m_provider = ProviderMetadata();
    m_memoryOnlyByChoice = false;
    m_persistence = Persistence::Unknown;
    m_persistenceReason = Error();
    delete m_tokenClient;
    delete m_discovery;
    delete m_lock;
    m_lock = nullptr;
    m_discovery = new Discovery(transport(), m_clock, this);
    m_tokenClient = new TokenClient(transport(), m_discovery, m_clock, this);
    Q_EMIT changed();
}

void Session::withProvider(std::function<void(Result<ProviderMetadata>)> done)
{
    auto valid = m_profile.validate();
    if (!valid)
        return done(valid.error());
    if (!m_profile.caBundle.isEmpty()) {
        auto tls = Net::Transport::tlsWithBundle(m_profile.caBundle);
        if (!tls)
            return done(tls.error());
    }
    const quint64 generation = m_generation;
    QPointer<Session> self(this);
    m_discovery->fetch(m_profile.issuer, [self, generation, done](Result<ProviderMetadata> md) {
        if (!self || self->cancelledSince(generation))
            return done(profileChanged());
        if (md)
            self->m_provider = md.value();
        done(md);
    });
}

void Session::signIn(std::function<void(Result<void>)> done)
{
    if (m_signIn)
        m_signIn->cancel();
    const quint64 generation = m_generation;
    QPointer<Session> self(this);
    withProvider([self, generation, done](Result<ProviderMetadata> md) {
        if (!md)
            return done(md.error());
        auto *signIn
            = new InteractiveSignIn(self->m_nam, self->m_tokenClient, self->m_profile, md.value(), self);
        signIn->setTimeout(self->m_signInTimeoutMs);
        signIn->setPageText(self->m_pageText);
        self->m_signIn = signIn;
        connect(signIn, &InteractiveSignIn::openBrowser, self, &Session::openBrowser);
        connect(signIn, &InteractiveSignIn::strayRequest, self, &Session::strayCallback);
        signIn->start([self, signIn, generation, done](Result<TokenSet> tokens) {
            signIn->deleteLater();
            if (!self || self->cancelledSince(generation))
                return done(profileChanged());
            if (!tokens)
                return done(tokens.error());
            self->m_lastRefreshAt = self->m_clock();
            self->adopt(std::move(tokens).value(), done);
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
    QPointer<Session> self(this);
    persist(tokens, [self, tokens, generation, done](Result<void> stored) {
        if (!self || self->cancelledSince(generation))
            return done(cancelled());
        if (!stored)
            qCInfo(lcSession) << "keeping the session in memory only:" << stored.error().toString();
        self->m_tokens = tokens;
        self->m_identityVerified = !tokens.idToken.isEmpty() || self->m_identityVerified;
        qCDebug(lcSession) << "session for" << tokens.identity.subject << "until"
                           << tokens.accessTokenExpiresAt
                           << (tokens.refreshToken.isEmpty() ? "without" : "with") << "a refresh token";
        self->m_profiles->setLastSubject(self->m_profile.issuer, self->m_profile.clientId,
                                         tokens.identity.subject);
        self->scheduleRefresh();
        Q_EMIT self->changed();
        done(Result<void>());
    });
}

void Session::persist(const TokenSet &tokens, std::function<void(Result<void>)> done)
{
    if (tokens.refreshToken.isEmpty() || !m_keychain || m_memoryOnlyByChoice) {
        m_persistence = Persistence::MemoryOnly;
        m_persistenceReason = tokens.refreshToken.isEmpty()
            ? Error::make(Error::Kind::Auth, Codes::NoRefreshToken)
            : !m_keychain ? Error::make(Error::Kind::Keychain, Codes::KeychainUnavailable)
                          : Error();
        return done(Result<void>());
    }
    const QJsonObject entry { { QStringLiteral("refresh_token"), QString::fromLatin1(tokens.refreshToken) },
                              { QStringLiteral("claims"), tokens.identity.jwt.claims } };
    const QString key = keychainKey(m_profile.issuer, m_profile.clientId, tokens.identity.subject);
    QPointer<Session> self(this);
    m_keychain->write(key, QJsonDocument(entry).toJson(QJsonDocument::Compact),
                      [self, done](Result<void> written) {
                          if (!self)
                              return done(cancelled());
                          if (written) {
                              self->m_persistence = Persistence::Keychain;
                              self->m_persistenceReason = Error();
                              return done(written);
                          }
                          self->m_persistence = Persistence::MemoryOnly;
                          self->m_persistenceReason = written.error();
                          if (isLockedKeychain(written.error())) {
                              const Error why = written.error();
                              QTimer::singleShot(0, self, [self, why] {
                                  if (self)
                                      Q_EMIT self->keychainLocked(why, false);
                              });
                          }
                          done(written);
                      });
}

void Session::readEntry(const QString &subject, std::function<void(Result<QJsonObject>)> done)
{
    m_keychain->read(keychainKey(m_profile.issuer, m_profile.clientId, subject),
                     [done](Result<QByteArray> entry) {
                         if (!entry)
                             return done(entry.error());
                         auto o = Json::parseObject(entry.value(), QStringLiteral("keychain"));
                         if (!o || o->value(QStringLiteral("refresh_token")).toString().isEmpty())
                             return done(Error::make(Error::Kind::Keychain, Codes::SavedSessionUnreadable,
                                                     o ? QString() : o.error().detail));
                         done(o);
                     });
}

void Session::resume(std::function<void(Result<void>)> done)
{
    const QString subject = m_profiles->lastSubject(m_profile.issuer, m_profile.clientId);
    if (subject.isEmpty() || !m_keychain)
        return done(Error::make(Error::Kind::Auth, Codes::NotSignedIn, {}, { m_profile.name }));
    const quint64 generation = m_generation;
    QPointer<Session> self(this);
    readEntry(subject, [self, generation, done](Result<QJsonObject> entry) {
        if (!self || self->cancelledSince(generation))
            return done(profileChanged());
        if (!entry) {
            qCInfo(lcSession) << "the saved session could not be read:" << entry.error().toString();
            auto unreadable = [self, done](const Error &e) {
                self->m_persistence = Persistence::MemoryOnly;
                self->m_persistenceReason = e;
                Q_EMIT self->changed();
                if (isLockedKeychain(e))
                    Q_EMIT self->keychainLocked(e, true);
                done(e);
            };
            if (entry.error().code != Codes::KeychainNotFound)
                return unreadable(entry.error());
            // A locked Secret Service answers "not found" too. A session was saved here, so ask
            // the keychain whether it can be written at all before calling the entry gone.
            return self->m_keychain->probe([self, generation, done, unreadable](Result<void> probed) {
                if (!self || self->cancelledSince(generation))
                    return done(profileChanged());
                if (!probed)
                    return unreadable(isLockedKeychain(probed.error()) ? Error::make(
                                          Error::Kind::Keychain, Codes::KeychainLocked, probed.error().detail)
                                                                       : probed.error());
                self->m_profiles->setLastSubject(self->m_profile.issuer, self->m_profile.clientId, QString());
                done(Error::make(Error::Kind::Auth, Codes::NotSignedIn, {}, { self->m_profile.name }));
            });
        }
        self->m_tokens = TokenSet();
        self->m_tokens.refreshToken = entry->value(QStringLiteral("refresh_token")).toString().toLatin1();
        self->m_tokens.identity.jwt.claims = entry->value(QStringLiteral("claims")).toObject();
        self->m_tokens.identity.subject
            = self->m_tokens.identity.jwt.claims.value(QStringLiteral("sub")).toString();
        self->m_persistence = Persistence::Keychain;
        self->refresh(done);
    });
}

void Session::refreshAfterRejection(const QByteArray &usedToken, std::function<void(Result<void>)> done)
{
    // Someone refreshed since the request was sent: retry with the newer token, no refresh.
    if (!m_tokens.accessToken.isEmpty() && m_tokens.accessToken != usedToken)
        return done(Result<void>());
    if (m_refreshing)
        return refresh(std::move(done));
    const QDateTime now = m_clock();
    const bool expired = !m_tokens.accessTokenExpiresAt.isValid() || m_tokens.accessTokenExpiresAt <= now;
    if (!expired && m_lastRefreshAt.isValid() && m_lastRefreshAt.secsTo(now) < kMinSecondsBetweenRefreshes)
        return done(Error::make(Error::Kind::Auth, Codes::RefreshTooSoon, {},
                                { QString::number(kMinSecondsBetweenRefreshes) }));
    refresh(std::move(done));
}

void Session::refresh(std::function<void(Result<void>)> done)
{
    m_refreshWaiters.append(std::move(done));
    if (m_refreshing)
        return; // joined: one refresh in flight per session
    m_refreshing = true;
    startRefresh();
}

void Session::finishRefresh(Result<void> result)
{
    if (m_lock)
        m_lock->release();
    const bool ran = m_refreshing && m_refreshAttempted;
    m_refreshing = false;
    m_refreshAttempted = false;
    const auto waiters = std::move(m_refreshWaiters);
    m_refreshWaiters.clear();
    if (ran && result)
        Q_EMIT refreshed();
    else if (ran && result.error().kind != Error::Kind::Cancelled)
        Q_EMIT refreshFailed(result.error());
    for (const auto &w : waiters)
        w(result);
}

void Session::startRefresh()
{
    if (m_tokens.refreshToken.isEmpty())
        return finishRefresh(Error::make(Error::Kind::Auth, Codes::NoRefreshToken)); // none ran
    m_refreshAttempted = true;
    const quint64 generation = m_generation;
    QPointer<Session> self(this);
    withProvider([self, generation](Result<ProviderMetadata> md) {
        if (!self || self->cancelledSince(generation))
            return; // the profile switch already answered the waiters
        if (!md)
            return self->finishRefresh(md.error());
        const QString subject = self->m_tokens.identity.subject;
        const bool shared
            = self->m_keychain && self->m_persistence == Persistence::Keychain && !subject.isEmpty();
        if (!shared)
            return self->refreshWith(md.value(), false);
        // Another process (the GUI, a CLI run) may hold the same entry: take the lock, then
        // re-read the entry, which may carry a refresh token that process rotated meanwhile.
        if (!self->m_lock)
            self->m_lock = new RefreshLock(
                keychainKey(self->m_profile.issuer, self->m_profile.clientId, subject), self);
        const ProviderMetadata provider = md.value();
        self->m_lock->acquire(
            kRefreshLockTimeoutMs, [self, generation, provider, subject](Result<void> locked) {
                if (!self || self->cancelledSince(generation))
                    return;
                if (!locked)
                    return self->finishRefresh(locked.error());
                self->readEntry(subject, [self, generation, provider](Result<QJsonObject> entry) {
                    if (!self || self->cancelledSince(generation))
                        return;
                    if (entry) {
                        const QByteArray stored
                            = entry->value(QStringLiteral("refresh_token")).toString().toLatin1();
                        if (stored != self->m_tokens.refreshToken) {
                            qCDebug(lcSession)
                                << "another process rotated the refresh token; using the newer one";
                            self->m_tokens.refreshToken = stored;
                        }
                    } else if (entry.error().code == Codes::KeychainNotFound) {
                        // Signed out elsewhere: do not resurrect the session from memory.
                        self->forget();
                        const Error why = Error::make(Error::Kind::Auth, Codes::NotSignedIn, {},
                                                      { self->m_profile.name });
                        Q_EMIT self->interactiveSignInNeeded(why);
                        return self->finishRefresh(why);
                    }
                    self->refreshWith(provider, false);
                });
            });
    });
}

void Session::refreshWith(const ProviderMetadata &provider, bool retried)
{
    const quint64 generation = m_generation;
    const QByteArray used = m_tokens.refreshToken;
    const VerifiedIdToken previous = m_tokens.identity;
    QPointer<Session> self(this);
    m_tokenClient->refresh(
        provider, m_profile.clientId, used, previous,
        acceptedAlgorithms(m_profile.idTokenAlgorithms, provider.idTokenAlgorithms),
        [self, generation, provider, used, previous, retried](Result<TokenSet> tokens) {
            if (!self || self->cancelledSince(generation))
                return;
            if (tokens) {
                ++self->m_refreshCount;
                self->m_lastRefreshAt = self->m_clock();
                const bool verified = !tokens->idToken.isEmpty();
                return self->adopt(std::move(tokens).value(), [self, verified](Result<void> r) {
                    if (!self)
                        return;
                    if (verified)
                        self->m_identityVerified = true;
                    self->finishRefresh(r);
                });
            }
            const Error e = tokens.error();
            if (e.code != Codes::InvalidGrant && e.code != Codes::IdentityChanged)
                return self->finishRefresh(e);
            const bool shared = self->m_keychain && self->m_persistence == Persistence::Keychain
                && !previous.subject.isEmpty();
            auto giveUp = [self, e, previous, shared] {
                // The entry holds exactly the token the issuer refused: remove it, sign in again.
                if (shared)
                    self->m_keychain->remove(
                        keychainKey(self->m_profile.issuer, self->m_profile.clientId, previous.subject),
                        [](Result<void>) {});
                self->forget();
                Q_EMIT self->interactiveSignInNeeded(e);
                self->finishRefresh(e);
            };
            if (!shared || retried || e.code != Codes::InvalidGrant)
                return giveUp();
            // A winner in another process may have stored a newer token after our read: never
            // delete what it stored; use it once.
            self->readEntry(previous.subject,
                            [self, generation, provider, used, giveUp](Result<QJsonObject> entry) {
                                if (!self || self->cancelledSince(generation))
                                    return;
                                const QByteArray stored = entry
                                    ? entry->value(QStringLiteral("refresh_token")).toString().toLatin1()
                                    : QByteArray();
                                if (!stored.isEmpty() && stored != used) {
                                    self->m_tokens.refreshToken = stored;
                                    return self->refreshWith(provider, true);
                                }
                                giveUp();
                            });
        });
}

void Session::signOut(std::function<void(SignOutReport)> done)
{
    qCDebug(lcSession) << "signing out of" << m_profile.issuer;
    const TokenSet tokens = m_tokens;
    const Profile profile = m_profile;
    // Signed in or not (a locked keychain at start, a CLI run), the entry to finish is the last
    // one this profile used.
    const QString subject = !tokens.identity.subject.isEmpty()
        ? tokens.identity.subject
        : m_profiles->lastSubject(profile.issuer, profile.clientId);
    const bool entryKnown = m_keychain && !subject.isEmpty();
    forget();
    ++m_generation;
    finishRefresh(cancelled());
    Q_EMIT changed();

    auto report = std::make_shared<SignOutReport>();
    report->accessTokenValidUntil = tokens.accessTokenExpiresAt;
    report->refreshTokenValidUntil = tokens.refreshTokenExpiresAt;
    QPointer<Session> self(this);
    const QString key = keychainKey(profile.issuer, profile.clientId, subject);

    auto removeEntry = [self, profile, key, entryKnown, report, done] {
        if (!self)
            return done(*report);
        if (!entryKnown) {
            self->m_profiles->setLastSubject(profile.issuer, profile.clientId, QString());
            report->keychain = SignOutReport::Keychain::NothingStored;
            return done(*report);
        }
        self->m_keychain->remove(key, [self, profile, report, done](Result<void> removed) {
            if (removed || removed.error().code == Codes::KeychainNotFound) {
                report->keychain
                    = removed ? SignOutReport::Keychain::Removed : SignOutReport::Keychain::NothingStored;
                if (self)
                    self->m_profiles->setLastSubject(profile.issuer, profile.clientId, QString());
            } else {
                // Keep the pointer to the entry: a later sign-out can still remove it.
                report->keychain = SignOutReport::Keychain::Unavailable;
                report->keychainError = removed.error();
            }
            done(*report);
        });
    };
    auto revoke = [self, profile, report, removeEntry](const QByteArray &refreshToken) {
        if (!self || refreshToken.isEmpty()) {
            report->revocation = SignOutReport::Revocation::NothingToRevoke;
            return removeEntry();
        }
        // The issuer's metadata says whether (and where) it revokes; cached when signed in.
        self->m_discovery->fetch(
            profile.issuer, [self, profile, refreshToken, report, removeEntry](Result<ProviderMetadata> md) {
                if (!self || !md) {
                    report->revocation = SignOutReport::Revocation::Failed;
                    report->revocationError = md
                        ? Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled)
                        : md.error();
                    return removeEntry();
                }
                if (md->revocationEndpoint.isEmpty()) {
                    report->revocation = SignOutReport::Revocation::NotOffered;
                    return removeEntry();
                }
                self->m_tokenClient->revoke(md.value(), profile.clientId, refreshToken,
                                            QStringLiteral("refresh_token"),
                                            [report, removeEntry](Result<void> revoked) {
                                                report->revocation = revoked
                                                    ? SignOutReport::Revocation::Revoked
                                                    : SignOutReport::Revocation::Failed;
                                                if (!revoked)
                                                    report->revocationError = revoked.error();
                                                removeEntry();
                                            });
            });
    };
    if (!tokens.refreshToken.isEmpty() || !entryKnown)
        return revoke(tokens.refreshToken);
    // Not resumed: the refresh token to revoke is in the keychain entry.
    readEntry(subject, [report, revoke, removeEntry](Result<QJsonObject> entry) {
        if (entry)
            return revoke(entry->value(QStringLiteral("refresh_token")).toString().toLatin1());
        if (entry.error().code == Codes::KeychainNotFound)
            return revoke(QByteArray());
        report->revocation = SignOutReport::Revocation::Failed;
        report->revocationError = entry.error();
        removeEntry();
    });
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
        return done(Error::make(Error::Kind::Auth, Codes::NotSignedIn, {}, { m_profile.name }));
    m_memoryOnlyByChoice = false;
    QPointer<Session> self(this);
    persist(m_tokens, [self, done](Result<void> r) {
        if (self)
            Q_EMIT self->changed();
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
    m_memoryOnlyByChoice = true;
    m_persistence = Persistence::MemoryOnly;
    m_persistenceReason = Error();
    Q_EMIT changed();
}

void Session::scheduleRefresh()
{
    if (m_tokens.refreshToken.isEmpty() || !m_autoRefresh)
        return;
    const QDateTime now = m_clock();
    const qint64 lifetime = now.msecsTo(m_tokens.accessTokenExpiresAt);
    // A fifth of the lifetime (at most a minute) before expiry, and never sooner than a minute
    // after the last refresh: an issuer that sends expires_in 0 cannot make us refresh in a loop.
    qint64 at = lifetime - qMin<qint64>(60000, qMax<qint64>(0, lifetime) / 5);
    if (m_lastRefreshAt.isValid())
        at = qMax(at, now.msecsTo(m_lastRefreshAt.addSecs(kMinSecondsBetweenRefreshes)));
    at = qMax<qint64>(at, 1000);
    m_nextRefreshAt = now.addMSecs(at);
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
