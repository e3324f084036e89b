#include "audit/verdict.h"

#include <QJsonArray>

namespace RestoreDesk::Audit {

namespace {

QString statusName(Verdict::Status s)
{
    switch (s) {
    case Verdict::Status::Intact:
        return QStringLiteral("intact");
    case Verdict::Status::Broken:
        return QStringLiteral("broken");
    case Verdict::Status::Incomplete:
        return QStringLiteral("incomplete");
    case Verdict::Status::IntactWithIncidents:
        return QStringLiteral("intact-with-incidents");
    }
    return {};
}

QString checkName(Verdict::Check c)
{
    switch (c) {
    case Verdict::Check::Passed:
        return QStringLiteral("passed");
    case Verdict::Check::Failed:
        return QStringLiteral("failed");
    case Verdict::Check::NotRun:
        return QStringLiteral("not-run");
    }
    return {};
}

} // namespace

QList<Verdict::Note> Verdict::incidents() const
{
    QList<Note> out;
    for (const Note &n : notes) {
        if (n.kind != QLatin1String("write-resumed"))
            out << n;
    }
    return out;
}

qint64 Verdict::intactSince() const
{
    const QList<Note> i = incidents();
    return i.isEmpty() ? (records > 0 ? 1 : 0) : i.last().seq;
}

QJsonObject Verdict::toJson() const
{
    QJsonObject o { { QLatin1String("status"), statusName(status) },
                    { QLatin1String("records"), double(records) },
                    { QLatin1String("files"), QJsonArray::fromStringList(files) },
                    { QLatin1String("checks"),
                      QJsonObject { { QLatin1String("chain"), checkName(chain) },
                                    { QLatin1String("anchor"), checkName(anchor) },
                                    { QLatin1String("key"), checkName(key) } } },
                    { QLatin1String("recordsWithMac"), double(recordsWithMac) },
                    { QLatin1String("authenticated"), double(authenticated) },
                    { QLatin1String("beforeKey"), double(beforeKey) },
                    { QLatin1String("head"),
                      QJsonObject { { QLatin1String("seq"), double(lastSeq) },
                                    { QLatin1String("hash"), QString::fromLatin1(lastHash) } } } };
    if (anchorFound)
        o.insert(QLatin1String("anchor"),
                 QJsonObject { { QLatin1String("seq"), double(anchorFound->seq) },
                               { QLatin1String("hash"), QString::fromLatin1(anchorFound->hash) },
                               { QLatin1String("authenticated"), !anchorFound->mac.isEmpty() } });
    if (anchorBehind > 0)
        o.insert(QLatin1String("anchorBehind"), double(anchorBehind));
    if (pendingTornBytes > 0)
        o.insert(QLatin1String("pendingTornBytes"), double(pendingTornBytes));
    if (status == Status::IntactWithIncidents) {
        QJsonArray list;
        for (const Note &note : incidents())
            list.append(QJsonObject { { QLatin1String("seq"), double(note.seq) },
                                      { QLatin1String("kind"), note.kind } });
        o.insert(QLatin1String("intactSince"), double(intactSince()));
        o.insert(QLatin1String("incidents"), list);
    } else if (status != Status::Intact) {
        o.insert(QLatin1String("problem"),
                 QJsonObject { { QLatin1String("code"), problem.code },
                               { QLatin1String("record"), double(badRecord) },
                               { QLatin1String("file"), badFile },
                               { QLatin1String("line"), double(badLine) },
                               { QLatin1String("detail"), problem.detail } });
    }
    QJsonArray n;
    for (const Note &note : notes)
        n.append(QJsonObject { { QLatin1String("seq"), double(note.seq) },
                               { QLatin1String("kind"), note.kind },
                               { QLatin1String("params"), note.params } });
    if (!n.isEmpty())
        o.insert(QLatin1String("notes"), n);
    return o;
}

} // namespace RestoreDesk::Audit
