#include "text/errortext.h"

#include <QtGlobal>

namespace RestoreDesk::Text {

const QList<Sentence> &authSentences()
{
    static const QList<Sentence> s = {};
    return s;
}

} // namespace RestoreDesk::Text
