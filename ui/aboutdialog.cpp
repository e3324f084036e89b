#include "aboutdialog.h"

#include "core/version.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <openssl/opensslv.h>

namespace RestoreDesk {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Restore Desk"));
    auto layout = new QVBoxLayout(this);
    auto text = new QLabel(this);
    text->setObjectName(QStringLiteral("aboutTextLabel"));
    text->setTextFormat(Qt::RichText);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->setText(
        tr("<h3>Restore Desk %1</h3>"
           "<p>A desktop console for backup operators.</p>"
           "<p>Qt %2 · %3</p>"
           "<p>Settings: %4</p>")
            .arg(QString::fromLatin1(kVersion), QString::fromLatin1(qVersion()),
                 QStringLiteral(OPENSSL_VERSION_TEXT).toHtmlEscaped(),
                 QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation).toHtmlEscaped()));
    layout->addWidget(text);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace RestoreDesk
