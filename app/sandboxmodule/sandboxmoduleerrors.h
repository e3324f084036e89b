#pragma once

#include <QLatin1String>

namespace RestoreDesk::SandboxModule::Codes {

// Why the built-in sandbox's module could not be used (sentences in ui/text/errortext_sandbox.cpp).
inline constexpr QLatin1String Missing("sandbox_module_missing"); // args: where it was looked for
inline constexpr QLatin1String LoadFailed("sandbox_module_load_failed"); // args: module file
inline constexpr QLatin1String NotAModule("sandbox_module_invalid"); // args: module file
inline constexpr QLatin1String NoInstance("sandbox_module_no_instance"); // args: module file

} // namespace RestoreDesk::SandboxModule::Codes
