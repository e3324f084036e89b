#pragma once

#include "standardstream.h"

#include <QIODevice>

namespace RestoreDesk::Cli {

// A write-only device over a standard stream that passes every line through redactSecrets()
// before it reaches the terminal (through a StandardStream: a non-blocking descriptor waits), so
// a token never appears on standard error even when a message carries one. Lines are redacted
// whole (a token split across writes is still caught); the rest is flushed on close. Main thread.
class RedactingDevice final : public QIODevice
{
public:
    explicit RedactingDevice(int fd);
    ~RedactingDevice() override;

    void close() override;
    // Writes what is pending without waiting for its line's end (a question the program then
    // waits on: "… [y/N] "), redacted the same way.
    void emitPending() { emitLines(true); }
    // Whether a write to the stream failed or was cut short (a full disk, a closed pipe): what was
    // said there, a preview or a question, may not have been seen.
    bool writeFailed() const { return m_writeFailed; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    void emitLines(bool all);

    StandardStream m_out;
    QByteArray m_pending;
    bool m_writeFailed = false;
};

} // namespace RestoreDesk::Cli
