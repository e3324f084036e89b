#include "sandbox/odatafilter.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

namespace RestoreDesk::Sandbox {

Result<QList<FilterClause>> parseFilter(const QString &filter)
{
    QList<FilterClause> out;
    if (filter.trimmed().isEmpty())
        return out;
    static const QRegularExpression andSplit(QStringLiteral("\\s+and\\s+"),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression clause(
        QStringLiteral(
            "^\\s*([A-Za-z_][A-Za-z0-9_./]*)\\s+(eq|ne|ge|le|gt|lt)\\s+(?:'((?:[^']|'')*)'|([^\\s']+))\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression function(
        QStringLiteral("^\\s*(atScope|assignedTo)\\(\\s*(?:'([^']*)')?\\s*\\)\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QStringList parts = filter.split(andSplit);
    for (const QString &part : parts) {
        const QRegularExpressionMatch f = function.match(part);
        if (f.hasMatch()) {
            out << FilterClause { f.captured(1), QStringLiteral("call"), f.captured(2) };
            continue;
        }
        const QRegularExpressionMatch m = clause.match(part);
        if (!m.hasMatch())
            return Error::make(Error::Kind::Invalid, QStringLiteral("InvalidFilter"),
                               QStringLiteral("The $filter clause '%1' is not of the form name eq 'value'.")
                                   .arg(part.trimmed()));
        QString value = m.captured(3).isNull() ? m.captured(4) : m.captured(3);
        value.replace(QStringLiteral("''"), QStringLiteral("'"));
        out << FilterClause { m.captured(1), m.captured(2).toLower(), value };
    }
    return out;
}

QDateTime parseFilterTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid()) {
        // '2016-01-01 00:00:00 AM' (ARM job filters; the AM/PM suffix is decoration)
        QString s = text;
        s.remove(QRegularExpression(QStringLiteral("\\s*[AP]M$"), QRegularExpression::CaseInsensitiveOption));
        t = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (!t.isValid())
            t = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd"));
        t.setTimeZone(QTimeZone::utc());
    }
    return t;
}

} // namespace RestoreDesk::Sandbox
