#include "sandboxlauncher.h"

#include "firstpaint.h"

#include "sandbox/sandboxhost.h"
#include "sandbox/sandboxserver.h"

#include <QPointer>

namespace RestoreDesk {

SandboxLauncher::SandboxLauncher(QObject *parent)
    : BuiltInSandbox(parent)
{ }

SandboxLauncher::~SandboxLauncher() = default;

void SandboxLauncher::holdUntilPainted(QWidget *window)
{
    m_held = true;
    FirstPaint::whenPainted(window, [self = QPointer<SandboxLauncher>(this)] {
        if (!self)
            return;
        self->m_held = false;
        if (self->m_starting && !self->m_host)
            self->launch();
    });
}

void SandboxLauncher::start()
{
    if (m_host || m_starting)
        return;
    m_starting = true;
    if (!m_held)
        launch();
}

void SandboxLauncher::launch()
{
    m_host = std::make_unique<Sandbox::SandboxHost>();
    connect(m_host.get(), &Sandbox::SandboxHost::ready, this, [this] {
        m_starting = false;
        Q_EMIT ready();
    });
    connect(m_host.get(), &Sandbox::SandboxHost::failed, this, [this](const QString &message) {
        m_starting = false;
        Q_EMIT failed(message);
    });
    m_host->start(Sandbox::SandboxOptions());
}

bool SandboxLauncher::isReady() const
{
    return m_host && m_host->isReady();
}

QString SandboxLauncher::issuer() const
{
    return m_host ? m_host->issuer() : QString();
}

QString SandboxLauncher::apiBase() const
{
    return m_host ? m_host->apiBase() : QString();
}

QString SandboxLauncher::apiAudience() const
{
    return Sandbox::SandboxServer::apiAudience();
}

QList<SandboxPerson> SandboxLauncher::people() const
{
    // The tenant's people, as the sandbox's own data says (not strings of the console).
    QList<SandboxPerson> out;
    if (!m_host)
        return out;
    for (const Sandbox::SandboxPerson &p : m_host->people())
        out << SandboxPerson { p.username, p.name, p.roles };
    return out;
}

} // namespace RestoreDesk
