#pragma once

#include "sandboxcontract.h"
#include "sandboxinstance.h"

#include <QtPlugin>

#include <memory>

namespace RestoreDesk {

// The entry point of the sandbox module: the Qt plugin instance of restoredesk-sandbox-module
// implements it, and the console finds it with qobject_cast after QPluginLoader has loaded the
// module (only when the Sandbox profile is chosen, so the sandbox's libraries — Qt HTTP Server,
// Qt WebSockets — are not loaded at the console's start). The plugin instance is owned by
// QPluginLoader; any thread may call create(), the instance belongs to the caller's thread.
class SandboxFactory
{
public:
    virtual ~SandboxFactory() = default;

    virtual std::unique_ptr<SandboxInstance> create() = 0;
};

} // namespace RestoreDesk

// The interface id (RestoreDeskSandboxFactory_iid, generated: it ends with a digest of this
// header, sandboxinstance.h and SandboxPerson) is what qobject_cast compares: a module built from
// other contract headers is refused by name before anything of it is called.
Q_DECLARE_INTERFACE(RestoreDesk::SandboxFactory, RestoreDeskSandboxFactory_iid)
