#pragma once

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

// The version is part of the interface id: a module of another contract is refused by name.
#define RestoreDeskSandboxFactory_iid "org.restoredesk.SandboxFactory/1"
Q_DECLARE_INTERFACE(RestoreDesk::SandboxFactory, RestoreDeskSandboxFactory_iid)
