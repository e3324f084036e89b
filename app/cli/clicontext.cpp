#include "clicontext.h"

#include <QFile>

namespace RestoreDesk::Cli {

QByteArray readStandardInput(qint64 limit)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    if (limit < 0)
        return in.readAll();
    QByteArray data;
    while (data.size() <= limit) {
        const QByteArray chunk = in.read(qMin<qint64>(64 * 1024, limit + 1 - data.size()));
        if (chunk.isEmpty())
            break;
        data += chunk;
    }
    return data;
}

} // namespace RestoreDesk::Cli
