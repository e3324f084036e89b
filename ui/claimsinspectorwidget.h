#pragma once

#include "access/tokeninspection.h"
#include "core/clock.h"
#include "core/error.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeView;

namespace RestoreDesk {

namespace Models {
class ClaimTreeModel;
}

// The claims inspector: the session's ID and access tokens, or any token pasted or dropped in,
// decoded locally (never sent anywhere) into a tree with each claim's meaning, the raw JSON, the
// warnings, and the signature status stated exactly. "Copy for ticket" copies header and payload
// with the signature removed. Verifying a pasted token needs its issuer's keys: with keys at
// hand (setVerificationKeys) it is checked locally; otherwise "Verify" asks the host
// (verifyRequested), which fetches the issuer's discovery document and keys. Tokens live in
// memory only. GUI thread; owned by the window that hosts it.
class ClaimsInspectorWidget : public QWidget
{
    Q_OBJECT

public:
    enum class Source { SessionIdToken, SessionAccessToken, Pasted };

    explicit ClaimsInspectorWidget(QWidget *parent = nullptr);
    ~ClaimsInspectorWidget() override;

    void setClock(Clock clock);
    void setApiAudience(const QString &audience);
    void setSessionTokens(const QByteArray &idToken, const QByteArray &accessToken);
    // Keys for one issuer (the session's pinned JWKS, or fetched on request).
    void setVerificationKeys(const Access::SignatureKeys &keys);
    // The host could not fetch the keys verifyRequested() asked for: says why (the signature stays
    // unchecked).
    void showVerifyFailed(const QString &issuer, const Error &error);
    void showSource(Source source);
    // Puts a token into the paste box and shows it.
    void inspectPasted(const QByteArray &token);

    const Access::TokenInspection *inspection() const;
    QString ticketText() const;

Q_SIGNALS:
    // The operator asked to verify a token whose issuer's keys are not at hand.
    void verifyRequested(const QString &issuer);

private:
    void refresh();
    void showInspection();
    void verify();
    void copyForTicket();
    QByteArray currentToken() const;

    Clock m_clock = systemClock();
    QString m_apiAudience;
    QByteArray m_sessionIdToken;
    QByteArray m_sessionAccessToken;
    QHash<QString, Access::SignatureKeys> m_keys; // by issuer
    std::optional<Access::TokenInspection> m_inspection;

    QComboBox *m_source;
    QPlainTextEdit *m_tokenEdit;
    QLabel *m_error;
    QLabel *m_kind;
    QLabel *m_signature;
    QPushButton *m_verify;
    QListWidget *m_warnings;
    QTabWidget *m_tabs;
    QTreeView *m_tree;
    QPlainTextEdit *m_raw;
    QPushButton *m_copyTicket;
    QLabel *m_status;
    Models::ClaimTreeModel *m_model;
};

} // namespace RestoreDesk
