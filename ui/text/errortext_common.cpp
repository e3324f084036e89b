#include "text/errortext.h"

#include <QtGlobal>

namespace RestoreDesk::Text {

const QList<Sentence> &commonSentences()
{
    static const QList<Sentence> s = {
        { "cancelled", QT_TRANSLATE_NOOP("RestoreDesk::Text", "Cancelled.") },
        { "timeout", QT_TRANSLATE_NOOP("RestoreDesk::Text", "No answer came in time from %1.") },
        { "network_error", QT_TRANSLATE_NOOP("RestoreDesk::Text", "Could not reach %1.") },
        { "connection_refused",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "Could not connect to %1; nothing was sent.") },
        { "invalid_json", QT_TRANSLATE_NOOP("RestoreDesk::Text", "%1 is not valid JSON.") },
        { "usage", QT_TRANSLATE_NOOP("RestoreDesk::Text", "The command line is incomplete.") },
        { "unterminated_quote",
          QT_TRANSLATE_NOOP("RestoreDesk::Text", "The command has an unterminated quote.") },
    };
    return s;
}

} // namespace RestoreDesk::Text
