#pragma once

#include <QByteArrayView>
#include <QString>

namespace RestoreDesk::Arm {

// The top-level "nextLink" of a list page's JSON text, found without building the document, so
// the next page can be asked for while this one is still parsed. Only a hint: the listing follows
// the link the parsed page gives. of() makes one pass over the bytes, and a page whose text it
// cannot vouch for (not an object, a key or link written with escapes it does not decode, a
// second nextLink, a link that is neither a string nor null, text cut short) is `Unknown` and
// waits for the parse; atEnds() reads only the text's two ends (see there). Pure functions; any
// thread.
struct NextLinkScan
{
    enum class Outcome {
        Link, // `link` is the page's nextLink
        None, // the page has no nextLink (absent, null or empty): it is the last
        Unknown, // not readable this way; wait for the parsed page
    };

    Outcome outcome = Outcome::Unknown;
    QString link;

    static NextLinkScan of(QByteArrayView json);

    // The same read from the text's two ends only, for a long page (of() steps over every byte):
    // the link when the object names it as its first member (the sandbox's order) or its last
    // (ARM's: value first), reading at most kEndBytes at each end; Unknown when neither end names
    // it (a link in the middle too, or one longer than that), or both do and disagree. On valid
    // JSON that names nextLink once, a Link or None it finds is what of() finds. On other text it may name a
    // link the parsed page does not (the key twice, the text cut after the link): a hint still,
    // never more (the listing asks ahead on it, on its own origin only, and drops that request
    // when the parsed page names another link).
    static constexpr qsizetype kEndBytes = 64 * 1024;
    static NextLinkScan atEnds(QByteArrayView json);
};

} // namespace RestoreDesk::Arm
