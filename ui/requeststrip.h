#pragma once

#include <QList>
#include <QUrl>
#include <QWidget>

class QLabel;
class QPushButton;

namespace RestoreDesk {

class ElidedLabel;

// The "equivalent request" strip under a view: the REST call behind what is shown (method and
// URL, never a token), copyable, so an operator can repeat it with curl or hand it to support.
// A view built from several calls (an overview reads each vault's items, policies and jobs)
// shows the first and says what the others are; Copy copies every one, a line each, exactly as
// sent. GUI thread; owned by its view.
class RequestStrip : public QWidget
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QUrl url;
    };

    explicit RequestStrip(QWidget *parent = nullptr);
    void setRequest(const QByteArray &method, const QUrl &url);
    // `note` says what follows the first request ("and 3 per vault (4 vaults): …").
    void setRequests(const QList<Request> &requests, const QString &note = {});
    void clear();
    // As sent (percent-encoded), one line per request, for curl and support.
    QStringList lines() const;
    QList<Request> requests() const { return m_requests; }
    QString text() const;
    QString note() const;

private:
    QList<Request> m_requests; // the valid ones; their lines are made when asked for (a view read
                               // page by page can have hundreds)
    ElidedLabel *m_label;
    QLabel *m_note;
    QPushButton *m_copy;
};

} // namespace RestoreDesk
