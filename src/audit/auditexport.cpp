#include "audit/auditexport.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace RestoreDesk::Audit::Export {

namespace {

QByteArray cell(const QString &value)
{
    QString v = value;
    // A cell starting like a formula is run by spreadsheets (CSV injection): make it text.
    if (!v.isEmpty() && QStringLiteral("=+-@\t\r").contains(v.at(0)))
        v.prepend(QLatin1Char('\''));
    if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) || v.contains(QLatin1Char('\n'))
        || v.contains(QLatin1Char('\r'))) {
        v.replace(QLatin1String("\""), QLatin1String("\"\""));
        v = QLatin1Char('"') + v + QLatin1Char('"');
    }
    return v.toUtf8();
}

QString oneLine(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

QByteArray json(const QList<Record> &records, const Verdict &verdict, const Filter &filter,
                const QString &logPath, const QDateTime &exportedAt)
{
    QJsonArray list;
    for (const Record &r : records)
        list.append(QJsonDocument::fromJson(r.raw).object());
    const QJsonObject o { { QLatin1String("format"), QLatin1String("restoredesk-audit-export/1") },
                          { QLatin1String("exportedAt"), exportedAt.toUTC().toString(Qt::ISODateWithMs) },
                          { QLatin1String("log"), logPath },
                          { QLatin1String("head"),
                            QJsonObject {
                                { QLatin1String("seq"), double(verdict.lastSeq) },
                                { QLatin1String("hash"), QString::fromLatin1(verdict.lastHash) } } },
                          { QLatin1String("verification"), verdict.toJson() },
                          { QLatin1String("filter"), filter.toJson() },
                          { QLatin1String("count"), double(records.size()) },
                          { QLatin1String("records"), list } };
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

QByteArray csv(const QList<Record> &records, const Verdict &verdict, const Filter &filter,
               const QString &logPath, const QDateTime &exportedAt)
{
    QByteArray out;
    // The leading lines are rows too: a label cell, then values escaped like every other cell, so
    // a log path or a search text with a comma, quote or newline cannot add a row.
    out += "# restoredesk audit export,"
        + cell(QStringLiteral("exported at ") + exportedAt.toUTC().toString(Qt::ISODateWithMs)) + ','
        + cell(QStringLiteral("log ") + logPath) + '\n';
    out += "# chain head: seq " + QByteArray::number(verdict.lastSeq) + " hash " + verdict.lastHash + '\n';
    out += "# verification:,"
        + cell(QString::fromUtf8(QJsonDocument(verdict.toJson()).toJson(QJsonDocument::Compact))) + '\n';
    if (!filter.isEmpty())
        out += "# filter:,"
            + cell(QString::fromUtf8(QJsonDocument(filter.toJson()).toJson(QJsonDocument::Compact))) + '\n';
    out += "seq,time,type,outcome,username,subject,objectId,issuer,tenant,target,correlationIds,reason,ref,"
           "params,"
           "app,host,hash\n";
    for (const Record &r : records) {
        const QStringList cells { QString::number(r.seq),
                                  r.time.toUTC().toString(Qt::ISODateWithMs),
                                  r.type,
                                  r.outcome,
                                  r.identity.username,
                                  r.identity.subject,
                                  r.identity.objectId,
                                  r.identity.issuer,
                                  r.identity.tenant,
                                  r.target,
                                  r.correlationIds.join(QLatin1Char(' ')),
                                  r.reason,
                                  r.ref > 0 ? QString::number(r.ref) : QString(),
                                  r.params.isEmpty() ? QString() : oneLine(r.params),
                                  r.app,
                                  r.host,
                                  r.hash };
        QByteArrayList row;
        for (const QString &c : cells)
            row << cell(c);
        out += row.join(',') + '\n';
    }
    return out;
}

} // namespace RestoreDesk::Audit::Export
