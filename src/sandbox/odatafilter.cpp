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
        // '2016-01-01 01:05:06 PM' (ARM job filters, as az writes them: a 12-hour clock with
        // AM/PM); a time without the suffix is read on the 24-hour clock.
        QString s = text.trimmed();
        static const QRegularExpression suffix(QStringLiteral("\\s*([AP])M$"),
                                               QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch m = suffix.match(s);
        if (m.hasMatch()) {
            const bool pm = m.captured(1).compare(QLatin1String("P"), Qt::CaseInsensitive) == 0;
            s.truncate(m.capturedStart());
            t = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            const QTime clock = t.time();
            if (t.isValid() && clock.hour() <= 12) // 12 AM is midnight, 12 PM noon
                t = QDateTime(t.date(),
                              QTime(clock.hour() % 12 + (pm ? 12 : 0), clock.minute(), clock.second()));
            else
                t = QDateTime();
        } else {
            t = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        }
        if (!t.isValid())
            t = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd"));
        t.setTimeZone(QTimeZone::utc());
    }
    return t;
}

} // namespace RestoreDesk::Sandbox
