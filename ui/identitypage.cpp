#include "identitypage.h"

#include "auth/session.h"
#include "core/jsonutil.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

IdentityPage::IdentityPage(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout)
    , m_title(new QLabel(this))
{
    setObjectName(QStringLiteral("identityPage"));
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    m_title->setFont(f);
    m_name = addRow(tr("Name"), "nameValue");
    m_username = addRow(tr("Username"), "usernameValue");
    m_issuer = addRow(tr("Issuer"), "issuerValue");
    m_subject = addRow(tr("Subject (sub)"), "subjectValue");
    m_objectId = addRow(tr("Object id (oid)"), "objectIdValue");
    m_groups = addRow(tr("Groups"), "groupsValue");
    m_verified = addRow(tr("ID token"), "verifiedValue");
    m_expiry = addRow(tr("Access token expires"), "expiryValue");
    m_accessToken = addRow(tr("Access token"), "accessTokenValue");
    m_persistence = addRow(tr("Session kept"), "persistenceValue");
    m_keychainBox = new QWidget(this);
    m_keychainBox->setObjectName(QStringLiteral("keychainChoice"));
    m_keychainBox->setStyleSheet(QStringLiteral(
        "#keychainChoice { background: #fff4e5; border: 1px solid #f0c68a; border-radius: 4px; }"));
    m_keychainText = new QLabel(m_keychainBox);
    m_keychainText->setWordWrap(true);
    auto retry = new QPushButton(tr("Retry after unlocking"), m_keychainBox);
    retry->setObjectName(QStringLiteral("retryKeychainButton"));
    auto sessionOnly = new QPushButton(tr("This session only"), m_keychainBox);
    sessionOnly->setObjectName(QStringLiteral("sessionOnlyButton"));
    auto choice = new QHBoxLayout(m_keychainBox);
    choice->addWidget(m_keychainText, 1);
    choice->addWidget(retry);
    choice->addWidget(sessionOnly);
    m_keychainBox->setVisible(false);
    connect(retry, &QPushButton::clicked, this, &IdentityPage::retryKeychainRequested);
    connect(sessionOnly, &QPushButton::clicked, this, &IdentityPage::sessionOnlyRequested);

    auto layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_keychainBox);
    layout->addLayout(m_form);
    layout->addStretch();
}

QLabel *IdentityPage::addRow(const QString &label, const char *objectName)
{
    auto value = new QLabel(this);
    value->setObjectName(QLatin1String(objectName));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    m_form->addRow(label + QLatin1Char(':'), value);
    return value;
}

void IdentityPage::showKeychainChoice(const QString &notice)
{
    m_keychainText->setText(notice);
    m_keychainBox->setVisible(true);
}

void IdentityPage::hideKeychainChoice()
{
    m_keychainBox->setVisible(false);
}

void IdentityPage::show(const Auth::Session &session)
{
    const QJsonObject &c = session.identity().jwt.claims;
    m_title->setText(tr("Signed in to %1").arg(session.profile().name));
    m_name->setText(c.value(QStringLiteral("name")).toString());
    m_username->setText(c.value(QStringLiteral("preferred_username")).toString());
    m_issuer->setText(session.profile().issuer);
    m_subject->setText(session.identity().subject);
    m_objectId->setText(c.value(QStringLiteral("oid")).toString());
    const QStringList groups = Json::stringList(c.value(QStringLiteral("groups")));
    m_groups->setText(groups.isEmpty() ? tr("none in the token") : groups.join(QStringLiteral(", ")));
    m_verified->setText(
        session.identityVerified()
            ? tr("verified by this client: signature against the issuer's keys, issuer, audience, expiry, "
                 "nonce")
            : tr("not verified by this client (restored from the keychain; no new ID token yet)"));
    m_expiry->setText(QLocale().toString(session.accessTokenExpiresAt().toLocalTime(), QLocale::LongFormat));
    const Auth::AccessTokenView view = Auth::inspectAccessToken(
        session.accessToken(), session.provider().keys, session.provider().issuer,
        session.profile().apiAudience,
        Auth::acceptedAlgorithms(session.profile().idTokenAlgorithms, session.provider().idTokenAlgorithms));
    m_accessToken->setText(view.explanation);
    m_persistence->setText(session.persistence() == Auth::Session::Persistence::Keychain
                               ? tr("in the system keychain (refresh token only)")
                               : session.persistenceNotice());
}

} // namespace RestoreDesk
