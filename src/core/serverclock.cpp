#include "core/serverclock.h"

#include <QLocale>
#include <QTimeZone>

#include <algorithm>

namespace RestoreDesk {

namespace {

const QString kImfFixdate = QStringLiteral("ddd, dd MMM yyyy HH:mm:ss");

// The lower median: of an even count, the smaller middle value.
qint64 lowerMedian(QList<qint64> values)
{
    std::sort(values.begin(), values.end());
    return values.at((values.size() - 1) / 2);
}

// The upper median: of an even count, the larger middle value.
qint64 upperMedian(QList<qint64> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

} // namespace

QDateTime ServerClock::parseHttpDate(const QByteArray &value)
{
    // IMF-fixdate only ("Sun, 06 Nov 1994 08:49:37 GMT"): what RFC 9110 says a server sends.
    const QString text = QString::fromLatin1(value).trimmed();
    if (!text.endsWith(QLatin1String(" GMT")) || text.size() != 29)
        return {};
    // Read as a date and a time apart, so no local time zone (or its DST gap) takes part.
    const QDate date = QLocale::c().toDate(text.left(16), QStringLiteral("ddd, dd MMM yyyy"));
    const QTime time = QLocale::c().toTime(text.mid(17, 8), QStringLiteral("HH:mm:ss"));
    if (!date.isValid() || !time.isValid() || text.at(16) != QLatin1Char(' '))
        return {};
    return QDateTime(date, time, QTimeZone::utc());
}

QByteArray ServerClock::httpDate(const QDateTime &utc)
{
    return (QLocale::c().toString(utc.toUTC(), kImfFixdate) + QStringLiteral(" GMT")).toLatin1();
}

bool ServerClock::observe(const QByteArray &dateHeader, const QDateTime &sentAt, const QDateTime &receivedAt)
{
    if (dateHeader != m_lastHeader) {
        m_lastHeader = dateHeader;
        m_lastDate = parseHttpDate(dateHeader);
    }
    const QDateTime date = m_lastDate;
    if (!date.isValid() || !sentAt.isValid() || !receivedAt.isValid())
        return false;
    const qint64 roundTrip = sentAt.msecsTo(receivedAt);
    if (roundTrip < 0 || roundTrip > kMaxRoundTripMs)
        return false;
    // The Date has whole seconds, cut down: the server's time lay in [date, date + 1 s).
    const QDateTime middle = sentAt.addMSecs(roundTrip / 2);
    const qint64 offset = middle.msecsTo(date) + 500;
    if (offset > kMaxOffsetMs || offset < -kMaxOffsetMs)
        return false;
    m_samples.append(Sample { offset, roundTrip / 2 });
    while (m_samples.size() > kSamples)
        m_samples.removeFirst();
    return true;
}

qint64 ServerClock::offsetMs() const
{
    if (!isMeasured())
        return 0;
    QList<qint64> offsets;
    for (const Sample &s : m_samples)
        offsets << s.offsetMs;
    // A larger offset puts a request later on the server's clock, which narrows a look back for
    // its job: of two middle values the smaller is the safe one.
    return lowerMedian(offsets);
}

qint64 ServerClock::allowanceMs(qint64 unmeasured) const
{
    if (!isMeasured())
        return unmeasured;
    QList<qint64> halves;
    for (const Sample &s : m_samples)
        halves << s.halfRoundTripMs;
    return 500 + upperMedian(halves) + 1000;
}

} // namespace RestoreDesk
