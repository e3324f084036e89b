#include "signinpage.h"

#include "messagebanner.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

SignInPage::SignInPage(QWidget *parent)
    : QWidget(parent)
    , m_profiles(new QComboBox(this))
    , m_hint(new QLabel(this))
    , m_people(new QLabel(this))
    , m_signIn(new QPushButton(tr("Sign in with the browser"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_copyLink(new QPushButton(tr("Copy sign-in link"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_banner(new MessageBanner(this))
{
    setObjectName(QStringLiteral("signInPage"));
    m_profiles->setObjectName(QStringLiteral("profileCombo"));
    m_hint->setObjectName(QStringLiteral("hintLabel"));
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_copyLink->setObjectName(QStringLiteral("copyLinkButton"));
    m_progress->setObjectName(QStringLiteral("signInProgress"));
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_banner->setObjectName(QStringLiteral("pageBanner"));
    m_people->setObjectName(QStringLiteral("peopleLabel"));
    m_people->setWordWrap(true);
    m_people->setTextFormat(Qt::RichText);
    m_people->setVisible(false);

    auto title = new QLabel(tr("Sign in"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    title->setFont(f);
    m_hint->setWordWrap(true);
    m_status->setWordWrap(true);
    m_progress->setRange(0, 0); // busy
    m_signIn->setDefault(true);
    m_copyLink->setToolTip(
        tr("For when the browser did not open: paste the link into any browser on this computer."));

    auto form = new QFormLayout;
    form->addRow(tr("Profile:"), m_profiles);
    auto buttons = new QHBoxLayout;
    buttons->addWidget(m_signIn);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_copyLink);
    buttons->addStretch();

    auto box = new QWidget(this);
    box->setMaximumWidth(640);
    auto inner = new QVBoxLayout(box);
    inner->addWidget(title);
    inner->addWidget(m_hint);
    inner->addWidget(m_people);
    inner->addLayout(form);
    inner->addLayout(buttons);
    inner->addWidget(m_progress);
    inner->addWidget(m_status);
    inner->addWidget(m_banner);

    auto outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(box, 3);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);

    connect(m_signIn, &QPushButton::clicked, this, [this] { Q_EMIT signInRequested(selectedProfile()); });
    connect(m_cancel, &QPushButton::clicked, this, &SignInPage::cancelRequested);
    connect(m_copyLink, &QPushButton::clicked, this, &SignInPage::copyLinkRequested);
    connect(m_profiles, &QComboBox::textActivated, this, &SignInPage::profileChosen);
    showIdle();
}

void SignInPage::setProfiles(const QStringList &names, const QString &current)
{
    const QSignalBlocker blocker(m_profiles);
    m_profiles->clear();
    m_profiles->addItems(names);
    m_profiles->setCurrentText(current);
}

QString SignInPage::selectedProfile() const
{
    return m_profiles->currentText();
}

void SignInPage::setHint(const QString &text)
{
    m_hint->setText(text);
    m_hint->setVisible(!text.isEmpty());
}

void SignInPage::setPeople(const QList<SandboxPerson> &people)
{
    if (people.isEmpty()) {
        m_people->clear();
        m_people->setVisible(false);
        return;
    }
    QString rows;
    for (const SandboxPerson &p : people) {
        rows += QStringLiteral("<tr><td><b>%1</b>&nbsp;</td><td>%2&nbsp;</td><td>%3</td></tr>")
                    .arg(p.username.toHtmlEscaped(), p.name.toHtmlEscaped(),
                         p.roles.isEmpty()
                             ? tr("no access").toHtmlEscaped()
                             : p.roles.join(QStringLiteral("<br>"))
                                   .toHtmlEscaped()
                                   .replace(QStringLiteral("&lt;br&gt;"), QStringLiteral("<br>")));
    }
    m_people->setText(tr("In the browser, pick who you are:") + QStringLiteral("<table>") + rows
                      + QStringLiteral("</table>"));
    m_people->setVisible(true);
}

void SignInPage::showIdle()
{
    m_signIn->setEnabled(true);
    m_profiles->setEnabled(true);
    m_cancel->setVisible(false);
    m_copyLink->setVisible(false);
    m_progress->setVisible(false);
    m_status->clear();
}

void SignInPage::showWaiting(const QString &message)
{
    m_signIn->setEnabled(false);
    m_profiles->setEnabled(false);
    m_cancel->setVisible(true);
    m_copyLink->setVisible(true);
    m_progress->setVisible(true);
    m_status->setText(message);
    m_banner->clear();
}

void SignInPage::showError(const Error &error)
{
    showIdle();
    m_banner->showError(error);
}

void SignInPage::showNotice(const QString &message)
{
    m_banner->showMessage(MessageBanner::Level::Info, message);
}

} // namespace RestoreDesk
