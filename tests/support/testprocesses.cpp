#include "testprocesses.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QUrl>
#include <QtEndian>

namespace RestoreDesk::Test {

QStringList listeningAddresses(quint16 port)
{
    QStringList found;
    for (const QString &path : { QStringLiteral("/proc/net/tcp"), QStringLiteral("/proc/net/tcp6") }) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (const QByteArray &line : lines) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            // sl local_address rem_address st ... ; state 0A = LISTEN
            if (fields.size() < 4 || fields[3] != "0A")
                continue;
            const QList<QByteArray> local = fields[1].split(':');
            if (local.size() != 2 || local[1].toUInt(nullptr, 16) != port)
                continue;
            const QByteArray hex = local[0];
            if (hex.size() == 8) {
                const quint32 le = hex.toUInt(nullptr, 16); // little-endian IPv4
                found << QHostAddress(qFromBigEndian(qToLittleEndian(le))).toString();
            } else if (hex.size() == 32) {
                Q_IPV6ADDR addr {};
                for (int word = 0; word < 4; ++word) {
                    const quint32 w = hex.mid(word * 8, 8).toUInt(nullptr, 16);
                    for (int b = 0; b < 4; ++b)
                        addr.c[word * 4 + b] = static_cast<quint8>((w >> (8 * b)) & 0xff);
                }
                found << QHostAddress(addr).toString();
            }
        }
    }
    return found;
}

QString nodeExecutable()
{
    return QStringLiteral(RD_NODE_EXECUTABLE);
}

QString idpDirectory()
{
    return QStringLiteral(RD_IDP_DIR);
}

QString testDataDirectory()
{
    return QStringLiteral(RD_TEST_DATA_DIR);
}

ManagedProcess::ManagedProcess()
    : m_process(std::make_unique<QProcess>())
{
    QObject::connect(m_process.get(), &QProcess::readyReadStandardOutput, m_process.get(),
                     [this] { m_stdout += m_process->readAllStandardOutput(); });
    QObject::connect(m_process.get(), &QProcess::readyReadStandardError, m_process.get(),
                     [this] { m_stderr += m_process->readAllStandardError(); });
    QObject::connect(m_process.get(), &QProcess::finished, m_process.get(),
                     [this](int code, QProcess::ExitStatus status) {
                         m_stdout += m_process->readAllStandardOutput();
                         m_stderr += m_process->readAllStandardError();
                         m_exitCode = status == QProcess::NormalExit ? code : -1;
                         m_finished = true;
                     });
    QObject::connect(m_process.get(), &QProcess::errorOccurred, m_process.get(),
                     [this](QProcess::ProcessError e) {
                         if (e == QProcess::FailedToStart) {
                             m_stderr += "failed to start: " + m_process->errorString().toUtf8();
                             m_finished = true;
                         }
                     });
}

ManagedProcess::~ManagedProcess()
{
    stop();
}

void ManagedProcess::setEnvironment(const QProcessEnvironment &env)
{
    m_process->setProcessEnvironment(env);
}

bool ManagedProcess::start(const QString &program, const QStringList &arguments,
                           const QRegularExpression &readyLine, int timeoutMs, QString *error)
{
    startDetachedFromReady(program, arguments);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const int newline = m_stdout.indexOf('\n');
        if (newline >= 0) {
            const QString line = QString::fromUtf8(m_stdout.left(newline));
            m_ready = readyLine.match(line);
            if (m_ready.hasMatch())
                return true;
            *error = QStringLiteral("%1 printed an unexpected first line: %2").arg(program, line);
            stop();
            return false;
        }
        if (m_finished) {
            *error = QStringLiteral("%1 exited (code %2) before it was ready: %3")
                         .arg(program)
                         .arg(m_exitCode)
                         .arg(QString::fromUtf8(m_stderr));
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        m_process->waitForReadyRead(20);
    }
    *error = QStringLiteral("%1 was not ready within %2 ms: %3")
                 .arg(program)
                 .arg(timeoutMs)
                 .arg(QString::fromUtf8(m_stderr));
    stop();
    return false;
}

void ManagedProcess::startDetachedFromReady(const QString &program, const QStringList &arguments)
{
    m_finished = false;
    m_exitCode = -1;
    m_stdout.clear();
    m_stderr.clear();
    m_process->start(program, arguments, QIODevice::ReadWrite);
}

void ManagedProcess::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->closeWriteChannel();
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

bool ManagedProcess::isRunning() const
{
    return m_process->state() != QProcess::NotRunning;
}

qint64 ManagedProcess::processId() const
{
    return m_process->processId();
}

bool TestIdp::start(QString *error, const QStringList &extraArguments)
{
    const QStringList args = QStringList { idpDirectory() + QStringLiteral("/server.js"),
                                           QStringLiteral("--port"), QStringLiteral("0") }
        + extraArguments;
    static const QRegularExpression ready(QStringLiteral("^issuer=(\\S+) audience=(\\S+)$"));
    if (!m_process.start(nodeExecutable(), args, ready, 30000, error))
        return false;
    m_issuer = m_process.readyMatch().captured(1);
    m_audience = m_process.readyMatch().captured(2);
    return true;
}

void BrowserDriver::open(const QUrl &url, const Options &options)
{
    QStringList args { idpDirectory() + QStringLiteral("/browser.js"),
                       url.toString(QUrl::FullyEncoded),
                       QStringLiteral("--user"),
                       options.user,
                       QStringLiteral("--timeout"),
                       QString::number(options.timeoutMs) };
    if (options.deny)
        args << QStringLiteral("--deny");
    m_process.startDetachedFromReady(nodeExecutable(), args);
}

bool BrowserDriver::succeeded() const
{
    return m_process.hasFinished() && m_process.exitCode() == 0
        && result().value(QStringLiteral("ok")).toBool();
}

QJsonObject BrowserDriver::result() const
{
    const QByteArray out = m_process.standardOutput().trimmed();
    const int lastLine = out.lastIndexOf('\n');
    return QJsonDocument::fromJson(lastLine >= 0 ? out.mid(lastLine + 1) : out).object();
}

QString BrowserDriver::diagnostics() const
{
    return QStringLiteral("browser exit %1; stdout: %2; stderr: %3")
        .arg(m_process.exitCode())
        .arg(QString::fromUtf8(m_process.standardOutput()), QString::fromUtf8(m_process.standardError()));
}

} // namespace RestoreDesk::Test
