#pragma once

// Loads the public API examples in tests/data/arm/ for the backup tests.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace RestoreDesk::Test {

inline QString armExamplesDir()
{
    return QStringLiteral(RD_TEST_DATA_DIR "/arm");
}

// The whole example file: {"parameters": ..., "responses": {...}, "operationId": ...}.
inline QJsonObject armExampleFile(const QString &file)
{
    QFile f(armExamplesDir() + QLatin1Char('/') + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// The body of one response of an example ("200" by default).
inline QJsonObject armExample(const QString &file, const QString &status = QStringLiteral("200"))
{
    return armExampleFile(file)
        .value(QStringLiteral("responses"))
        .toObject()
        .value(status)
        .toObject()
        .value(QStringLiteral("body"))
        .toObject();
}

// A header of one response of an example (Azure-AsyncOperation, Location).
inline QString armExampleHeader(const QString &file, const QString &status, const QString &header)
{
    return armExampleFile(file)
        .value(QStringLiteral("responses"))
        .toObject()
        .value(status)
        .toObject()
        .value(QStringLiteral("headers"))
        .toObject()
        .value(header)
        .toString();
}

} // namespace RestoreDesk::Test
