#pragma once

#include "sandbox/sandboxperson.h"

#include <QList>
#include <QString>

#include <functional>

namespace RestoreDesk {

// One built-in sandbox as the sandbox module hands it to the console: the contract between the
// GUI and the module (restoredesk-sandbox-module), so plain virtual calls and callbacks, no
// type of the sandbox library. Made by SandboxFactory::create(), owned by the console's
// SandboxLauncher; lives on the GUI thread (its server runs on a thread of its own).
class SandboxInstance
{
public:
    virtual ~SandboxInstance() = default;

    // Starts the sandbox; later, on the calling thread, exactly one of the two runs.
    virtual void start(std::function<void()> ready, std::function<void(const QString &message)> failed) = 0;
    virtual bool isReady() const = 0;
    virtual QString issuer() const = 0;
    virtual QString apiBase() const = 0;
    virtual QString apiAudience() const = 0;
    virtual QList<Sandbox::SandboxPerson> people() const = 0; // empty until ready
};

} // namespace RestoreDesk
