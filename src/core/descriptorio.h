#pragma once

#include <QByteArray>

namespace RestoreDesk {

// Reading and writing a descriptor the way a blocking one behaves, whatever its flags.
//
// The non-blocking flag of a descriptor belongs to the open file, which a process shares with its
// parent: a terminal or a pipe that a parent (a Node.js tool, an editor's task runner) left
// non-blocking makes writes fail with EAGAIN whenever the reader is slower than this process, and
// reads fail the same way before the input has come. These wait instead (poll), as a blocking
// descriptor would, and resume after a signal, so output is not lost and input not cut short
// because of a flag this process did not set (and must not change: the parent relies on it).
// Any thread.

// Writes all `size` bytes at `data` to `fd`: 0, or the errno of the write that failed (EPIPE for
// a reader that went away, ENOSPC for a full disk).
int writeFully(int fd, const char *data, qint64 size);

// Reads at most `size` bytes from `fd` into `data`, waiting for the first one: how many were
// read, 0 at the end of the input, or -1 with errno set.
qint64 readWaiting(int fd, char *data, qint64 size);

// One line read from `fd` a byte at a time, so that nothing after it is taken from the
// descriptor: what follows stays there for the next reader.
struct LineRead
{
    enum class End {
        Newline, // '\n' (not kept); on a terminal not in line mode also '\r'
        EndOfInput, // the input ended after `line` (on a terminal: with nothing typed on the line)
        Interrupted, // Ctrl-C or Ctrl-D typed on a terminal not in line mode, or on a terminal the
                     // input's end in the middle of a line (Ctrl-D there, or a hang-up)
        TooLong, // `limit` bytes came without a line end; the rest is left unread
        Error, // a read failed (`error` is its errno)
    };
    QByteArray line;
    End end = End::Error;
    int error = 0;
    // Whether `line` is what was typed or sent as a whole: a line end or the input's end came.
    bool whole() const { return end == End::Newline || end == End::EndOfInput; }
};
LineRead readLineWaiting(int fd, qsizetype limit = 4096);

} // namespace RestoreDesk
