#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QTextStream>

class QIODevice;

namespace RestoreDesk::Cli {

// Writes a JSON array to a command's output one element at a time, byte for byte what
// QJsonDocument(array).toJson(Indented) gives for the whole array, without building the array or
// its text: a listing of an estate (tens of thousands of rows) never holds more than a chunk.
// When the stream writes to a device, UTF-8 goes to the device as it is (the stream is flushed
// first, so the order of earlier text is kept); a stream over a string gets the text. The array
// is closed by finish() or, failing that, the destructor. Value type of one command; main thread.
class JsonListWriter
{
public:
    explicit JsonListWriter(QTextStream &out);
    ~JsonListWriter();
    JsonListWriter(const JsonListWriter &) = delete;
    JsonListWriter &operator=(const JsonListWriter &) = delete;

    void add(const QJsonObject &row);
    // One element already in element()'s form (e.g. EstateFields::itemElement).
    void addElement(const QByteArray &element);
    // One element written in place: beginElement() gives the buffer to append it to (in
    // element()'s form), endElement() counts it. No copy of the element is made.
    QByteArray &beginElement();
    void endElement();
    // `count` elements at once, already in element()'s form and joined by ",\n" (what
    // joinElement() builds): e.g. a vault's rows, formatted before their turn to be written came.
    void addElements(const QByteArray &joined, qsizetype count);
    // Appends `element` (in element()'s form, made by `append`) to `joined`, a run of elements for
    // addElements().
    template<typename Append>
    static void joinElement(QByteArray &joined, Append &&append)
    {
        if (!joined.isEmpty())
            joined.append(",\n");
        append(joined);
    }
    // Closes the array and writes what is left; later calls do nothing.
    void finish();
    // A write to the device failed (a full disk, a reader that went away): nothing more is
    // written, and a listing can stop instead of reading pages nobody will see.
    bool lost() const { return m_lost; }

    // One element as the indented array shows it: four spaces deeper, no separator.
    static QByteArray element(const QJsonObject &row);

private:
    void flush();
    void write(QIODevice *device, const QByteArray &bytes);

    QTextStream &m_out;
    QByteArray m_chunk;
    QByteArray m_discarded; // what beginElement() gives once finished
    qsizetype m_count = 0;
    bool m_finished = false;
    bool m_lost = false;
};

} // namespace RestoreDesk::Cli
