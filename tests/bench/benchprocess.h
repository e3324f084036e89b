#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>

namespace RestoreDesk::Bench {

// Nanoseconds on CLOCK_MONOTONIC (the clock the GUI's first-paint hook prints).
qint64 monotonicNs();

// A finished child process: how it ended, what it printed, and how long it took (wall clock,
// from just before start to its exit).
struct RunResult
{
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 startNs = 0; // monotonicNs() just before the process was started
    double wallMs = 0;

    bool ok() const { return started && !timedOut && exitCode == 0; }
    QString describe(const QString &program) const; // why it failed, for a figure's error
};

// Runs `program` to its end (killed after `timeoutMs`), with `env` (empty: the runner's own).
RunResult runProcess(const QString &program, const QStringList &arguments, int timeoutMs = 120000,
                     const QProcessEnvironment &env = {});

// The restoredesk-sandbox executable, started with `arguments`, ready once it printed its
// issuer and API addresses. Stopped (SIGTERM, then killed) when destroyed.
class SandboxProcess
{
public:
    SandboxProcess() = default;
    ~SandboxProcess();
    SandboxProcess(const SandboxProcess &) = delete;
    SandboxProcess &operator=(const SandboxProcess &) = delete;

    bool start(const QString &program, const QStringList &arguments, QString *error, int timeoutMs = 300000);
    QString issuer() const { return m_issuer; }
    QString api() const { return m_api; }
    // `--issuer URL --api URL`: how a benchmark program is pointed at this sandbox.
    QStringList clientArguments() const
    {
        return { QStringLiteral("--issuer"), m_issuer, QStringLiteral("--api"), m_api };
    }
    // The executable, under the build folder.
    static QString program(const QString &binDir)
    {
        return binDir + QStringLiteral("/app/sandbox/restoredesk-sandbox");
    }

private:
    std::unique_ptr<QProcess> m_process;
    QString m_issuer;
    QString m_api;
};

// An environment for GUI children: a fresh HOME and XDG folders under `home` (no profiles, no
// keychain), a cache folder shared by every run (font caches), the QPA platform, no session bus.
QProcessEnvironment guiEnvironment(const QString &home, const QString &cacheDir, const QString &platform);

} // namespace RestoreDesk::Bench
