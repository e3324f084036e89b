#pragma once

#include "core/descriptorio.h"

#include <QIODevice>

namespace RestoreDesk::Cli {

// Standard output or standard error as a write-only, unbuffered device over writeFully() (which
// waits on a descriptor a parent left non-blocking): each write reaches the descriptor whole
// before it returns, or fails (-1) with the reason in errorString() and failure(). The device
// itself tries every write it is given; failure() keeps the first errno. (Its writers stop after
// a failure on standard output: QTextStream and JsonListWriter; RedactingDevice goes on writing
// standard error.) Any thread that owns it.
class StandardStream final : public QIODevice
{
public:
    explicit StandardStream(int fd);
    bool isSequential() const override { return true; }
    // The errno of the first write that failed, 0 when none did.
    int failure() const { return m_failure; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    int m_fd;
    int m_failure = 0;
};

} // namespace RestoreDesk::Cli
