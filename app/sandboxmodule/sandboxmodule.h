#pragma once

#include "sandboxfactory.h"

#include <QObject>

namespace RestoreDesk {

// The plugin instance of restoredesk-sandbox-module: makes HostedSandbox instances. Created and
// owned by QPluginLoader in the console; GUI thread.
class SandboxModule final
    : public QObject
    , public SandboxFactory
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID RestoreDeskSandboxFactory_iid)
    Q_INTERFACES(RestoreDesk::SandboxFactory)

public:
    using QObject::QObject;

    std::unique_ptr<SandboxInstance> create() override;
};

} // namespace RestoreDesk
