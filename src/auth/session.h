#pragma once

#include "auth/discovery.h"
#include "auth/interactivesignin.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/signoutreport.h"
#include "auth/tokenclient.h"
#include "core/clock.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace RestoreDesk::Auth {

class RefreshLock;

// One signed-in identity for one profile: the access token in memory, the refresh token (and
// the last ID-token claims, for display) in the OS keychain keyed by issuer + client id +
// subject. Refresh is single-flight: concurrent 401s, the timer and resume join the one refresh
// in flight; across processes sharing the keychain entry (the GUI and CLI runs) a lock file
// guards refresh-and-persist and the entry is re-read once the lock is held, so two processes
// never redeem the same refresh token. The rotated refresh token is persisted before the new
// access token is used; scheduled refreshes happen at most once a minute. `invalid_grant` turns
// into "sign in again" with the reason (without deleting an entry another process just wrote).
// A refresh that has started runs to its end under the lock even if a sign-out or a profile
// switch cuts it short (the issuer may be rotating the token right then): the rotated token is
// stored, then the lock is released. Sign-out waits for that run, takes the same lock, re-reads
// the entry and revokes the newest refresh token, then deletes the entry; it reports each part
// truthfully (SignOutReport). Without a working keychain the session
// is memory-only and says so; it never falls back to plaintext. Every call reports exactly once.
// Lives on the GUI/CLI thread.
class Session : public QObject
{
    Q_OBJECT

public:
    enum class Persistence { Unknown, Keychain, MemoryOnly };

    Session(QNetworkAccessManager *nam, KeychainStore *keychain, ProfileStore *profiles,
            QObject *parent = nullptr);
    ~Session() override;

    void setClock(Clock clock);
    // The words of the browser page after the sign-in (the presentation's).
    void setPageText(LoopbackListener::PageText text) { m_pageText = std::move(text); }

    // Switching profiles forgets the current identity (no mixed data).
    void setProfile(const Profile &profile);
    const Profile &profile() const { return m_profile; }

    void signIn(std::function<void(Result<void>)> done); // interactive; emits openBrowser
    void cancelSignIn();
    QUrl pendingSignInUrl() const;
    void setSignInTimeout(int milliseconds) { m_signInTimeoutMs = milliseconds; }
    // Refresh ahead of expiry on a timer (default). One-shot tools turn it off.
    void setAutoRefresh(bool on);

    void resume(std::function<void(Result<void>)> done); // from the keychain, silently
    // Joins the refresh in flight or starts one.
    void refresh(std::function<void(Result<void>)> done);
    // After the API refused `usedToken` (HTTP 401): when the session already holds a newer access
    // token, reports at once (retry with it); otherwise refreshes (joined), unless the last
    // refresh was less than a minute ago (refresh_too_soon) and the token has not lived out the
    // lifetime it came with (one that arrived expired never has).
    void refreshAfterRejection(const QByteArray &usedToken, std::function<void(Result<void>)> done);
    void signOut(std::function<void(SignOutReport)> done); // revoke, delete the entry, forget
    // After keychainLocked(): try to store the refresh token again (e.g. once unlocked), or
    // settle for this session only (the operator's choice; nothing else is tried).
    void retryKeychain(std::function<void(Result<void>)> done);
    void keepForThisSessionOnly();
    // OIDC RP-initiated logout: the issuer's end-session URL for this session (empty when the
    // issuer has none). Open it in the browser to end the browser's session at the issuer too.
    QUrl endSessionUrl() const;

    bool isSignedIn() const { return !m_tokens.accessToken.isEmpty(); }
    QByteArray accessToken() const { return m_tokens.accessToken; }
    QDateTime accessTokenExpiresAt() const { return m_tokens.accessTokenExpiresAt; }
    QByteArray idToken() const { return m_tokens.idToken; }
    const VerifiedIdToken &identity() const { return m_tokens.identity; }
    bool identityVerified() const { return m_identityVerified; }
    Persistence persistence() const { return m_persistence; }
    // Why the session is memory-only, as an error value (empty code: by choice or not yet known).
    Error persistenceReason() const { return m_persistenceReason; }
    const ProviderMetadata &provider() const { return m_provider; }
    int refreshCount() const { return m_refreshCount; }
    // When the timer will refresh next (invalid when none is scheduled).
    QDateTime nextRefreshAt() const { return m_refreshTimer.isActive() ? m_nextRefreshAt : QDateTime(); }
    int discoveryRequestCount() const { return m_discovery ? m_discovery->requestCount() : 0; }

    static QString keychainKey(const QString &issuer, const QString &clientId, const QString &subject);
    static constexpr const char *kKeychainService = "Restore Desk";
    static constexpr int kMinSecondsBetweenRefreshes = 60;
    static constexpr int kRefreshLockTimeoutMs = 30000;

Q_SIGNALS:
    void openBrowser(const QUrl &url);
    void changed(); // identity, expiry or persistence changed
    void interactiveSignInNeeded(const RestoreDesk::Error &why); // refresh token rejected or gone
    // The keychain refused (locked, or no answer): offer "retry after unlocking" / "this session
    // only". `atStart`: while resuming a saved session (nothing signed in yet).
    void keychainLocked(const RestoreDesk::Error &why, bool atStart);
    void strayCallback(const QString &why); // the sign-in listener refused a stray request
    // Once per refresh that ran (not per caller that joined it), before its callers hear: new
    // tokens are in use, or why not. A refresh cancelled by a profile switch or a sign-out, or
    // asked for with no refresh token to send, says neither. Resuming a saved session is a
    // refresh too.
    void refreshed();
    void refreshFailed(const RestoreDesk::Error &why);

private:
    // What a refresh run left when it ended: the refresh token the issuer rotated to (empty:
    // none), whether the issuer may have answered without our hearing it, and whether the run
    // ended because the session is being destroyed.
    struct RunOutcome
    {
        QByteArray rotated;
        bool unknown = false;
        bool sessionGone = false;
    };
    struct SignOutState;

    void withProvider(std::function<void(Result<ProviderMetadata>)> done);
    void adopt(TokenSet tokens, std::function<void(Result<void>)> done);
    void persist(const TokenSet &tokens, std::function<void(Result<void>)> done);
    void startRefresh();
    void refreshWith(const ProviderMetadata &provider, bool retried);
    void finishRefresh(Result<void> result);
    // A refresh run (lock, re-read, redeem, persist) ends here, and only here: the lock is
    // released once the issuer has answered and the rotated token is stored, even when a
    // sign-out or a profile switch cut the run short.
    void endRun(RunOutcome outcome);
    void settleCancelledRun(const Result<TokenSet> &tokens, const QString &key);
    void afterRun(std::function<void(RunOutcome)> next);
    void signOutUnderLock(std::shared_ptr<SignOutState> state);
    void finishSignOut(std::shared_ptr<SignOutState> state, const QByteArray &refreshToken);
    void readEntry(const QString &subject, std::function<void(Result<QJsonObject>)> done);
    void scheduleRefresh();
    void forget();
    bool cancelledSince(quint64 generation) const { return generation != m_generation; }
    Net::Transport transport() const;

    QNetworkAccessManager *m_nam;
    KeychainStore *m_keychain;
    ProfileStore *m_profiles;
    Clock m_clock = systemClock();
    LoopbackListener::PageText m_pageText;
    Profile m_profile;
    ProviderMetadata m_provider;
    Discovery *m_discovery = nullptr;
    TokenClient *m_tokenClient = nullptr;
    RefreshLock *m_lock = nullptr;
    QPointer<InteractiveSignIn> m_signIn;
    TokenSet m_tokens;
    bool m_identityVerified = false;
    bool m_memoryOnlyByChoice = false;
    Persistence m_persistence = Persistence::Unknown;
    Error m_persistenceReason;
    QTimer m_refreshTimer;
    int m_signInTimeoutMs = 300000;
    bool m_autoRefresh = true;
    bool m_refreshing = false;
    bool m_refreshAttempted = false; // the refresh in flight had a refresh token to send
    bool m_running = false; // a refresh run is in flight (it may outlive m_refreshing)
    QPointer<RefreshLock> m_runLock; // the lock that run holds (it may be a retired one)
    QList<std::function<void(RunOutcome)>> m_afterRun;
    QList<QPointer<QObject>> m_retired; // a switched profile's parts, freed when the run ends
    QList<std::function<void(Result<void>)>> m_refreshWaiters;
    QDateTime m_lastRefreshAt;
    QDateTime m_nextRefreshAt;
    int m_refreshCount = 0;
    quint64 m_generation = 0; // bumps on profile switch and sign-out: late answers are dropped
};

} // namespace RestoreDesk::Auth
