#include "clicontext.h"

#include "auth/autherrors.h"
#include "backup/backupservice.h"
#include "redactingdevice.h"
#include "standardstream.h"

#include <QFileDevice>

#include <cerrno>
#include <cstring>

#include <unistd.h>

namespace RestoreDesk::Cli {

int authExitCode(const Error &e)
{
    if (e.code == QLatin1String("usage") || e.code == Auth::Codes::InvalidProfile
        || e.code == Auth::Codes::NoSuchProfile)
        return Usage;
    // What went wrong here (no randomness, no libcrypto to check a signature with, a refresh lock
    // held) is no verdict of the issuer's or on its tokens: not "authentication failed".
    if (e.kind == Error::Kind::Invalid || e.kind == Error::Kind::Io || e.kind == Error::Kind::Keychain
        || e.kind == Error::Kind::Network || e.kind == Error::Kind::Timeout
        || e.kind == Error::Kind::Internal)
        return Failure;
    return AuthFailed;
}

int apiExitCode(const Error &e)
{
    if (Backup::BackupService::isNoAccess(e))
        return PermissionDenied;
    if (e.httpStatus == 401 || e.kind == Error::Kind::Auth)
        return AuthFailed;
    if (e.code == QLatin1String("usage"))
        return Usage;
    return Failure;
}

Error unreadableInput(int errnum)
{
    return Error::make(Error::Kind::Io, QStringLiteral("stdin_unreadable"),
                       QString::fromLocal8Bit(std::strerror(errnum)));
}

Result<QByteArray> readStandardInput(qint64 limit)
{
    QByteArray data;
    char chunk[64 * 1024];
    while (limit < 0 || data.size() <= limit) {
        const qint64 want
            = limit < 0 ? qint64(sizeof chunk) : qMin<qint64>(sizeof chunk, limit + 1 - data.size());
        const qint64 n = readWaiting(STDIN_FILENO, chunk, want);
        if (n < 0)
            return unreadableInput(errno);
        if (n == 0)
            break;
        data.append(chunk, n);
    }
    return data;
}

QString standardInputError(const Error &e)
{
    return QStringLiteral("could not read standard input: ") + e.detail;
}

QString oneLine(QString text)
{
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return text;
}

namespace {
bool g_standardErrorClosed = false; // set once at start, before any command runs
} // namespace

ClosedOutput::ClosedOutput()
{
    QIODevice::open(QIODevice::WriteOnly);
    setErrorString(QStringLiteral("standard output is closed"));
}

qint64 ClosedOutput::writeData(const char *, qint64 size)
{
    m_offered = m_offered || size > 0;
    return -1;
}

void showNow(QTextStream &err)
{
    err.flush();
    if (auto *device = dynamic_cast<RedactingDevice *>(err.device()))
        device->emitPending();
}

void standardErrorWasClosed()
{
    g_standardErrorClosed = true;
}

bool askToConfirm(Context &ctx, const QString &question)
{
    if (!unwrittenOutput(ctx.out).isEmpty()) { // why: said once, at exit (checkedExit)
        ctx.err << "restoredesk-cli: the preview could not be written, so nothing is asked\n" << Qt::flush;
        return false;
    }
    if (g_standardErrorClosed)
        return false; // the question would go nowhere; standard error has nowhere to say so either
    ctx.err << question << " [y/N] ";
    showNow(ctx.err); // on the terminal now, not when a line ends: the answer is awaited on this line
    // What was said there before (the preview in JSON mode) or the question itself did not reach
    // standard error (a full disk): an answer would be to something unseen.
    if (const auto *device = dynamic_cast<const RedactingDevice *>(ctx.err.device());
        device && device->writeFailed())
        return false;
    // Only an answer read whole is taken: not one cut off by a failed read, by Ctrl-C on a terminal
    // that hands over keys as typed, or by a line too long to be a yes.
    const LineRead read = readLineWaiting(STDIN_FILENO);
    if (read.end == LineRead::End::Error)
        ctx.err << "restoredesk-cli: " << standardInputError(unreadableInput(read.error)) << '\n';
    if (!read.whole())
        return false;
    const QString answer = QString::fromLocal8Bit(read.line).trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

QString unwrittenOutput(QTextStream &out, int *error)
{
    if (error)
        *error = 0;
    out.flush();
    if (const auto *closed = dynamic_cast<const ClosedOutput *>(out.device()))
        return closed->offered() ? closed->errorString() : QString();
    if (const auto *stream = dynamic_cast<const StandardStream *>(out.device());
        stream && stream->failure() != 0) {
        if (error)
            *error = stream->failure();
        return QString::fromLocal8Bit(std::strerror(stream->failure()));
    }
    if (out.status() == QTextStream::Ok)
        return {};
    // Not standard output itself: a device a test gave the stream.
    if (auto *file = qobject_cast<QFileDevice *>(out.device()); file && file->error() != QFileDevice::NoError)
        return file->errorString();
    return QStringLiteral("an earlier write failed");
}

} // namespace RestoreDesk::Cli
