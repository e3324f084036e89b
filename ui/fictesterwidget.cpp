#include "fictesterwidget.h"

#include "access/tokeninspection.h"
#include "core/jsonutil.h"
#include "models/credentialcheckmodel.h"
#include "text/errortext.h"
#include "text/fictext.h"
#include "tokendropfilter.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace RestoreDesk {

namespace {

QString diffHtml(const Access::TextDiff &diff)
{
    QString html;
    for (const Access::TextDiff::Segment &s : diff.segments) {
        const QString text = s.text.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;"));
        switch (s.op) {
        case Access::TextDiff::Segment::Op::Equal:
            html += text;
            break;
        case Access::TextDiff::Segment::Op::Removed:
            html
                += QStringLiteral("<span style=\"background:#f9c8c8;text-decoration:line-through\">%1</span>")
                       .arg(text);
            break;
        case Access::TextDiff::Segment::Op::Added:
            html += QStringLiteral("<span style=\"background:#c8f0c8\">%1</span>").arg(text);
            break;
        }
    }
    return QStringLiteral("<code>%1</code>").arg(html);
}

QString checkVerdict(const Access::CredentialCheck &c)
{
    if (c.matches)
        return FicTesterWidget::tr("matches");
    for (const Access::FieldCheck &f : c.fields) {
        if (!f.matches())
            return Text::fieldName(f) + QLatin1Char(' ') + Text::fieldOutcomeText(f) + QStringLiteral(" (")
                + c.aadsts + QLatin1Char(')');
    }
    return c.expressionError ? FicTesterWidget::tr("invalid expression (%1)").arg(c.aadsts) : c.aadsts;
}

} // namespace

FicTesterWidget::FicTesterWidget(QWidget *parent)
    : QWidget(parent)
    , m_load(new QPushButton(tr("Load credentials…"), this))
    , m_sourceLabel(new QLabel(this))
    , m_tokenEdit(new QPlainTextEdit(this))
    , m_tokenSummary(new QLabel(this))
    , m_error(new QLabel(this))
    , m_verdictLabel(new QLabel(this))
    , m_table(new QTableView(this))
    , m_detail(new QTextBrowser(this))
    , m_proposalEdit(new QPlainTextEdit(this))
    , m_create(new QPushButton(tr("Create this credential…"), this))
    , m_model(new Models::CredentialCheckModel(this))
{
    setObjectName(QStringLiteral("ficTester"));
    m_load->setObjectName(QStringLiteral("loadButton"));
    m_sourceLabel->setObjectName(QStringLiteral("sourceLabel"));
    m_tokenEdit->setObjectName(QStringLiteral("tokenEdit"));
    m_tokenSummary->setObjectName(QStringLiteral("tokenSummaryLabel"));
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_verdictLabel->setObjectName(QStringLiteral("verdictLabel"));
    m_table->setObjectName(QStringLiteral("credentialTable"));
    m_detail->setObjectName(QStringLiteral("detailView"));
    m_proposalEdit->setObjectName(QStringLiteral("proposalEdit"));
    m_create->setObjectName(QStringLiteral("createButton"));

    m_sourceLabel->setText(tr("No credentials loaded."));
    m_tokenEdit->setPlaceholderText(
        tr("Paste the workload's token (a CI job's OIDC token, a service-account "
           "token) or drop a file holding one. It is decoded here and sent nowhere."));
    m_tokenEdit->setMaximumHeight(80);
    auto drops = new TokenDropFilter(this);
    m_tokenEdit->viewport()->installEventFilter(drops);
    connect(drops, &TokenDropFilter::tokenDropped, this, &FicTesterWidget::setToken);
    connect(drops, &TokenDropFilter::dropFailed, m_error, &QLabel::setText);
    m_tokenSummary->setWordWrap(true);
    m_tokenSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b01e1e;"));
    m_verdictLabel->setWordWrap(true);
    m_verdictLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_model->setVerdictWording(&checkVerdict);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_detail->setOpenLinks(false);
    m_proposalEdit->setReadOnly(true);
    m_proposalEdit->setMaximumHeight(110);
    m_create->setEnabled(false);

    auto top = new QHBoxLayout;
    top->addWidget(m_load);
    top->addWidget(m_sourceLabel, 1);
    auto split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    auto createRow = new QHBoxLayout;
    createRow->addWidget(m_proposalEdit, 1);
    createRow->addWidget(m_create, 0, Qt::AlignTop);
    auto layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_tokenEdit);
    layout->addWidget(m_tokenSummary);
    layout->addWidget(m_error);
    layout->addWidget(m_verdictLabel);
    layout->addWidget(split, 1);
    layout->addLayout(createRow);

    connect(m_load, &QPushButton::clicked, this, &FicTesterWidget::chooseFile);
    connect(m_tokenEdit, &QPlainTextEdit::textChanged, this, &FicTesterWidget::evaluate);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showDetail(current.row()); });
    connect(m_create, &QPushButton::clicked, this,
            [this] { Q_EMIT createRequested(m_proposal, m_identityId); });
    evaluate();
}

FicTesterWidget::~FicTesterWidget() = default;

void FicTesterWidget::setClock(Clock clock)
{
    m_clock = std::move(clock);
    evaluate();
}

void FicTesterWidget::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Federated credentials"), QString(),
                                                      tr("JSON (*.json);;All files (*)"));
    if (!path.isEmpty())
        loadCredentialsFile(path);
}

bool FicTesterWidget::loadCredentialsFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error->setText(tr("%1 could not be read: %2").arg(path, file.errorString()));
        return false;
    }
    const QByteArray document = file.read(Access::FederatedCredential::kMaxDocumentSize + 1);
    auto list = Access::FederatedCredential::listFromJson(document);
    if (!list) {
        m_error->setText(Text::describeRedacted(list.error()));
        return false;
    }
    setCredentials(list.value(), QFileInfo(path).fileName());
    return true;
}

void FicTesterWidget::setCredentials(QList<Access::FederatedCredential> credentials, const QString &source)
{
    m_credentials = std::move(credentials);
    m_sourceLabel->setText(tr("%n credential(s) from %1", nullptr, int(m_credentials.size())).arg(source));
    m_model->setCredentials(m_credentials);
    evaluate();
}

void FicTesterWidget::setToken(const QByteArray &token)
{
    m_tokenEdit->setPlainText(QString::fromUtf8(token));
}

void FicTesterWidget::setCreateAllowed(bool allowed, const QString &identityId)
{
    m_createAllowed = allowed;
    m_identityId = identityId;
    evaluate();
}

void FicTesterWidget::evaluate()
{
    m_error->clear();
    m_verdict = {};
    m_haveToken = false;
    const QByteArray token = m_tokenEdit->toPlainText().toUtf8();
    if (token.trimmed().isEmpty()) {
        m_tokenSummary->clear();
        m_verdictLabel->setText(tr("Paste a token to test it against the credentials."));
        m_model->setCredentials(m_credentials);
        updateProposal({});
        m_detail->clear();
        return;
    }
    Access::InspectOptions options;
    options.clock = m_clock;
    const auto inspection = Access::inspectToken(token, options);
    if (!inspection) {
        m_error->setText(Text::describeRedacted(inspection.error()));
        m_tokenSummary->clear();
        m_verdictLabel->clear();
        m_model->setCredentials(m_credentials);
        updateProposal({});
        m_detail->clear();
        return;
    }
    m_haveToken = true;
    const QJsonObject &claims = inspection->jwt.claims;
    m_tokenSummary->setText(
        tr("Token: iss %1 · sub %2 · aud %3")
            .arg(claims.value(QStringLiteral("iss")).toString(),
                 claims.value(QStringLiteral("sub")).toString(),
                 Json::stringList(claims.value(QStringLiteral("aud"))).join(QStringLiteral(", "))));
    Access::FicMatchOptions matchOptions;
    matchOptions.clock = m_clock;
    m_verdict = Access::matchFederatedCredentials(m_credentials, claims, matchOptions);
    m_model->setVerdict(m_verdict);
    QString verdict = Text::verdictText(m_verdict);
    if (m_verdict.time.outcome != Access::AssertionTime::Outcome::Valid)
        verdict += QLatin1Char('\n') + Text::assertionTimeText(m_verdict.time);
    m_verdictLabel->setText(verdict);
    m_verdictLabel->setStyleSheet(m_verdict.succeeds() ? QStringLiteral("color: #1b7f3b;")
                                                       : QStringLiteral("color: #b01e1e;"));
    updateProposal(claims);
    const int focus = m_verdict.matchIndex >= 0 ? m_verdict.matchIndex : m_verdict.nearestIndex;
    if (focus >= 0)
        m_table->selectRow(focus);
    showDetail(focus);
}

void FicTesterWidget::showDetail(int row)
{
    const Access::CredentialCheck *c = m_model->check(row);
    if (!c) {
        m_detail->clear();
        return;
    }
    QString html = QStringLiteral("<p><b>%1</b>: %2</p><table cellspacing=\"4\">")
                       .arg(c->credential.name.toHtmlEscaped(),
                            (c->matches ? tr("matches") : Text::aadstsText(c->aadsts)).toHtmlEscaped());
    for (const Access::FieldCheck &f : c->fields) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(Text::fieldName(f).toHtmlEscaped(), Text::fieldOutcomeText(f).toHtmlEscaped());
        if (!f.matches() && f.field != Access::FieldCheck::Field::Clause)
            html += QStringLiteral("<tr><td></td><td>%1</td></tr>").arg(diffHtml(f.diff));
        else if (!f.matches())
            html += QStringLiteral("<tr><td></td><td><code>%1</code> → <code>%2</code></td></tr>")
                        .arg(f.expected.toHtmlEscaped(), f.actual.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    if (c->expressionError)
        html += QStringLiteral("<p>%1</p>").arg(Text::describeRedacted(*c->expressionError).toHtmlEscaped());
    m_detail->setHtml(html);
}

void FicTesterWidget::updateProposal(const QJsonObject &claims)
{
    if (!m_haveToken || m_verdict.matchIndex >= 0) {
        m_proposalEdit->clear();
        m_proposalEdit->setVisible(false);
        m_create->setVisible(false);
        return;
    }
    m_proposal = Access::FederatedCredential::proposeFromToken(claims);
    const Result<void> valid = Access::FederatedCredential::validateNew(m_proposal, m_credentials);
    m_proposalEdit->setVisible(true);
    m_create->setVisible(true);
    const QString audienceWarning = Text::proposalAudienceWarning(m_proposal);
    m_proposalEdit->setPlainText(
        (audienceWarning.isEmpty() ? QString() : tr("Note: %1\n\n").arg(audienceWarning))
        + tr("PUT …/federatedIdentityCredentials/%1\n").arg(m_proposal.name)
        + QString::fromUtf8(QJsonDocument(m_proposal.creationBody()).toJson(QJsonDocument::Indented)));
    m_create->setEnabled(m_createAllowed && valid.ok());
    m_create->setToolTip(!valid.ok() ? Text::describeRedacted(valid.error())
                             : !m_createAllowed
                             ? tr("You need the right to write federated credentials on this identity.")
                             : tr("Creates the credential after a confirmation; it is recorded in the "
                                  "audit log."));
}

} // namespace RestoreDesk
