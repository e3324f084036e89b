#include "profileimportdialog.h"

#include "messagebanner.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

ProfileImportDialog::ProfileImportDialog(const QString &fileName, const Auth::ImportedProfile &imported,
                                         QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("profileImportDialog"));
    setWindowTitle(tr("Import profile"));
    const Auth::Profile &p = imported.profile;
    auto layout = new QVBoxLayout(this);
    auto intro = new QLabel(tr("%1 sets up this profile. Check where it signs in and which API it calls "
                               "before saving it.")
                                .arg(fileName),
                            this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto form = new QFormLayout;
    auto row = [&](const QString &label, const QString &value, const char *name) {
        auto v = new QLabel(value.isEmpty() ? tr("(none)") : value, this);
        v->setObjectName(QLatin1String(name));
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        v->setWordWrap(true);
        form->addRow(label, v);
    };
    row(tr("Name:"), p.name, "nameValue");
    row(tr("Kind:"), Auth::Profile::kindName(p.kind), "kindValue");
    row(tr("Issuer (signs you in):"), p.issuer, "issuerValue");
    row(tr("Client id:"), p.clientId, "clientIdValue");
    row(tr("API base (receives your token):"), p.apiBase, "apiBaseValue");
    row(tr("API audience:"), p.apiAudience, "apiAudienceValue");
    row(tr("Scopes:"), p.scopes.join(QLatin1Char(' ')), "scopesValue");
    row(tr("CA bundle:"), p.caBundle, "caBundleValue");
    row(tr("Claims:"),
        tr("principal %1 · groups %2 · roles %3")
            .arg(p.principalClaim, p.groupClaims.join(QStringLiteral(", ")),
                 p.roleClaims.join(QStringLiteral(", "))),
        "claimsValue");
    layout->addLayout(form);
    if (!imported.dropped.isEmpty()) {
        auto banner = new MessageBanner(this);
        banner->setObjectName(QStringLiteral("droppedBanner"));
        banner->showMessage(
            MessageBanner::Level::Warning,
            tr("Not imported: %1. A browser command is a setting of this computer and is never "
               "taken from a file; set it in Edit profile if you need one.")
                .arg(imported.dropped.join(QStringLiteral(", "))));
        layout->addWidget(banner);
    }
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("importButtons"));
    buttons->button(QDialogButtonBox::Save)->setText(tr("Save profile"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace RestoreDesk
