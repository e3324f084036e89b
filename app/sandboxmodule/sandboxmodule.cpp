#include "sandboxmodule.h"

#include "hostedsandbox.h"

namespace RestoreDesk {

std::unique_ptr<SandboxInstance> SandboxModule::create()
{
    return std::make_unique<HostedSandbox>();
}

} // namespace RestoreDesk
