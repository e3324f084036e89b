#include "claimsinspectorwidget.h"

#include "models/claimtreemodel.h"
#include "text/claimtext.h"
#include "text/errortext.h"
#include "text/tokentext.h"
#include "tokendropfilter.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QMetaMethod>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStyle>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace RestoreDesk {

namespace {

QString meaningWithNote(Access::TokenFlavour flavour, const Access::ClaimEntry &e)
{
    const QString meaning = Text::claimMeaning(flavour, e);
    const QString note = Text::claimValueNote(flavour, e);
    if (note.isEmpty())
        return meaning;
    return meaning.isEmpty() ? note : meaning + QStringLiteral(" — ") + note;
}

} // namespace

ClaimsInspectorWidget::ClaimsInspectorWidget(QWidget *parent)
    : QWidget(parent)
    , m_source(new QComboBox(this))
    , m_tokenEdit(new QPlainTextEdit(this))
    , m_error(new QLabel(this))
    , m_kind(new QLabel(this))
    , m_signature(new QLabel(this))
    , m_verify(new QPushButton(tr("Verify signature"), this))
    , m_warnings(new QListWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_tree(new QTreeView(this))
    , m_raw(new QPlainTextEdit(this))
    , m_copyTicket(new QPushButton(tr("Copy for ticket"), this))
    , m_status(new QLabel(this))
    , m_model(new Models::ClaimTreeModel(this))
{
    setObjectName(QStringLiteral("claimsInspector"));
    m_source->setObjectName(QStringLiteral("sourceCombo"));
    m_tokenEdit->setObjectName(QStringLiteral("tokenEdit"));
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_kind->setObjectName(QStringLiteral("kindLabel"));
    m_signature->setObjectName(QStringLiteral("signatureLabel"));
    m_verify->setObjectName(QStringLiteral("verifyButton"));
    m_warnings->setObjectName(QStringLiteral("warningsList"));
    m_tabs->setObjectName(QStringLiteral("claimTabs"));
    m_tree->setObjectName(QStringLiteral("claimTree"));
    m_raw->setObjectName(QStringLiteral("rawJsonEdit"));
    m_copyTicket->setObjectName(QStringLiteral("copyTicketButton"));
    m_status->setObjectName(QStringLiteral("statusLabel"));

    m_source->addItem(tr("Session ID token"), int(Source::SessionIdToken));
    m_source->addItem(tr("Session access token"), int(Source::SessionAccessToken));
    m_source->addItem(tr("Pasted or dropped token"), int(Source::Pasted));
    m_source->setCurrentIndex(2);
    m_tokenEdit->setPlaceholderText(
        tr("Paste a JWT here or drop a file holding one. It is decoded on this computer and sent nowhere."));
    m_tokenEdit->setMaximumHeight(90);
    auto drops = new TokenDropFilter(this);
    m_tokenEdit->viewport()->installEventFilter(drops);
    connect(drops, &TokenDropFilter::tokenDropped, this, &ClaimsInspectorWidget::inspectPasted);
    connect(drops, &TokenDropFilter::dropFailed, m_error, &QLabel::setText);
    m_tokenEdit->setAcceptDrops(true);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b01e1e;"));
    m_signature->setWordWrap(true);
    m_signature->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_kind->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings->setWordWrap(true);
    m_warnings->setMaximumHeight(120);
    m_model->setWording(Models::ClaimTreeModel::Wording { &meaningWithNote, &Text::timeClaimText });
    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->setColumnWidth(Models::ClaimTreeModel::NameColumn, 180);
    m_tree->setColumnWidth(Models::ClaimTreeModel::ValueColumn, 320);
    m_raw->setReadOnly(true);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_tabs->addTab(m_tree, tr("Claims"));
    m_tabs->addTab(m_raw, tr("Raw JSON"));

    auto top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Token:"), this));
    top->addWidget(m_source, 1);
    auto signatureRow = new QHBoxLayout;
    signatureRow->addWidget(m_signature, 1);
    signatureRow->addWidget(m_verify);
    auto bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_copyTicket);
    auto layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_tokenEdit);
    layout->addWidget(m_error);
    layout->addWidget(m_kind);
    layout->addLayout(signatureRow);
    layout->addWidget(m_warnings);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(bottom);

    connect(m_source, &QComboBox::currentIndexChanged, this, &ClaimsInspectorWidget::refresh);
    connect(m_tokenEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (Source(m_source->currentData().toInt()) == Source::Pasted)
            refresh();
    });
    connect(m_verify, &QPushButton::clicked, this, &ClaimsInspectorWidget::verify);
    connect(m_copyTicket, &QPushButton::clicked, this, &ClaimsInspectorWidget::copyForTicket);
    refresh();
}

ClaimsInspectorWidget::~ClaimsInspectorWidget() = default;

void ClaimsInspectorWidget::setClock(Clock clock)
{
    m_clock = std::move(clock);
    refresh();
}

void ClaimsInspectorWidget::setApiAudience(const QString &audience)
{
    m_apiAudience = audience;
    refresh();
}

void ClaimsInspectorWidget::setSessionTokens(const QByteArray &idToken, const QByteArray &accessToken)
{
    const bool hadSession = !m_sessionIdToken.isEmpty() || !m_sessionAccessToken.isEmpty();
    m_sessionIdToken = idToken;
    m_sessionAccessToken = accessToken;
    const bool hasSession = !idToken.isEmpty() || !accessToken.isEmpty();
    const Source source = Source(m_source->currentData().toInt());
    const QSignalBlocker quiet(m_source); // one refresh below, not one per change
    // Signed in with nothing pasted: the page opens on the operator's own ID token. Signed out:
    // the session's tokens are gone, so the page goes back to the paste box (what was pasted stays).
    if (hasSession && !hadSession && source == Source::Pasted
        && m_tokenEdit->toPlainText().trimmed().isEmpty())
        m_source->setCurrentIndex(
            m_source->findData(int(idToken.isEmpty() ? Source::SessionAccessToken : Source::SessionIdToken)));
    else if (!hasSession && source != Source::Pasted)
        m_source->setCurrentIndex(m_source->findData(int(Source::Pasted)));
    refresh();
}

void ClaimsInspectorWidget::setVerificationKeys(const Access::SignatureKeys &keys)
{
    m_keys.insert(keys.issuer, keys);
    refresh();
}

void ClaimsInspectorWidget::showVerifyFailed(const QString &issuer, const Error &error)
{
    m_status->setText(
        tr("The keys of %1 could not be fetched: %2").arg(issuer, Text::describeRedacted(error)));
}

void ClaimsInspectorWidget::showSource(Source source)
{
    m_source->setCurrentIndex(m_source->findData(int(source)));
    refresh();
}

void ClaimsInspectorWidget::inspectPasted(const QByteArray &token)
{
    m_source->setCurrentIndex(m_source->findData(int(Source::Pasted)));
    m_tokenEdit->setPlainText(QString::fromUtf8(token));
}

const Access::TokenInspection *ClaimsInspectorWidget::inspection() const
{
    return m_inspection ? &*m_inspection : nullptr;
}

QString ClaimsInspectorWidget::ticketText() const
{
    return m_inspection ? Text::ticketCopy(*m_inspection) : QString();
}

QByteArray ClaimsInspectorWidget::currentToken() const
{
    switch (Source(m_source->currentData().toInt())) {
    case Source::SessionIdToken:
        return m_sessionIdToken;
    case Source::SessionAccessToken:
        return m_sessionAccessToken;
    case Source::Pasted:
        break;
    }
    return m_tokenEdit->toPlainText().toUtf8();
}

void ClaimsInspectorWidget::refresh()
{
    const Source source = Source(m_source->currentData().toInt());
    m_tokenEdit->setVisible(source == Source::Pasted);
    m_status->clear();
    m_inspection.reset();
    const QByteArray token = currentToken();
    if (token.trimmed().isEmpty()) {
        m_error->setText(source == Source::Pasted ? QString() : tr("The session has no such token."));
        showInspection();
        return;
    }
    Access::InspectOptions options;
    options.clock = m_clock;
    options.apiAudience = m_apiAudience;
    options.hint = source == Source::SessionIdToken ? Access::TokenUse::IdToken
        : source == Source::SessionAccessToken      ? Access::TokenUse::AccessToken
                                                    : Access::TokenUse::Unknown;
    auto result = Access::inspectToken(token, options);
    if (!result) {
        m_error->setText(Text::describeRedacted(result.error()));
        showInspection();
        return;
    }
    m_error->clear();
    m_inspection = std::move(result).value();
    // Keys already at hand: checking locally sends nothing anywhere.
    const auto keys = m_keys.constFind(m_inspection->issuer());
    if (keys != m_keys.cend())
        m_inspection->signature = Access::verifySignature(*m_inspection, keys.value());
    showInspection();
}

void ClaimsInspectorWidget::showInspection()
{
    m_warnings->clear();
    if (!m_inspection) {
        m_model->clear();
        m_raw->clear();
        m_kind->clear();
        m_signature->clear();
        m_verify->setEnabled(false);
        m_copyTicket->setEnabled(false);
        return;
    }
    const Access::TokenInspection &t = *m_inspection;
    m_model->setInspection(t);
    m_tree->expandToDepth(0);
    // The decoded text as the token carries it: key order, spacing and any repeated key kept (a
    // re-serialisation would sort the keys and silently keep one of the duplicates).
    m_raw->setPlainText(tr("header:\n%1\n\npayload:\n%2")
                            .arg(QString::fromUtf8(t.rawHeader), QString::fromUtf8(t.rawPayload)));
    m_kind->setText(tr("%1, from %2").arg(Text::tokenKindText(t), t.issuer()));
    m_signature->setText(tr("Signature: %1").arg(Text::signatureText(t.signature)));
    QStyle *s = style();
    for (const Access::TokenWarning &w : t.warnings) {
        const QStyle::StandardPixmap icon = w.severity == Access::TokenWarning::Severity::Critical
            ? QStyle::SP_MessageBoxCritical
            : w.severity == Access::TokenWarning::Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                                    : QStyle::SP_MessageBoxInformation;
        auto item = new QListWidgetItem(s->standardIcon(icon), Text::warningText(w), m_warnings);
        item->setData(Qt::UserRole, w.code);
    }
    m_warnings->setVisible(!t.warnings.isEmpty());
    // Verifying can only help when nothing decided it yet, and when keys exist or someone can
    // fetch them.
    const bool canFetch = isSignalConnected(QMetaMethod::fromSignal(&ClaimsInspectorWidget::verifyRequested));
    m_verify->setEnabled(t.signature.state == Access::SignatureStatus::State::NotChecked
                         && (canFetch || m_keys.contains(t.issuer())));
    m_verify->setToolTip(
        canFetch ? tr("Fetches only %1's discovery document and keys.").arg(t.issuer())
                 : tr("Verifying a pasted token needs its issuer's keys, which this window cannot "
                      "fetch."));
    m_copyTicket->setEnabled(true);
}

void ClaimsInspectorWidget::verify()
{
    if (!m_inspection)
        return;
    const QString issuer = m_inspection->issuer();
    if (m_keys.contains(issuer)) {
        refresh();
        return;
    }
    m_status->setText(tr("Fetching %1's keys…").arg(issuer));
    Q_EMIT verifyRequested(issuer);
}

void ClaimsInspectorWidget::copyForTicket()
{
    if (!m_inspection)
        return;
    QApplication::clipboard()->setText(ticketText());
    m_status->setText(tr("Copied header and payload; the signature was removed."));
}

} // namespace RestoreDesk
