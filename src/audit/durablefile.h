#pragma once

#include "core/result.h"

#include <QString>

namespace RestoreDesk::Audit {

// The few POSIX file operations the log needs to be durable: fsync of a file and of a folder (so
// a created or renamed name survives a crash), and replacing a small file atomically. Errors are
// values carrying errno's text. Any thread.
namespace DurableFile {

Result<void> syncDirectory(const QString &directory);
// Writes `data` to a temporary file next to `path`, fsyncs it, renames it over `path` and fsyncs
// the folder: readers see the old or the new content, never a mix.
Result<void> replace(const QString &path, const QByteArray &data, QLatin1String errorCode);
// Creates `path` (it must not exist) with `data`, fsynced, and fsyncs the folder.
Result<void> create(const QString &path, const QByteArray &data, QLatin1String errorCode);
// Reads at most `maxBytes` from the end of `path`; `offset` gets where the bytes start.
Result<QByteArray> readTail(const QString &path, qint64 maxBytes, qint64 *offset, qint64 *fileSize);
QString errnoText(int error);

} // namespace DurableFile

} // namespace RestoreDesk::Audit
