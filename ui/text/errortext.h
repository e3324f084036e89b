#pragma once

#include "core/error.h"

#include <QList>

namespace RestoreDesk::Text {

// The sentences an operator reads for an Error, in one catalogue: src/ raises errors as codes
// with arguments, and only this (the presentation's wording, QtCore only, so the GUI and the CLI
// say the same thing) turns them into words, through QCoreApplication::translate. Pure
// functions, any thread.

// "What happened, what to do" for `e`, then the technical detail and the service's ids when any.
QString describe(const Error &e);
// describe() with any secret a peer may have echoed into the detail removed (redactSecrets, the
// same redaction as the logs and CLI standard error): what every screen shows.
QString describeRedacted(const Error &e);
// describeRedacted() for a line that names what it is about once: when the catalogue's sentence
// takes the error's arguments (the id, member or value is in it), the detail, which says the same
// in the raising code's words, is left out; the service's ids stay. Otherwise describeRedacted().
QString describeOnce(const Error &e);
// Only the sentence (no detail, no ids): for titles and short labels.
QString headline(const Error &e);
// Whether the catalogue has a sentence for `code` (tests prove every code a layer raises has one).
bool hasSentence(const QString &code);
// "HTTP 403 · correlation id … · request id …", or empty.
QString diagnostics(const Error &e);

// One entry of the catalogue: a code and its sentence, with %1… for the error's args.
struct Sentence
{
    const char *code;
    const char *text; // source text; translated in context "RestoreDesk::Text"
};

// Each area keeps its sentences in its own file (errortext_<area>.cpp).
const QList<Sentence> &commonSentences();
const QList<Sentence> &authSentences();
const QList<Sentence> &armSentences();
const QList<Sentence> &auditSentences();
const QList<Sentence> &accessSentences();
const QList<Sentence> &backupSentences();
const QList<Sentence> &restoreSentences();
const QList<Sentence> &sandboxSentences();

} // namespace RestoreDesk::Text
