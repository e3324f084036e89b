#pragma once

#include "auth/discovery.h"
#include "auth/interactivesignin.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/tokenclient.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace RestoreDesk::Auth {

// One signed-in identity for one profile: the access token in memory, the refresh token (and
// the last ID-token claims, for display) in the OS keychain keyed by issuer + client id +
// subject, silent refresh before expiry, rotation persisted before the new token is used,
// `invalid_grant` turned into "sign in again" with the reason, sign-out that revokes and
// forgets. Without a working keychain the session is memory-only and says so; it never falls
// back to plaintext. Jobs report once. Lives on the GUI/CLI thread.
class Session : public QObject
{
    Q_OBJECT

public:
    enum class Persistence { Unknown, Keychain, MemoryOnly };

    Session(QNetworkAccessManager *nam, KeychainStore *keychain, ProfileStore *profiles,
            QObject *parent = nullptr);
    ~Session() override;

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
    void refresh(std::function<void(Result<void>)> done); // now (also: once after a 401)
    void signOut(std::function<void(Result<void>)> done); // revoke, delete the entry, forget
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
    const VerifiedIdToken &identity() const { return m_tokens.identity; }
    bool identityVerified() const { return m_identityVerified; }
    Persistence persistence() const { return m_persistence; }
    QString persistenceNotice() const { return m_persistenceNotice; }
    const ProviderMetadata &provider() const { return m_provider; }

    static QString keychainKey(const QString &issuer, const QString &clientId, const QString &subject);
    static constexpr const char *kKeychainService = "Restore Desk";

Q_SIGNALS:
    void openBrowser(const QUrl &url);
    void changed(); // identity, expiry or persistence changed
    void interactiveSignInNeeded(const QString &why); // refresh token rejected or gone
    void keychainLocked(const QString &notice); // the keychain refused; offer retry / session only

private:
    void withProvider(std::function<void(Result<ProviderMetadata>)> done);
    void adopt(TokenSet tokens, std::function<void(Result<void>)> done);
    void persist(const TokenSet &tokens, std::function<void(Result<void>)> done);
    void scheduleRefresh();
    void forget();
    HttpJson http() const;

    QNetworkAccessManager *m_nam;
    KeychainStore *m_keychain;
    ProfileStore *m_profiles;
    Profile m_profile;
    ProviderMetadata m_provider;
    Discovery *m_discovery = nullptr;
    TokenClient *m_tokenClient = nullptr;
    QPointer<InteractiveSignIn> m_signIn;
    TokenSet m_tokens;
    bool m_identityVerified = false;
    Persistence m_persistence = Persistence::Unknown;
    QString m_persistenceNotice;
    QTimer m_refreshTimer;
    int m_signInTimeoutMs = 300000;
    bool m_autoRefresh = true;
    quint64 m_generation = 0; // bumps on profile switch and sign-out: late answers are dropped
};

} // namespace RestoreDesk::Auth
