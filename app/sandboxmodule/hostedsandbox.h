#pragma once

#include "sandboxinstance.h"

#include <memory>

namespace RestoreDesk {

namespace Sandbox {
class SandboxHost;
}

// The module's SandboxInstance: a SandboxHost (the sandbox server on its own thread) with the
// default options, the seeded tenant and a fresh key. Owned by whoever called create() (the
// console's SandboxLauncher); GUI thread.
class HostedSandbox final : public SandboxInstance
{
public:
    HostedSandbox();
    ~HostedSandbox() override;

    void start(std::function<void()> ready, std::function<void(const QString &message)> failed) override;
    bool isReady() const override;
    QString issuer() const override;
    QString apiBase() const override;
    QString apiAudience() const override;
    QList<Sandbox::SandboxPerson> people() const override;

private:
    std::unique_ptr<Sandbox::SandboxHost> m_host;
};

} // namespace RestoreDesk
