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
    // A sign-out waiting for a refresh run hears that it cannot finish.
    const auto next = std::exchange(m_afterRun, {});
    for (const auto &n : next)
        n(RunOutcome { QByteArray(), true, true });
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
    if (m_profile.caBundle.isEmpty())
        return t; // the system's CAs, read when an https request needs them
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
    if (m_running) {
        // The run finishes with the parts it started with (the issuer may be rotating the
        // refresh token right now); they are freed when it ends.
        m_retired << m_tokenClient << m_discovery << m_lock;
    } else {
        delete m_tokenClient;
        delete m_discovery;
        delete m_lock;
    }
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
    // At most one refresh a minute, unless the token in hand has lived out the lifetime it came
    // with. A token that was already expired when it arrived never lifts the floor: an issuer
    // handing out such tokens must not make every refused request refresh again.
    const QDateTime now = m_clock();
    const QDateTime expiresAt = m_tokens.accessTokenExpiresAt;
    const bool livedOut = expiresAt.isValid() && expiresAt <= now
        && (!m_lastRefreshAt.isValid() || expiresAt > m_lastRefreshAt);
    if (!livedOut && m_lastRefreshAt.isValid() && m_lastRefreshAt.secsTo(now) < kMinSecondsBetweenRefreshes)
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
    if (!m_running)
        return startRefresh();
    // A run cut short by a sign-out or a profile switch is still finishing (it holds the lock
    // and may be storing a rotated token): start after it, from what it left.
    const quint64 generation = m_generation;
    QPointer<Session> self(this);
    m_afterRun.append([self, generation](const RunOutcome &) {
        if (self && !self->cancelledSince(generation) && self->m_refreshing && !self->m_running)
            self->startRefresh();
    });
}

void Session::finishRefresh(Result<void> result)
{
    // The lock is not released here: the run releases it when it ends (endRun).
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

void Session::endRun(RunOutcome outcome)
{
    if (m_runLock)
        m_runLock->release();
    m_runLock = nullptr;
    m_running = false;
    for (const QPointer<QObject> &retired : std::exchange(m_retired, {})) {
        if (retired)
            retired->deleteLater(); // we may be inside one of its callbacks
    }
    const auto next = std::exchange(m_afterRun, {});
    for (const auto &n : next)
        n(outcome);
}

void Session::afterRun(std::function<void(RunOutcome)> next)
{
    if (!m_running)
        return next(RunOutcome());
    m_afterRun.append(std::move(next));
}

void Session::settleCancelledRun(const Result<TokenSet> &tokens, const QString &key)
{
    // The session moved on (sign-out, profile switch, destruction) while the issuer answered.
    // What it rotated to is stored where the next run, or the sign-out waiting for this one,
    // finds it; the lock is released only then.
    if (!tokens) {
        const Error::Kind kind = tokens.error().kind;
        const bool unknown
            = kind == Error::Kind::Network || kind == Error::Kind::Timeout || kind == Error::Kind::Cancelled;
        return endRun({ QByteArray(), unknown });
    }
    const QByteArray rotated = tokens->refreshToken;
    if (key.isEmpty() || rotated.isEmpty() || !m_keychain)
        return endRun({ rotated });
    const QJsonObject entry { { QStringLiteral("refresh_token"), QString::fromLatin1(rotated) },
                              { QStringLiteral("claims"), tokens->identity.jwt.claims } };
    QPointer<Session> self(this);
    m_keychain->write(
        key, QJsonDocument(entry).toJson(QJsonDocument::Compact), [self, rotated](Result<void> w) {
            if (!w)
                qCInfo(lcSession) << "the rotated refresh token could not be stored:" << w.error().toString();
            if (self)
                self->endRun({ rotated });
        });
}

void Session::startRefresh()
{
    if (m_tokens.refreshToken.isEmpty())
        return finishRefresh(Error::make(Error::Kind::Auth, Codes::NoRefreshToken)); // none ran
    m_refreshAttempted = true;
    m_running = true;
    const quint64 generation = m_generation;
    QPointer<Session> self(this);
    withProvider([self, generation](Result<ProviderMetadata> md) {
        if (!self)
            return;
        if (self->cancelledSince(generation))
            return self->endRun({}); // the profile switch already answered the waiters
        if (!md) {
            self->finishRefresh(md.error());
            return self->endRun({});
        }
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
        self->m_runLock = self->m_lock;
        const ProviderMetadata provider = md.value();
        self->m_lock->acquire(
            kRefreshLockTimeoutMs, [self, generation, provider, subject](Result<void> locked) {
                if (!self)
                    return;
                if (self->cancelledSince(generation))
                    return self->endRun({});
                if (!locked) {
                    self->m_runLock = nullptr; // not ours to release
                    self->finishRefresh(locked.error());
                    return self->endRun({});
                }
                self->readEntry(subject, [self, generation, provider](Result<QJsonObject> entry) {
                    if (!self)
                        return;
                    if (self->cancelledSince(generation))
                        return self->endRun({});
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
                        self->finishRefresh(why);
                        return self->endRun({});
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
    const bool shared = m_keychain && m_persistence == Persistence::Keychain && !previous.subject.isEmpty();
    const QString key
        = shared ? keychainKey(m_profile.issuer, m_profile.clientId, previous.subject) : QString();
    QPointer<Session> self(this);
    m_tokenClient->refresh(
        provider, m_profile.clientId, used, previous,
        acceptedAlgorithms(m_profile.idTokenAlgorithms, provider.idTokenAlgorithms),
        [self, generation, provider, used, previous, retried, key](Result<TokenSet> tokens) {
            if (!self)
                return;
            if (self->cancelledSince(generation))
                return self->settleCancelledRun(tokens, key);
            if (tokens) {
                ++self->m_refreshCount;
                self->m_lastRefreshAt = self->m_clock();
                const bool verified = !tokens->idToken.isEmpty();
                const QByteArray rotated = tokens->refreshToken;
                return self->adopt(std::move(tokens).value(),
                                   [self, generation, verified, rotated](Result<void> r) {
                                       if (!self)
                                           return;
                                       if (!self->cancelledSince(generation)) {
                                           if (verified)
                                               self->m_identityVerified = true;
                                           self->finishRefresh(r);
                                       }
                                       self->endRun({ rotated });
                                   });
            }
            const Error e = tokens.error();
            if (e.code != Codes::InvalidGrant && e.code != Codes::IdentityChanged) {
                self->finishRefresh(e);
                return self->endRun({});
            }
            auto giveUp = [self, generation, e, key] {
                auto end = [self, generation, e] {
                    if (!self)
                        return;
                    if (!self->cancelledSince(generation)) {
                        self->forget();
                        Q_EMIT self->interactiveSignInNeeded(e);
                        self->finishRefresh(e);
                    }
                    self->endRun({});
                };
                if (key.isEmpty())
                    return end();
                // The entry holds exactly the token the issuer refused: remove it (still under
                // the lock, so no other process stores a newer one meanwhile), then sign in again.
                self->m_keychain->remove(key, [end](Result<void>) { end(); });
            };
            if (key.isEmpty() || retried || e.code != Codes::InvalidGrant)
                return giveUp();
            // A winner in another process may have stored a newer token after our read: never
            // delete what it stored; use it once.
            self->readEntry(previous.subject,
                            [self, generation, provider, used, giveUp](Result<QJsonObject> entry) {
                                if (!self)
                                    return;
                                if (self->cancelledSince(generation))
                                    return self->endRun({});
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

struct Session::SignOutState
{
    TokenSet tokens;
    Profile profile;
    QString key;
    bool entryKnown = false;
    RunOutcome run;
    RefreshLock *lock = nullptr;
    SignOutReport report;
    std::function<void(SignOutReport)> done;
};

void Session::signOut(std::function<void(SignOutReport)> done)
{
    qCDebug(lcSession) << "signing out of" << m_profile.issuer;
    auto state = std::make_shared<SignOutState>();
    state->tokens = m_tokens;
    state->profile = m_profile;
    state->done = std::move(done);
    // Signed in or not (a locked keychain at start, a CLI run), the entry to finish is the last
    // one this profile used.
    const QString subject = !m_tokens.identity.subject.isEmpty()
        ? m_tokens.identity.subject
        : m_profiles->lastSubject(m_profile.issuer, m_profile.clientId);
    state->entryKnown = m_keychain && !subject.isEmpty();
    state->key = keychainKey(m_profile.issuer, m_profile.clientId, subject);
    state->report.accessTokenValidUntil = m_tokens.accessTokenExpiresAt;
    state->report.refreshTokenValidUntil = m_tokens.refreshTokenExpiresAt;
    forget();
    ++m_generation;
    finishRefresh(cancelled());
    Q_EMIT changed();

    // A refresh run in flight may be redeeming the refresh token right now: what it gets is
    // what must be revoked, so the sign-out starts once it has ended.
    QPointer<Session> self(this);
    afterRun([self, state](const RunOutcome &run) {
        state->run = run;
        if (!self || run.sessionGone) {
            state->report.revocation = SignOutReport::Revocation::Failed;
            state->report.revocationError = cancelled();
            if (state->entryKnown) {
                state->report.keychain = SignOutReport::Keychain::Unavailable;
                state->report.keychainError = cancelled();
            }
            return state->done(state->report);
        }
        self->signOutUnderLock(state);
    });
}

void Session::signOutUnderLock(std::shared_ptr<SignOutState> state)
{
    const QByteArray inHand = !state->run.rotated.isEmpty() ? state->run.rotated : state->tokens.refreshToken;
    if (!state->entryKnown)
        return finishSignOut(state, inHand);
    // The same lock as refresh-and-persist: no process redeems the refresh token while this one
    // revokes it and deletes the entry, and the entry read under it holds the newest token.
    state->lock = new RefreshLock(state->key, this);
    QPointer<Session> self(this);
    state->lock->acquire(kRefreshLockTimeoutMs, [self, state, inHand](Result<void> locked) {
        if (!self) {
            state->report.revocation = SignOutReport::Revocation::Failed;
            state->report.revocationError = cancelled();
            state->report.keychain = SignOutReport::Keychain::Unavailable;
            state->report.keychainError = cancelled();
            return state->done(state->report);
        }
        if (!locked) {
            // Another process is refreshing (or the lock cannot be made): revoking or deleting
            // now could race it. Nothing is done; the entry stays for a later sign-out.
            state->lock->deleteLater();
            state->lock = nullptr;
            state->report.revocation = SignOutReport::Revocation::Failed;
            state->report.revocationError = locked.error();
            state->report.keychain = SignOutReport::Keychain::Unavailable;
            state->report.keychainError = locked.error();
            return state->done(state->report);
        }
        self->m_keychain->read(state->key, [self, state, inHand](Result<QByteArray> raw) {
            if (!self)
                return state->done(state->report);
            if (raw) {
                const auto entry = Json::parseObject(raw.value(), QStringLiteral("keychain"));
                const QByteArray stored = entry
                    ? entry->value(QStringLiteral("refresh_token")).toString().toLatin1()
                    : QByteArray();
                return self->finishSignOut(state, !stored.isEmpty() ? stored : inHand);
            }
            if (raw.error().code == Codes::KeychainNotFound || !inHand.isEmpty())
                return self->finishSignOut(state, inHand);
            state->report.revocation = SignOutReport::Revocation::Failed;
            state->report.revocationError = raw.error();
            self->finishSignOut(state, QByteArray());
        });
    });
}

void Session::finishSignOut(std::shared_ptr<SignOutState> state, const QByteArray &refreshToken)
{
    QPointer<Session> self(this);
    auto report = [self, state] {
        if (state->lock) {
            state->lock->release();
            state->lock->deleteLater();
            state->lock = nullptr;
        }
        if (state->run.unknown) {
            // A refresh was cut off before its answer arrived: the issuer may have issued a
            // refresh token nobody here has seen, so nothing can be said to be revoked.
            state->report.revocation = SignOutReport::Revocation::Failed;
            state->report.revocationError = Error::make(Error::Kind::Auth, Codes::RefreshOutcomeUnknown);
        }
        state->done(state->report);
    };
    auto removeEntry = [self, state, report] {
        if (!self)
            return report();
        if (!state->entryKnown) {
            self->m_profiles->setLastSubject(state->profile.issuer, state->profile.clientId, QString());
            state->report.keychain = SignOutReport::Keychain::NothingStored;
            return report();
        }
        self->m_keychain->remove(state->key, [self, state, report](Result<void> removed) {
            if (removed || removed.error().code == Codes::KeychainNotFound) {
                state->report.keychain
                    = removed ? SignOutReport::Keychain::Removed : SignOutReport::Keychain::NothingStored;
                if (self)
                    self->m_profiles->setLastSubject(state->profile.issuer, state->profile.clientId,
                                                     QString());
            } else {
                // Keep the pointer to the entry: a later sign-out can still remove it.
                state->report.keychain = SignOutReport::Keychain::Unavailable;
                state->report.keychainError = removed.error();
            }
            report();
        });
    };
    if (state->report.revocation == SignOutReport::Revocation::Failed) // the entry was unreadable
        return removeEntry();
    if (refreshToken.isEmpty()) {
        state->report.revocation = SignOutReport::Revocation::NothingToRevoke;
        return removeEntry();
    }
    // The issuer's metadata says whether (and where) it revokes; cached when signed in.
    const QString clientId = state->profile.clientId;
    m_discovery->fetch(state->profile.issuer,
                       [self, state, clientId, refreshToken, removeEntry](Result<ProviderMetadata> md) {
                           if (!self || !md) {
                               state->report.revocation = SignOutReport::Revocation::Failed;
                               state->report.revocationError = md ? cancelled() : md.error();
                               return removeEntry();
                           }
                           if (md->revocationEndpoint.isEmpty()) {
                               state->report.revocation = SignOutReport::Revocation::NotOffered;
                               return removeEntry();
                           }
                           self->m_tokenClient->revoke(
                               md.value(), clientId, refreshToken, QStringLiteral("refresh_token"),
                               [state, removeEntry](Result<void> revoked) {
                                   state->report.revocation = revoked ? SignOutReport::Revocation::Revoked
                                                                      : SignOutReport::Revocation::Failed;
                                   if (!revoked)
                                       state->report.revocationError = revoked.error();
                                   removeEntry();
                               });
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
