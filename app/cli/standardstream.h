#pragma once

#include <QIODevice>

namespace RestoreDesk::Cli {

// The non-blocking flag of a descriptor belongs to the open file, which a process shares with its
// parent: a terminal or a pipe that a parent (a Node.js tool, an editor's task runner) left
// non-blocking makes writes fail with EAGAIN whenever the reader is slower than this process, and
// reads fail the same way before the input has come. These wait instead (poll), as a blocking
// descriptor would, and resume after a signal, so output is not lost and input not cut short
// because of a flag this process did not set (and must not change: the parent relies on it).

// Writes all `size` bytes at `data` to `fd`: 0, or the errno of the write that failed (EPIPE for
// a reader that went away, ENOSPC for a full disk).
int writeFully(int fd, const char *data, qint64 size);

// Reads at most `size` bytes from `fd` into `data`, waiting for the first one: how many were
// read, 0 at the end of the input, or -1 with errno set.
qint64 readWaiting(int fd, char *data, qint64 size);

// One line of `fd` (its '\n' not included), read a byte at a time so that nothing after it is
// taken from the descriptor: what follows stays there for the next reader. At most `limit` bytes;
// what came before the end of the input when no '\n' did.
QByteArray readLineWaiting(int fd, qsizetype limit = 4096);

// Standard output or standard error as a write-only, unbuffered device over writeFully(): each
// write reaches the descriptor whole before it returns, or fails (-1) with the reason in
// errorString() and failure(). A later write is tried again (what follows a transient failure is
// not withheld); failure() keeps the first one. Any thread that owns it.
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
