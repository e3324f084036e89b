#include "tokencommand.h"

#include "core/qtcompat.h"
#include "jose/jwt.h"
#include "text/errortext.h"
#include "tokeninspectcommand.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>

namespace RestoreDesk::Cli {

namespace {

const QStringList kTimeClaims
    = { QStringLiteral("exp"), QStringLiteral("nbf"), QStringLiteral("iat"), QStringLiteral("auth_time") };

QString describeTime(qint64 seconds)
{
    const QDateTime when = Compat::fromSecsSinceEpochUtc(seconds);
    const qint64 delta = QDateTime::currentSecsSinceEpoch() - seconds;
    const qint64 magnitude = delta < 0 ? -delta : delta;
    QString relative;
    if (magnitude < 90)
        relative = QStringLiteral("%1 s").arg(magnitude);
    else if (magnitude < 90 * 60)
        relative = QStringLiteral("%1 min").arg(magnitude / 60);
    else if (magnitude < 48 * 3600)
        relative = QStringLiteral("%1 h").arg(magnitude / 3600);
    else
        relative = QStringLiteral("%1 days").arg(magnitude / 86400);
    return when.toString(Qt::ISODate) + (delta < 0 ? QStringLiteral(" (in ") : QStringLiteral(" ("))
        + relative + (delta < 0 ? QStringLiteral(")") : QStringLiteral(" ago)"));
}

int decode(Context &ctx)
{
    QByteArray token;
    if (ctx.args.isEmpty()) {
        token = qgetenv("RESTOREDESK_ACCESS_TOKEN");
        if (token.isEmpty()) {
            ctx.err
                << "token decode: give a token, '-' for standard input, or set RESTOREDESK_ACCESS_TOKEN\n";
            return Usage;
        }
    } else if (ctx.args.size() == 1 && ctx.args.first() == QLatin1String("-")) {
        // Bounded a little over the largest token (room for blanks around it), so a larger input
        // is refused without being held whole.
        constexpr qint64 kMaxInput = Jose::Jwt::kMaxCompactSize + 1024;
        auto input = readStandardInput(kMaxInput);
        if (!input) {
            ctx.err << "token decode: " << standardInputError(input.error()) << '\n';
            return Failure;
        }
        if (input->size() > kMaxInput) {
            ctx.err << "token decode: standard input holds more than " << kMaxInput
                    << " bytes, more than a token can be\n";
            return Failure;
        }
        token = std::move(input).value();
    } else if (ctx.args.size() == 1) {
        token = ctx.args.first().toUtf8();
    } else {
        ctx.err << "token decode: one token at a time\n";
        return Usage;
    }

    const auto jwt = Jose::Jwt::parse(token);
    if (!jwt) {
        ctx.err << "token decode: " << Text::describe(jwt.error()) << '\n';
        return Failure;
    }
    if (ctx.output == OutputFormat::Json) {
        QJsonObject o;
        o.insert(QStringLiteral("header"), jwt->header);
        o.insert(QStringLiteral("claims"), jwt->claims);
        o.insert(QStringLiteral("verified"), false);
        ctx.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return Ok;
    }
    ctx.out << "NOT VERIFIED: decoded locally; the signature was not checked.\n\nHeader\n";
    for (auto it = jwt->header.begin(); it != jwt->header.end(); ++it)
        ctx.out << "  " << it.key() << ": "
                << QJsonDocument(QJsonArray { it.value() }).toJson(QJsonDocument::Compact).mid(1).chopped(1)
                << '\n';
    ctx.out << "\nClaims\n";
    for (auto it = jwt->claims.begin(); it != jwt->claims.end(); ++it) {
        QString shown = QString::fromUtf8(
            QJsonDocument(QJsonArray { it.value() }).toJson(QJsonDocument::Compact).mid(1).chopped(1));
        if (kTimeClaims.contains(it.key()) && it.value().isDouble())
            shown += QStringLiteral("  = ") + describeTime(static_cast<qint64>(it.value().toDouble()));
        ctx.out << "  " << it.key() << ": " << shown << '\n';
    }
    return Ok;
}

} // namespace

int runTokenCommand(Context &ctx, const GlobalOptions &options)
{
    const QString verb = ctx.args.isEmpty() ? QString() : ctx.args.first();
    if (verb != QLatin1String("decode") && verb != QLatin1String("inspect")) {
        ctx.err << "usage: restoredesk-cli token decode [TOKEN|-]\n"
                   "       restoredesk-cli token inspect [TOKEN|-] [--verify [--jwks FILE]]\n";
        return Usage;
    }
    ctx.args.removeFirst();
    return verb == QLatin1String("inspect") ? runTokenInspect(ctx, options) : decode(ctx);
}

} // namespace RestoreDesk::Cli
