#include "text/errortext.h"

#include <QtGlobal>

namespace RestoreDesk::Text {

// The built-in sandbox's module, which the console loads when the Sandbox profile is chosen
// (app/sandboxmodule/sandboxmoduleerrors.h).
const QList<Sentence> &sandboxSentences()
{
    static const QList<Sentence> s = {
        { "sandbox_module_missing",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "The built-in sandbox is not installed: its module was not found (looked for %1). "
              "Reinstall Restore Desk, or choose a profile of your own.") },
        { "sandbox_module_load_failed",
          QT_TRANSLATE_NOOP(
              "RestoreDesk::Text",
              "The built-in sandbox's module %1 could not be loaded. Reinstall Restore Desk, or "
              "choose a profile of your own.") },
        { "sandbox_module_invalid",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "%1 is not a built-in sandbox module of this version of Restore Desk. Reinstall "
                            "Restore Desk, or choose a profile of your own.") },
        { "sandbox_module_no_instance",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The built-in sandbox's module %1 loaded but made no sandbox. Reinstall Restore "
                            "Desk, or choose a profile of your own.") },
    };
    return s;
}

} // namespace RestoreDesk::Text
