#pragma once

#include "auth/profile.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace RestoreDesk {

// Creates or edits a sign-in profile from a preset: Azure (Entra ID) takes a tenant and a
// cloud and fills issuer, scopes, API and redirect host; Generic OIDC takes the issuer and
// claim mapping. Validates before accepting (the error shows inline). Modal; GUI thread.
class ProfileDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ProfileDialog(QWidget *parent = nullptr);

    void setProfile(const Auth::Profile &profile);
    Auth::Profile profile() const; // as entered (call after accept)

private:
    void presetChanged();
    void accept() override;

    QComboBox *m_preset;
    QLineEdit *m_name;
    QLineEdit *m_tenant;
    QComboBox *m_cloud;
    QLineEdit *m_issuer;
    QLineEdit *m_clientId;
    QLineEdit *m_scopes;
    QLineEdit *m_apiBase;
    QLineEdit *m_apiAudience;
    QLineEdit *m_caBundle;
    QLineEdit *m_browserCommand; // a setting of this computer, never exported
    QLineEdit *m_principalClaim;
    QLineEdit *m_groupClaims;
    QLineEdit *m_roleClaims;
    QLineEdit *m_prompt;
    QPlainTextEdit *m_roleMapping; // generic OIDC: the back end's claim → role mapping (JSON)
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace RestoreDesk
