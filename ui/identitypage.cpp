#include "identitypage.h"

#include "auth/session.h"
#include "core/jsonutil.h"
#include "messagebanner.h"
#include "text/errortext.h"

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
    m_banner = new MessageBanner(this);
    m_banner->setObjectName(QStringLiteral("pageBanner"));

    auto layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_banner);
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

void IdentityPage::showKeychainChoice(const Error &why)
{
    m_banner->showMessage(MessageBanner::Level::Warning,
                          Text::headline(why) + QLatin1Char(' ')
                              + tr("Until then this session lasts only until you quit."));
    m_banner->addAction(tr("Retry after unlocking"), QStringLiteral("retryKeychainButton"),
                        [this] { Q_EMIT retryKeychainRequested(); });
    m_banner->addAction(tr("This session only"), QStringLiteral("sessionOnlyButton"),
                        [this] { Q_EMIT sessionOnlyRequested(); });
    m_keychainChoice = true;
}

void IdentityPage::hideKeychainChoice()
{
    if (m_keychainChoice)
        m_banner->clear();
    m_keychainChoice = false;
}

QString IdentityPage::accessTokenText(const Auth::AccessTokenView &view)
{
    using Status = Auth::AccessTokenView::Status;
    const QStringList &a = view.args;
    switch (view.status) {
    case Status::Opaque:
        return tr("An opaque token: nothing to decode; only the API can check it.");
    case Status::NotForClient:
        return tr("Decoded, not verified by this client: it is not an RFC 9068 access token of %1 (Entra ARM "
                  "tokens are like this); the API verifies it.")
            .arg(a.value(0));
    case Status::BadSignature:
        return tr("Decoded, but its signature does not verify with %1's keys (%2).")
            .arg(a.value(0), a.value(1));
    case Status::NotVerifiable:
        return tr("Decoded, not verified: this client could not check %1's signature (%2).")
            .arg(a.value(0), a.value(1));
    case Status::OtherAudience:
        return tr("Signed by %1, but for %2, not this profile's API (%3).")
            .arg(a.value(0), a.value(1), a.value(2));
    case Status::Expired:
        return tr("Signed by %1, but expired.").arg(a.value(0));
    case Status::Verified:
        return tr("Verified by this client: an RFC 9068 access token signed by %1 (key %3) for %2.")
            .arg(a.value(0), a.value(1), a.value(2));
    }
    return {};
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
    m_accessToken->setText(accessTokenText(view));
    if (session.persistence() == Auth::Session::Persistence::Keychain)
        m_persistence->setText(tr("in the system keychain (refresh token only)"));
    else if (session.persistenceReason().code.isEmpty())
        m_persistence->setText(
            tr("in memory, for this session only, by your choice: you will sign in again after quitting"));
    else
        m_persistence->setText(tr("in memory only: %1").arg(Text::headline(session.persistenceReason())));
}

} // namespace RestoreDesk
