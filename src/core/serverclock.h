#pragma once

#include "core/clock.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

namespace RestoreDesk {

// How far a server's clock is from this one, measured from the HTTP Date headers of its answers
// (RFC 9110 §6.6.1) rather than assumed. Each answer is a sample: the Date, less the middle of the
// request's round trip on the local clock. The offset is the median of the latest samples, so one
// wrong Date does not move it; a Date that cannot be read, lies more than a day away, or came with
// a round trip so slow that it says little is not a sample at all. Until kMinSamples are taken
// the clock is unmeasured and callers keep their fixed allowance. Value type; the owner's thread.
class ServerClock
{
public:
    static constexpr int kSamples = 7;
    static constexpr int kMinSamples = 3;
    static constexpr qint64 kMaxOffsetMs = 24 * 3600 * 1000LL; // further off: a bogus Date
    static constexpr qint64 kMaxRoundTripMs = 30000; // slower: the Date says too little

    // The answer's Date header, and when its request was sent and its answer came (local clock).
    // False when it was not taken as a sample.
    bool observe(const QByteArray &dateHeader, const QDateTime &sentAt, const QDateTime &receivedAt);

    // Measured once kMinSamples answers agree enough for a median: one or two Dates could be a
    // single proxy's.
    bool isMeasured() const { return m_samples.size() >= kMinSamples; }
    // Server time less local time (0 while unmeasured).
    qint64 offsetMs() const;
    // How wrong offsetMs() may be: the Date's whole seconds, half the median round trip, and a
    // second for the server's own handling; `unmeasured` while there is no sample.
    qint64 allowanceMs(qint64 unmeasured) const;
    // A local time as the server's clock would have said it.
    QDateTime toServer(const QDateTime &local) const { return local.addMSecs(offsetMs()); }
    int sampleCount() const { return int(m_samples.size()); }

    // An HTTP-date (IMF-fixdate, as Date and Retry-After carry it); invalid when it is not one.
    static QDateTime parseHttpDate(const QByteArray &value);
    static QByteArray httpDate(const QDateTime &utc);

private:
    struct Sample
    {
        qint64 offsetMs;
        qint64 halfRoundTripMs;
    };
    QList<Sample> m_samples; // newest last
    // The latest Date read, and what it said: answers that come together carry the same Date,
    // which is then read once (parseHttpDate is QLocale's date parser, not cheap).
    QByteArray m_lastHeader;
    QDateTime m_lastDate;
};

} // namespace RestoreDesk
