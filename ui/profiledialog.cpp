#include "profiledialog.h"

#include "access/claimrolemapping.h"
#include "text/errortext.h"

#include "core/shellwords.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace RestoreDesk {

namespace {

QStringList words(const QLineEdit *edit)
{
    return edit->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// The role-mapping text as an object: empty text is no mapping; anything else must be a JSON
// object Access::ClaimRoleMapping reads. `problem` names what is wrong.
QJsonObject mappingOf(const QString &text, QString *problem)
{
    if (text.trimmed().isEmpty())
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        if (problem)
            *problem = ProfileDialog::tr("The role mapping is not a JSON object (%1).")
                           .arg(error.error != QJsonParseError::NoError ? error.errorString()
                                                                        : ProfileDialog::tr("not an object"));
        return {};
    }
    if (const auto mapping = Access::ClaimRoleMapping::fromJson(doc.object()); !mapping) {
        if (problem)
            *problem = Text::describe(mapping.error());
        return {};
    }
    return doc.object();
}

} // namespace

ProfileDialog::ProfileDialog(QWidget *parent)
    : QDialog(parent)
    , m_preset(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_tenant(new QLineEdit(this))
    , m_cloud(new QComboBox(this))
    , m_issuer(new QLineEdit(this))
    , m_clientId(new QLineEdit(this))
    , m_scopes(new QLineEdit(this))
    , m_apiBase(new QLineEdit(this))
    , m_apiAudience(new QLineEdit(this))
    , m_caBundle(new QLineEdit(this))
    , m_browserCommand(new QLineEdit(this))
    , m_principalClaim(new QLineEdit(this))
    , m_groupClaims(new QLineEdit(this))
    , m_roleClaims(new QLineEdit(this))
    , m_prompt(new QLineEdit(this))
    , m_roleMapping(new QPlainTextEdit(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Sign-in profile"));
    setObjectName(QStringLiteral("profileDialog"));
    m_preset->setObjectName(QStringLiteral("presetCombo"));
    m_preset->addItem(tr("Azure (Entra ID)"), int(Auth::Profile::Kind::Azure));
    m_preset->addItem(tr("Generic OpenID Connect"), int(Auth::Profile::Kind::Oidc));
    m_cloud->setObjectName(QStringLiteral("cloudCombo"));
    m_cloud->addItem(tr("Azure public cloud"), QStringLiteral("public"));
    m_cloud->addItem(tr("Azure US Government"), QStringLiteral("usgov"));
    m_cloud->addItem(tr("Azure China (21Vianet)"), QStringLiteral("china"));
    const struct
    {
        QLineEdit *edit;
        const char *name;
        const char *placeholder;
    } fields[] = { { m_name, "nameEdit", "e.g. Production (Entra)" },
                   { m_tenant, "tenantEdit", "tenant id or domain, e.g. contoso.onmicrosoft.com" },
                   { m_issuer, "issuerEdit", "https://issuer.example.com/realms/ops" },
                   { m_clientId, "clientIdEdit", "application (client) id of a public client" },
                   { m_scopes, "scopesEdit", "openid profile offline_access …" },
                   { m_apiBase, "apiBaseEdit", "https://management.azure.com" },
                   { m_apiAudience, "apiAudienceEdit", "the API's audience" },
                   { m_caBundle, "caBundleEdit", "optional PEM file with extra trusted CAs" },
                   { m_browserCommand, "browserCommandEdit", "optional, e.g. firefox --new-window" },
                   { m_principalClaim, "principalClaimEdit", "oid" },
                   { m_groupClaims, "groupClaimsEdit", "groups (dotted paths, space separated)" },
                   { m_roleClaims, "roleClaimsEdit", "roles, realm_access.roles …" },
                   { m_prompt, "promptEdit", "optional, e.g. consent" } };
    for (const auto &f : fields) {
        f.edit->setObjectName(QLatin1String(f.name));
        f.edit->setPlaceholderText(tr(f.placeholder));
    }
    m_roleMapping->setObjectName(QStringLiteral("roleMappingEdit"));
    m_roleMapping->setPlaceholderText(
        tr("optional, generic OpenID Connect: the API's claim → role mapping, e.g. {\"roleMapping\": "
           "{\"backup-operators\": \"Backup Operator\"}, \"scope\": \"/subscriptions/…\"}"));
    m_roleMapping->setTabChangesFocus(true);
    m_roleMapping->setMaximumHeight(90);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #9b1c1c;"));

    auto form = new QFormLayout;
    form->addRow(tr("Preset:"), m_preset);
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Tenant:"), m_tenant);
    form->addRow(tr("Cloud:"), m_cloud);
    form->addRow(tr("Issuer:"), m_issuer);
    form->addRow(tr("Client id:"), m_clientId);
    form->addRow(tr("Scopes:"), m_scopes);
    form->addRow(tr("API base URL:"), m_apiBase);
    form->addRow(tr("API audience:"), m_apiAudience);
    form->addRow(tr("CA bundle:"), m_caBundle);
    form->addRow(tr("Browser command:"), m_browserCommand);
    form->addRow(tr("Principal claim:"), m_principalClaim);
    form->addRow(tr("Group claims:"), m_groupClaims);
    form->addRow(tr("Role claims:"), m_roleClaims);
    form->addRow(tr("Prompt:"), m_prompt);
    form->addRow(tr("Role mapping:"), m_roleMapping);
    auto layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ProfileDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &ProfileDialog::presetChanged);
    connect(m_tenant, &QLineEdit::textEdited, this, &ProfileDialog::presetChanged);
    connect(m_cloud, &QComboBox::currentIndexChanged, this, &ProfileDialog::presetChanged);
    setProfile(Auth::Profile::azure(QString(), QString()));
    m_name->clear(); // a new profile is named by the operator
    m_name->setFocus();
    setMinimumWidth(620);
}

void ProfileDialog::presetChanged()
{
    const bool azure = m_preset->currentData().toInt() == int(Auth::Profile::Kind::Azure);
    m_tenant->setEnabled(azure);
    m_cloud->setEnabled(azure);
    m_issuer->setReadOnly(azure);
    m_roleMapping->setEnabled(!azure); // Azure RBAC maps no claims to roles
    if (azure) {
        const Auth::Profile preset = Auth::Profile::azure(
            m_tenant->text().trimmed(), m_clientId->text().trimmed(), m_cloud->currentData().toString());
        m_issuer->setText(m_tenant->text().trimmed().isEmpty() ? QString() : preset.issuer);
        m_issuer->setPlaceholderText(tr("filled in from the tenant and cloud"));
        m_scopes->setText(preset.scopes.join(QLatin1Char(' ')));
        m_apiBase->setText(preset.apiBase);
        m_apiAudience->setText(preset.apiAudience);
    }
}

void ProfileDialog::setProfile(const Auth::Profile &p)
{
    m_preset->setCurrentIndex(m_preset->findData(
        int(p.kind == Auth::Profile::Kind::Azure ? Auth::Profile::Kind::Azure : Auth::Profile::Kind::Oidc)));
    m_name->setText(p.name);
    m_tenant->setText(p.tenant);
    m_cloud->setCurrentIndex(qMax(0, m_cloud->findData(p.cloud)));
    m_issuer->setText(p.issuer);
    m_clientId->setText(p.clientId);
    m_scopes->setText(p.scopes.join(QLatin1Char(' ')));
    m_apiBase->setText(p.apiBase);
    m_apiAudience->setText(p.apiAudience);
    m_caBundle->setText(p.caBundle);
    m_browserCommand->setText(p.browserCommand.join(QLatin1Char(' ')));
    m_principalClaim->setText(p.principalClaim);
    m_groupClaims->setText(p.groupClaims.join(QLatin1Char(' ')));
    m_roleClaims->setText(p.roleClaims.join(QLatin1Char(' ')));
    m_prompt->setText(p.prompt);
    m_roleMapping->setPlainText(
        p.roleMapping.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(p.roleMapping).toJson(QJsonDocument::Indented)));
    presetChanged();
}

Auth::Profile ProfileDialog::profile() const
{
    const bool azure = m_preset->currentData().toInt() == int(Auth::Profile::Kind::Azure);
    Auth::Profile p = azure
        ? Auth::Profile::azure(m_tenant->text().trimmed(), m_clientId->text().trimmed(),
                               m_cloud->currentData().toString())
        : Auth::Profile::genericOidc(m_issuer->text().trimmed(), m_clientId->text().trimmed());
    p.name = m_name->text().trimmed();
    p.scopes = words(m_scopes);
    p.apiBase = m_apiBase->text().trimmed();
    p.apiAudience = m_apiAudience->text().trimmed();
    p.caBundle = m_caBundle->text().trimmed();
    const auto command = splitShellWords(m_browserCommand->text());
    p.browserCommand = command ? command.value() : QStringList();
    p.principalClaim = m_principalClaim->text().trimmed().isEmpty() ? QStringLiteral("oid")
                                                                    : m_principalClaim->text().trimmed();
    p.groupClaims = words(m_groupClaims);
    p.roleClaims = words(m_roleClaims);
    p.prompt = m_prompt->text().trimmed();
    if (!azure)
        p.roleMapping = mappingOf(m_roleMapping->toPlainText(), nullptr);
    return p;
}

void ProfileDialog::accept()
{
    const Auth::Profile p = profile();
    QString problem;
    if (p.name.isEmpty())
        problem = tr("Give the profile a name.");
    else if (p.kind == Auth::Profile::Kind::Azure && p.tenant.isEmpty())
        problem = tr("Give the tenant (its id or a verified domain).");
    else if (!splitShellWords(m_browserCommand->text()))
        problem = tr("The browser command has an unterminated quote.");
    else if (auto valid = p.validate(); !valid)
        problem = Text::headline(valid.error());
    else if (p.kind != Auth::Profile::Kind::Azure)
        mappingOf(m_roleMapping->toPlainText(), &problem);
    if (!problem.isEmpty()) {
        m_error->setText(problem);
        return;
    }
    QDialog::accept();
}

} // namespace RestoreDesk
