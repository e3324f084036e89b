#include "clicontext.h"

#include <QFile>

namespace RestoreDesk::Cli {

QByteArray readStandardInput()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return in.readAll();
}

} // namespace RestoreDesk::Cli
