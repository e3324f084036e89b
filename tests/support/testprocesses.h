#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <memory>

namespace RestoreDesk::Test {

// A helper process for integration tests (an IdP, the sandbox, a browser). start() waits, while
// running the event loop, for a ready line on stdout and fails loudly with the process's stderr
// when it does not come. The destructor stops the process (SIGTERM, then SIGKILL) and waits,
// so no test leaves a process behind. Standard input stays open: helpers exit when it closes.
class ManagedProcess
{
public:
    ManagedProcess();
    ~ManagedProcess();
    ManagedProcess(const ManagedProcess &) = delete;
    ManagedProcess &operator=(const ManagedProcess &) = delete;

    bool start(const QString &program, const QStringList &arguments, const QRegularExpression &readyLine,
               int timeoutMs, QString *error);
    void startDetachedFromReady(const QString &program, const QStringList &arguments);
    void stop();

    bool isRunning() const;
    bool hasFinished() const { return m_finished; }
    int exitCode() const { return m_exitCode; }
    QRegularExpressionMatch readyMatch() const { return m_ready; }
    QByteArray standardOutput() const { return m_stdout; }
    QByteArray standardError() const { return m_stderr; }
    qint64 processId() const;
    void setEnvironment(const QProcessEnvironment &env);

private:
    std::unique_ptr<QProcess> m_process;
    QRegularExpressionMatch m_ready;
    QByteArray m_stdout;
    QByteArray m_stderr;
    bool m_finished = false;
    int m_exitCode = -1;
};

// oidc-provider from tests/idp/, on a free 127.0.0.1 port.
class TestIdp
{
public:
    bool start(QString *error, const QStringList &extraArguments = {});
    QString issuer() const { return m_issuer; }
    QString audience() const { return m_audience; }
    ManagedProcess &process() { return m_process; }

private:
    ManagedProcess m_process;
    QString m_issuer;
    QString m_audience;
};

// Debian's Chromium, headless, driven by tests/idp/browser.js: the "system browser".
class BrowserDriver
{
public:
    struct Options
    {
        QString user = QStringLiteral("alice");
        bool deny = false;
        int timeoutMs = 60000;
    };

    void open(const QUrl &url, const Options &options);
    void open(const QUrl &url) { open(url, Options()); }
    bool hasFinished() const { return m_process.hasFinished(); }
    bool succeeded() const;
    QJsonObject result() const; // the driver's JSON line: ok, callback, status, title, text
    QString diagnostics() const;

private:
    ManagedProcess m_process;
};

// The local addresses with a TCP socket in LISTEN state on `port`, read from /proc/net/tcp{,6}.
QStringList listeningAddresses(quint16 port);

QString nodeExecutable();
QString idpDirectory();
QString testDataDirectory();

} // namespace RestoreDesk::Test
