#pragma once

#include <QLabel>

namespace RestoreDesk {

// A one-line label for text that may be wider than its place (a URL): it shows as much as fits,
// cut in the middle ("GET https://host/subscriptions/…?api-version=2023-04-01"), so both the start
// (method, host, scope) and the end (the resource and its query) stay in sight. fullText() is the
// whole text; QLabel::text() is what is shown. It never asks for more width than it gets. GUI
// thread; owned by its parent widget.
class ElidedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget *parent = nullptr);
    void setFullText(const QString &text);
    QString fullText() const { return m_full; }
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void elide();

    QString m_full;
};

} // namespace RestoreDesk
