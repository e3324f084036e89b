#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace RestoreDesk::Auth {

// The loopback redirect listener of a native sign-in (RFC 8252 §7.3, §8.3): 127.0.0.1 only, an
// ephemeral port, one exact path. Every request is parsed as HTTP/1.1 GET with an
// application/x-www-form-urlencoded query (`+` is a space, percent-decoding once; a repeated
// parameter is refused). The judge decides each well-formed callback: accepted answers end the
// listening (the page is written first); anything else — another path, another method, a
// malformed request, a wrong or missing state, no code and no error — gets a 400 page and the
// listener keeps waiting. Pages carry no-store and no-referrer. Lives on the GUI/CLI thread.
class LoopbackListener : public QObject
{
    Q_OBJECT

public:
    struct Verdict
    {
        bool accepted = false; // true: this request ends the sign-in (success or failure)
        int status = 400;
        QString code; // what the page says, as a code: "signed_in", "state_mismatch"…
        QStringList args;
    };
    using Judge = std::function<Verdict(const QHash<QString, QString> &query)>;
    // The words of the browser page for a code (the presentation's, see ui/text/signinpagetext.h).
    using PageText = std::function<QString(const QString &code, const QStringList &args)>;

    explicit LoopbackListener(QObject *parent = nullptr);
    ~LoopbackListener() override;

    bool listen(const QString &path); // e.g. "/callback"
    void setJudge(Judge judge) { m_judge = std::move(judge); }
    void setPageText(PageText text) { m_pageText = std::move(text); }
    void close();
    bool isListening() const;
    quint16 port() const;

    // application/x-www-form-urlencoded (WHATWG URL §5.1): false on a repeated name or bad input.
    static bool parseQuery(const QByteArray &query, QHash<QString, QString> *out);

    static constexpr int kMaxRequestBytes = 16 * 1024;
    static constexpr int kMaxConnections = 16; // open at once; more are closed on arrival
    static constexpr int kIdleMs = 10000;

Q_SIGNALS:
    // A request that did not end the sign-in (for logs and tests); `why` is a short code.
    void refused(const QString &why);

private:
    void onConnection();
    void onData(QTcpSocket *socket);
    void answer(QTcpSocket *socket, int status, const QString &code, const QStringList &args = {});
    void refuse(QTcpSocket *socket, const QString &code, const QStringList &args = {});

    QTcpServer *m_server = nullptr;
    QString m_path;
    Judge m_judge;
    PageText m_pageText;
    bool m_done = false;
    int m_open = 0; // accepted connections not yet destroyed (at most kMaxConnections)
};

} // namespace RestoreDesk::Auth
