#include "restorehowpage.h"

#include "restorewizard.h"
#include "text/restoretext.h"
#include "text/restorewizardtext.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace RestoreDesk {

using Mode = Backup::RestoreRequest::Mode;

namespace {

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

} // namespace

RestoreHowPage::RestoreHowPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_modes(new QVBoxLayout)
    , m_group(new QButtonGroup(this))
    , m_overwrite(new QCheckBox(this))
    , m_overwriteNote(new QLabel(this))
    , m_itemLevel(new QCheckBox(tr("Only some files and folders (one path per line):"), this))
    , m_items(new QPlainTextEdit(this))
{
    setTitle(tr("How to restore"));
    setSubTitle(tr("Only the kinds of restore this item supports are offered."));
    m_overwrite->setObjectName(QStringLiteral("overwriteCheckBox"));
    m_overwriteNote->setObjectName(QStringLiteral("overwriteNoteLabel"));
    m_overwriteNote->setWordWrap(true);
    m_itemLevel->setObjectName(QStringLiteral("itemLevelCheckBox"));
    m_items->setObjectName(QStringLiteral("itemsEdit"));
    m_items->setPlaceholderText(tr("reports/2026/\nbudget.xlsx"));
    m_items->setEnabled(false);
    m_items->setMaximumHeight(100);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_modes);
    layout->addSpacing(12);
    layout->addWidget(m_overwrite);
    layout->addWidget(m_overwriteNote);
    layout->addWidget(m_itemLevel);
    layout->addWidget(m_items);
    layout->addStretch(1);
    connect(m_group, &QButtonGroup::idClicked, this, [this] { apply(); });
    connect(m_overwrite, &QCheckBox::toggled, this, [this] { apply(); });
    connect(m_itemLevel, &QCheckBox::toggled, this, [this](bool on) {
        m_items->setEnabled(on);
        apply();
    });
    connect(m_items, &QPlainTextEdit::textChanged, this, [this] { apply(); });
}

QString RestoreHowPage::objectNameOf(Mode mode)
{
    switch (mode) {
    case Mode::VmNew:
        return QStringLiteral("modeRadio_vmnew");
    case Mode::VmDisks:
        return QStringLiteral("modeRadio_vmdisks");
    case Mode::VmReplace:
        return QStringLiteral("modeRadio_vmreplace");
    case Mode::FileShareOriginal:
        return QStringLiteral("modeRadio_shareoriginal");
    case Mode::FileShareAlternate:
        return QStringLiteral("modeRadio_sharealternate");
    case Mode::SqlAlternate:
        return QStringLiteral("modeRadio_sqlalternate");
    case Mode::SqlFiles:
        return QStringLiteral("modeRadio_sqlfiles");
    }
    return {};
}

void RestoreHowPage::initializePage()
{
    if (!m_built || m_builtFor != m_wizard->request().kind)
        rebuild();
}

void RestoreHowPage::rebuild()
{
    qDeleteAll(m_modeWidgets);
    m_modeWidgets.clear();
    const Backup::RestoreRequest &r = m_wizard->request();
    for (Mode mode : Backup::RestoreRequest::modesFor(r.kind)) {
        auto *radio = new QRadioButton(capitalized(Text::restoreModeName(mode)), this);
        radio->setObjectName(objectNameOf(mode));
        radio->setChecked(mode == r.mode);
        auto *what = new QLabel(Text::restoreModeDescription(mode), this);
        what->setWordWrap(true);
        what->setIndent(24);
        what->setObjectName(objectNameOf(mode) + QStringLiteral("_text"));
        m_group->addButton(radio, int(mode));
        m_modes->addWidget(radio);
        m_modes->addWidget(what);
        m_modeWidgets << radio << what;
    }
    m_builtFor = r.kind;
    m_built = true;
    m_overwrite->setChecked(false); // off unless opted into, every time the kinds are offered
    apply();
}

void RestoreHowPage::apply()
{
    const int id = m_group->checkedId();
    const bool share = m_builtFor == Backup::ProtectedItem::Kind::FileShare;
    m_wizard->updateRequest([&](Backup::RestoreRequest &r) {
        if (id >= 0)
            r.mode = Mode(id);
        r.itemLevel = share && m_itemLevel->isChecked();
        r.items.clear();
        if (r.itemLevel) {
            for (const QString &line : m_items->toPlainText().split(QLatin1Char('\n'))) {
                if (!line.trimmed().isEmpty())
                    r.items << line.trimmed();
            }
        }
        r.overwrite = Backup::RestoreRequest::canOverwrite(r.mode) && m_overwrite->isChecked();
    });
    const Mode mode = m_wizard->request().mode;
    m_itemLevel->setVisible(share);
    m_items->setVisible(share);
    switch (mode) {
    case Mode::FileShareOriginal:
    case Mode::FileShareAlternate:
        m_overwrite->setVisible(true);
        m_overwrite->setText(tr("Overwrite files of the same name at the target"));
        m_overwriteNote->setText(
            m_overwrite->isChecked()
                ? tr("Existing files of the same name WILL be replaced. You will be asked to "
                     "type the item's name to confirm.")
                : tr("Existing files are kept; files that clash are skipped."));
        break;
    case Mode::SqlAlternate:
        m_overwrite->setVisible(true);
        m_overwrite->setText(tr("Overwrite a database of the same name"));
        m_overwriteNote->setText(
            m_overwrite->isChecked()
                ? tr("A database of that name WILL be replaced. You will be asked to type "
                     "the item's name to confirm.")
                : tr("The restore fails rather than replace an existing database."));
        break;
    case Mode::VmReplace:
        m_overwrite->setVisible(false);
        m_overwriteNote->setText(tr("This kind always overwrites: the original VM's disks are replaced. You "
                                    "will be asked to type the item's name to confirm."));
        break;
    case Mode::VmNew:
    case Mode::VmDisks:
    case Mode::SqlFiles:
        m_overwrite->setVisible(false);
        m_overwriteNote->setText(tr("Nothing existing is overwritten."));
        break;
    }
    Q_EMIT completeChanged();
}

bool RestoreHowPage::isComplete() const
{
    const Backup::RestoreRequest &r = m_wizard->request();
    return m_group->checkedId() >= 0 && (!r.itemLevel || !r.items.isEmpty());
}

} // namespace RestoreDesk
