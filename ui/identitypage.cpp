#include "identitypage.h"

#include "auth/session.h"
#include "core/jsonutil.h"

#include <QFormLayout>
#include <QLabel>
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
    m_persistence = addRow(tr("Session kept"), "persistenceValue");
    auto layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
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
    m_persistence->setText(session.persistence() == Auth::Session::Persistence::Keychain
                               ? tr("in the system keychain (refresh token only)")
                               : session.persistenceNotice());
}

} // namespace RestoreDesk
