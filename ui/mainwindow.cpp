#include "mainwindow.h"

#include "aboutdialog.h"
#include "ui_mainwindow.h"

#include <QLabel>
#include <QStatusBar>

namespace RestoreDesk {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);

    QFont titleFont = m_ui->welcomeTitleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    m_ui->welcomeTitleLabel->setFont(titleFont);

    m_identityLabel = new QLabel(this);
    m_identityLabel->setObjectName(QStringLiteral("identityLabel"));
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_ui->statusBar->addWidget(m_identityLabel, 1);
    m_ui->statusBar->addPermanentWidget(m_connectionLabel);
    setIdentityText(tr("Not signed in"));
    setConnectionText(tr("No back end"));

    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(QWidget *page)
{
    m_ui->pageStack->addWidget(page);
}

void MainWindow::showPage(QWidget *page)
{
    m_ui->pageStack->setCurrentWidget(page);
}

QWidget *MainWindow::currentPage() const
{
    return m_ui->pageStack->currentWidget();
}

QMenu *MainWindow::accountMenu() const
{
    return m_ui->accountMenu;
}

MessageBanner *MainWindow::currentBanner() const
{
    QWidget *page = currentPage();
    return page ? page->findChild<MessageBanner *>(QStringLiteral("pageBanner")) : nullptr;
}

void MainWindow::notify(MessageBanner::Level level, const QString &text)
{
    if (MessageBanner *banner = currentBanner())
        banner->showMessage(level, text);
    else
        statusBar()->showMessage(text, 15000);
}

void MainWindow::notifyError(const Error &error)
{
    if (MessageBanner *banner = currentBanner())
        banner->showError(error);
    else
        statusBar()->showMessage(error.toString(), 15000);
}

void MainWindow::setIdentityText(const QString &text)
{
    m_identityLabel->setText(text);
}

void MainWindow::setConnectionText(const QString &text)
{
    m_connectionLabel->setText(text);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

} // namespace RestoreDesk
