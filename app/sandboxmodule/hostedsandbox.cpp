#include "hostedsandbox.h"

#include "sandbox/sandboxhost.h"
#include "sandbox/sandboxserver.h"

namespace RestoreDesk {

HostedSandbox::HostedSandbox() = default;

HostedSandbox::~HostedSandbox() = default;

void HostedSandbox::start(std::function<void()> ready, std::function<void(const QString &message)> failed)
{
    if (m_host)
        return;
    m_host = std::make_unique<Sandbox::SandboxHost>();
    // The host is the connections' context: once it is gone, neither callback can run.
    QObject::connect(m_host.get(), &Sandbox::SandboxHost::ready, m_host.get(),
                     [onReady = std::move(ready)] { onReady(); });
    QObject::connect(m_host.get(), &Sandbox::SandboxHost::failed, m_host.get(),
                     [onFailed = std::move(failed)](const QString &message) { onFailed(message); });
    m_host->start(Sandbox::SandboxOptions());
}

bool HostedSandbox::isReady() const
{
    return m_host && m_host->isReady();
}

QString HostedSandbox::issuer() const
{
    return m_host ? m_host->issuer() : QString();
}

QString HostedSandbox::apiBase() const
{
    return m_host ? m_host->apiBase() : QString();
}

QString HostedSandbox::apiAudience() const
{
    return Sandbox::SandboxServer::apiAudience();
}

QList<Sandbox::SandboxPerson> HostedSandbox::people() const
{
    return m_host ? m_host->people() : QList<Sandbox::SandboxPerson>();
}

} // namespace RestoreDesk
