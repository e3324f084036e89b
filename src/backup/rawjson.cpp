#include "backup/rawjson.h"

#include <QJsonDocument>

namespace RestoreDesk::Backup {

QJsonObject RawJson::object() const
{
    if (!isText())
        return m_object;
    return QJsonDocument::fromJson(m_text).object();
}

} // namespace RestoreDesk::Backup
