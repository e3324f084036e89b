#pragma once

#include "builtinsandbox.h"

#include <memory>

class QWidget;

namespace RestoreDesk::Sandbox {
class SandboxHost;
}

namespace RestoreDesk {

// The built-in sandbox for the console: a SandboxHost (its own thread) started the first time
// the Sandbox profile is chosen — once the window has been painted, when holdUntilPainted() was
// called (start() then only says it is starting). GUI thread; owned by main().
class SandboxLauncher final : public BuiltInSandbox
{
    Q_OBJECT

public:
    explicit SandboxLauncher(QObject *parent = nullptr);
    ~SandboxLauncher() override;

    // start() waits until `window` has been painted once: the sandbox's start (tenant, a fresh
    // RSA key) does not delay the first page the operator sees.
    void holdUntilPainted(QWidget *window);
    void start() override;
    bool isReady() const override;
    bool isStarting() const override { return m_starting; }
    QString issuer() const override;
    QString apiBase() const override;
    QString apiAudience() const override;
    QList<SandboxPerson> people() const override;

private:
    void launch();

    std::unique_ptr<Sandbox::SandboxHost> m_host;
    bool m_starting = false;
    bool m_held = false;
};

} // namespace RestoreDesk
