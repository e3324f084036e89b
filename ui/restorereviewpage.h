#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace RestoreDesk {

class RestoreWizard;

// The wizard's "Review" step: in plain words what the restore will create or overwrite and
// where (RestoreRequest::effects), the equivalent REST request (copyable; no token is ever in
// it), the reason (required; recorded with the request and in the audit log) and, for a restore
// that overwrites, the item's name typed again as confirmation. GUI thread; owned by the wizard.
class RestoreReviewPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit RestoreReviewPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    QString reason() const;
    QString previewText() const;
    QString requestText() const;

private:
    RestoreWizard *m_wizard;
    QLabel *m_preview;
    QPlainTextEdit *m_request;
    QPushButton *m_copy;
    QLineEdit *m_reason;
    QLabel *m_confirmLabel;
    QLineEdit *m_confirm;
    QLabel *m_confirmName;
};

} // namespace RestoreDesk
