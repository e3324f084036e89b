#include "benchprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QRegularExpression>

#include <ctime>

namespace RestoreDesk::Bench {

qint64 monotonicNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

QString RunResult::describe(const QString &program) const
{
    const QString name = program.section(QLatin1Char('/'), -1);
    if (!started)
        return QStringLiteral("%1 did not start").arg(name);
    if (timedOut)
        return QStringLiteral("%1 did not finish in time").arg(name);
    QString tail = QString::fromLocal8Bit(err.right(400)).trimmed();
    return QStringLiteral("%1 exited %2%3")
        .arg(name)
        .arg(exitCode)
        .arg(tail.isEmpty() ? QString() : QStringLiteral(": ") + tail);
}

RunResult runProcess(const QString &program, const QStringList &arguments, int timeoutMs,
                     const QProcessEnvironment &env)
{
    RunResult r;
    QProcess p;
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    p.setProgram(program);
    p.setArguments(arguments);
    r.startNs = monotonicNs();
    p.start();
    if (!p.waitForStarted(30000))
        return r;
    r.started = true;
    if (!p.waitForFinished(timeoutMs)) {
        r.timedOut = true;
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.wallMs = double(monotonicNs() - r.startNs) / 1e6;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

SandboxProcess::~SandboxProcess()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(10000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

bool SandboxProcess::start(const QString &program, const QStringList &arguments, QString *error,
                           int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(program);
    m_process->setArguments(QStringList { QStringLiteral("--port"), QStringLiteral("0") } + arguments);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->start();
    if (!m_process->waitForStarted(30000)) {
        *error = QStringLiteral("restoredesk-sandbox did not start");
        return false;
    }
    static const QRegularExpression ready(QStringLiteral("issuer=(\\S+) api=(\\S+)"));
    QByteArray seen;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (!m_process->waitForReadyRead(1000) && m_process->state() == QProcess::NotRunning)
            break;
        seen += m_process->readAllStandardOutput();
        const auto m = ready.match(QString::fromUtf8(seen));
        if (m.hasMatch()) {
            m_issuer = m.captured(1);
            m_api = m.captured(2);
            return true;
        }
    }
    *error = QStringLiteral("restoredesk-sandbox did not get ready: %1")
                 .arg(QString::fromLocal8Bit(m_process->readAllStandardError().right(400)).trimmed());
    return false;
}

QProcessEnvironment guiEnvironment(const QString &home, const QString &cacheDir, const QString &platform)
{
    QDir().mkpath(home);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), cacheDir);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/runtime"));
    QDir().mkpath(home + QStringLiteral("/runtime"));
    QFile::setPermissions(home + QStringLiteral("/runtime"),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=/nonexistent/restoredesk-bench-bus"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    env.insert(QStringLiteral("QT_ACCESSIBILITY"), QStringLiteral("0"));
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    return env;
}

} // namespace RestoreDesk::Bench
