#pragma once

#include <QUrl>
#include <QWidget>

class QLabel;
class QPushButton;

namespace RestoreDesk {

// The "equivalent request" strip under a view: the REST call behind what is shown (method and
// URL, never a token), copyable, so an operator can repeat it with curl or hand it to support.
// GUI thread; owned by its view.
class RequestStrip : public QWidget
{
    Q_OBJECT

public:
    explicit RequestStrip(QWidget *parent = nullptr);
    void setRequest(const QByteArray &method, const QUrl &url);
    QString text() const; // as sent (percent-encoded), for curl and support

private:
    QString m_exact;
    QLabel *m_label;
    QPushButton *m_copy;
};

} // namespace RestoreDesk
