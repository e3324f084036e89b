#include "text/errortext.h"

#include <QtGlobal>

namespace RestoreDesk::Text {

// Sentences for RestoreDesk::Backup::Codes (src/backup/backuperrors.h).
const QList<Sentence> &backupSentences()
{
    static const QList<Sentence> s = {
        { "backup_missing_field",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Part of the service's answer could not be read: \"%1\" is missing in %2.") },
        { "backup_wrong_type",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Part of the service's answer could not be read: \"%1\" in %2 should be a %3.") },
        { "backup_invalid_value",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "Part of the service's answer could not be read: \"%1\" in %2 has the value "
                            "\"%3\", which cannot be right.") },
        { "backup_invalid_id",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "\"%1\" is not a resource id of the kind expected here (%2).") },
        { "backup_outside_scope",
          QT_TRANSLATE_NOOP("RestoreDesk::Text",
                            "The listing of %2 returned \"%1\", which lies outside it.") },
    };
    return s;
}

} // namespace RestoreDesk::Text
