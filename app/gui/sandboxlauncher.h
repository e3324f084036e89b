#pragma once

#include "builtinsandbox.h"

#include <memory>

namespace RestoreDesk::Sandbox {
class SandboxHost;
}

namespace RestoreDesk {

// The built-in sandbox for the console: a SandboxHost (its own thread) started the first time
// the Sandbox profile is chosen. GUI thread; owned by main().
class SandboxLauncher final : public BuiltInSandbox
{
    Q_OBJECT

public:
    explicit SandboxLauncher(QObject *parent = nullptr);
    ~SandboxLauncher() override;

    void start() override;
    bool isReady() const override;
    bool isStarting() const override { return m_starting; }
    QString issuer() const override;
    QString apiBase() const override;
    QString apiAudience() const override;
    QList<SandboxPerson> people() const override;

private:
    std::unique_ptr<Sandbox::SandboxHost> m_host;
    bool m_starting = false;
};

} // namespace RestoreDesk
